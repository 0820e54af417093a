import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../services/config/app-config';
import { TwilioService } from '../../services/twilio/twilio.service';

/**
 * Accepts a webhook only when X-Twilio-Signature matches the URL Twilio called. That URL is
 * rebuilt from PUBLIC_BASE_URL plus the path and query as received, never from Host or
 * X-Forwarded-* headers, which a caller controls and proxies rewrite.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger(TwilioSignatureGuard.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly twilio: TwilioService,
  ) {}

  public canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.header('x-twilio-signature');
    if (!signature) {
      throw new ForbiddenException('Missing X-Twilio-Signature: only Twilio may call this URL');
    }
    const url = `${this.config.publicBaseUrl}${request.originalUrl}`;
    const params = request.method === 'POST' && isPlainObject(request.body) ? request.body : {};
    if (!this.twilio.isValidSignature(signature, url, params)) {
      this.logger.warn(`Rejected a webhook with a bad signature from ${request.ip} for ${url}`);
      throw new ForbiddenException('Invalid X-Twilio-Signature for this URL');
    }
    return true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
