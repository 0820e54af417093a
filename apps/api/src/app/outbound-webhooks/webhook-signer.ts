import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` and the
 * base64 of its key bytes; a message is signed as `<webhook-id>.<webhook-timestamp>.<body>`
 * with HMAC-SHA256 over those key bytes, and the signature header is `v1,<base64 digest>`.
 * Written here on node:crypto; the tests check it against the `standardwebhooks` library.
 */
export const SECRET_PREFIX = 'whsec_';
/** 32 key bytes: inside the 24–64 the specification asks for, and SHA-256's own block of output. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** A new message id (the webhook-id header), the same on every attempt of one delivery. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three Standard Webhooks headers for one attempt of one message. */
export function signWebhook(secret: string, messageId: string, timestamp: Date, body: string): SignedHeaders {
  const seconds = Math.floor(timestamp.getTime() / 1000).toString();
  const signature = createHmac('sha256', secretKey(secret)).update(`${messageId}.${seconds}.${body}`, 'utf8').digest('base64');
  return { 'webhook-id': messageId, 'webhook-timestamp': seconds, 'webhook-signature': `v1,${signature}` };
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error(`A webhook secret must start with ${SECRET_PREFIX}`);
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}
