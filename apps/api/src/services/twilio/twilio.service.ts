import { Injectable, Logger } from '@nestjs/common';
import twilio, { Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { AppConfig } from '../config/app-config';

const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/**
 * Sends every request to the configured origin. twilio-node hard-codes api.twilio.com per
 * domain and has no base-URL option; a RequestClient subclass is its documented extension
 * point. Region/edge must stay unset: they would rewrite a host like 127.0.0.1.
 */
class RebasingRequestClient extends twilio.RequestClient {
  public constructor(private readonly origin: string) {
    super({ timeout: 15000 });
  }

  public override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_API_ORIGIN) ? `${this.origin}${opts.uri.slice(TWILIO_API_ORIGIN.length)}` : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

/** The official twilio client, pointed at Twilio or at the bundled emulator. */
@Injectable()
export class TwilioService {
  private readonly logger = new Logger(TwilioService.name);
  public readonly client: Twilio;

  public constructor(private readonly config: AppConfig) {
    const { accountSid, authToken, apiBaseUrl } = config.twilio;
    const rebased = apiBaseUrl !== TWILIO_API_ORIGIN;
    this.client = twilio(accountSid, authToken, rebased ? { httpClient: new RebasingRequestClient(apiBaseUrl) } : {});
    if (rebased) {
      this.logger.log(`Twilio REST requests go to ${apiBaseUrl}`);
    }
  }

  /**
   * Where Twilio must send status callbacks: the public URL, never the Host header. The call
   * record's id rides along so callbacks find the call even if our create request never
   * learnt its CallSid.
   */
  public webhookUrl(kind: 'call-status' | 'recording-status', callRecordId: string): string {
    return `${this.config.publicBaseUrl}/api/webhooks/twilio/${kind}?callRecordId=${callRecordId}`;
  }

  /** Checks X-Twilio-Signature against our auth token with twilio-node's own validator. */
  public isValidSignature(signature: string, url: string, params: Record<string, unknown>): boolean {
    return twilio.validateRequest(this.config.twilio.authToken, signature, url, params);
  }

  /** Media URL of a recording (`.wav` or `.mp3`), on Twilio or the emulator. */
  public mediaUrl(recordingSid: string, extension: 'wav' | 'mp3'): string {
    return `${this.config.twilio.apiBaseUrl}/2010-04-01/Accounts/${this.config.twilio.accountSid}/Recordings/${recordingSid}.${extension}`;
  }

  public basicAuthHeader(): string {
    const { accountSid, authToken } = this.config.twilio;
    return `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  }
}
