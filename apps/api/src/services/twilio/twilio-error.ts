import { BadGatewayException, BadRequestException, ConflictException, HttpException } from '@nestjs/common';

interface RestExceptionLike {
  status?: number;
  code?: number;
  message?: string;
}

/**
 * Turns a failed Twilio REST call into an answer our client can act on: Twilio's own
 * message for what the caller got wrong (4xx), 502 when Twilio or the way to it failed.
 */
export function toHttpError(error: unknown, action: string): HttpException {
  const rest = error as RestExceptionLike;
  const detail = rest.code ? `${rest.message} (Twilio error ${rest.code})` : (rest.message ?? String(error));
  if (typeof rest.status === 'number') {
    if (rest.status === 401 || rest.status === 403) {
      return new BadGatewayException(`Twilio rejected our credentials while trying to ${action}: ${detail}`);
    }
    if (rest.code === 21220) {
      return new ConflictException(`Twilio could not ${action}: ${detail}`);
    }
    if (rest.status >= 400 && rest.status < 500) {
      return new BadRequestException(`Twilio refused to ${action}: ${detail}`);
    }
    return new BadGatewayException(`Twilio failed to ${action}: ${detail}`);
  }
  return new BadGatewayException(`Could not reach Twilio to ${action}: ${detail}`);
}
