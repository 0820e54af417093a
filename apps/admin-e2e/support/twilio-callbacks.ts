import { createHmac } from 'node:crypto';
import { BASE_URL, EMULATOR_AUTH_TOKEN } from './stack-config';

/**
 * Posts a status callback to the API as Twilio would, signed (X-Twilio-Signature, as Twilio
 * documents it) with the emulator's auth token over PUBLIC_BASE_URL + path.
 */
export async function postTwilioCallback(kind: 'call-status' | 'recording-status', params: Record<string, string>): Promise<void> {
  const url = `${BASE_URL}/api/webhooks/twilio/${kind}`;
  const signed = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': createHmac('sha1', EMULATOR_AUTH_TOKEN).update(signed, 'utf8').digest('base64'),
    },
    body: new URLSearchParams(params).toString(),
  });
  if (response.status !== 204) {
    throw new Error(`The API refused the ${kind} callback: ${response.status} ${await response.text()}`);
  }
}
