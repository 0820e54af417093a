import { createHmac } from 'node:crypto';

/**
 * X-Twilio-Signature as Twilio documents it: base64(HMAC-SHA1(authToken, url + every
 * key+value, keys sorted)). Same algorithm as apps/api/test/twilio-signer.ts.
 */
export function signTwilio(authToken, url, params) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}
