import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';

/** Strips secrets that may ride in a URL (media tokens, event tickets) before it is logged. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:token|ticket)=)[^&]*/gi, '$1[redacted]');
}

export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // Health probes every few seconds would drown everything else.
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-twilio-signature"]'],
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.remoteAddress,
        }),
        // The status is what an operator reads; a dozen security headers on every line are noise.
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      transport:
        config.nodeEnv === 'development' && process.stdout.isTTY
          ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } }
          : undefined,
    },
  };
}
