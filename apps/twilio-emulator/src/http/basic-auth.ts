import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { twilioErrorBody } from '../errors';

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** HTTP Basic with AccountSid:AuthToken, answering Twilio's 20003 body when it is missing or wrong. */
export function basicAuth(accountSid: string, authToken: string): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (match) {
      const decoded = Buffer.from(match[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0 && safeEqual(decoded.slice(0, colon), accountSid) && safeEqual(decoded.slice(colon + 1), authToken)) {
        next();
        return;
      }
    }
    res
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="Twilio API"')
      .json(twilioErrorBody(401, 20003, 'Authenticate'));
  };
}
