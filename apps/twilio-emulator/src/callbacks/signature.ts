import { createHmac } from 'node:crypto';

export type SignedParams = Record<string, string | readonly string[]>;

/**
 * Twilio's X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + Σ key+value)), keys sorted by
 * UTF-16 code unit (plain `Array.prototype.sort`), values decoded (not URL-encoded). An array value
 * contributes each distinct value in sorted order, which is how twilio-node validates it.
 * For GET callbacks the params live in the URL, so pass `{}`.
 */
export function computeTwilioSignature(authToken: string, url: string, params: SignedParams): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (typeof value === 'string') {
      data += key + value;
    } else {
      for (const v of Array.from(new Set(value)).sort()) data += key + v;
    }
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}
