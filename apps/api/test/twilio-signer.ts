import { createHmac } from 'node:crypto';

/**
 * Computes X-Twilio-Signature the way Twilio documents it, independently of both the
 * emulator's and twilio-node's code, so tests can forge valid and invalid deliveries.
 */
export function signTwilio(authToken: string, url: string, params: Record<string, string | string[]>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => {
      const value = params[key];
      const values = Array.isArray(value) ? Array.from(new Set(value)).sort() : [value];
      return acc + values.map((v) => key + v).join('');
    }, url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export async function postSignedForm(
  baseUrl: string,
  publicBaseUrl: string,
  path: string,
  params: Record<string, string>,
  authToken: string,
): Promise<number> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilio(authToken, `${publicBaseUrl}${path}`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return response.status;
}
