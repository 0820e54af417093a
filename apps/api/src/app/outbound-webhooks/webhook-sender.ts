import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { errorMessage } from '../../common/errors/error-message';
import { checkDestination, guardedLookup, parseWebhookUrl, urlHost } from './webhook-destination';

/** How much of a receiver's answer is kept on the attempt, for diagnosis. */
export const RESPONSE_BODY_LIMIT = 1024;

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

export interface SendResult {
  /** The receiver's status, or null when no answer came (refused, unreachable, timed out). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string | null;
}

/**
 * One POST to a receiver. Never throws: every outcome is a result for the attempt log. No
 * redirect is followed (a 3xx is an answer like any other non-2xx, so a receiver cannot send
 * the signed body on to an address we would refuse), and the whole exchange, answer
 * included, must finish within `timeoutMs`.
 */
export async function sendWebhook(req: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = parseWebhookUrl(req.url);
    // Covers IP-literal hosts, which never reach the guarded lookup; names are checked there.
    if (isIP(urlHost(url))) await checkDestination(url, req.allowPrivate);
    const answer = await post(url, req);
    const ok = answer.statusCode >= 200 && answer.statusCode < 300;
    return {
      statusCode: answer.statusCode,
      error: ok ? null : `The receiver answered ${answer.statusCode}`,
      durationMs: elapsed(),
      responseBody: answer.body,
    };
  } catch (error) {
    return { statusCode: null, error: errorMessage(error).slice(0, 1000), durationMs: elapsed(), responseBody: null };
  }
}

function post(url: URL, req: SendRequest): Promise<{ statusCode: number; body: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(req.body, 'utf8');
  return new Promise((resolve, reject) => {
    const outgoing = send(url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': String(body.length) },
      lookup: guardedLookup(req.allowPrivate),
      // A fresh connection per attempt: a pooled socket would skip the lookup and its check.
      agent: false,
    });
    const timer = setTimeout(
      () => outgoing.destroy(new Error(`No answer within ${req.timeoutMs} ms (WEBHOOK_DELIVERY_TIMEOUT_MS)`)),
      req.timeoutMs,
    );
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.on('response', (response) => {
      readHead(response)
        .then((text) => resolve({ statusCode: response.statusCode ?? 0, body: text }))
        .catch(reject)
        .finally(() => clearTimeout(timer));
    });
    outgoing.end(body);
  });
}

/** The first RESPONSE_BODY_LIMIT bytes of an answer; the rest is not waited for. */
function readHead(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'));
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_BODY_LIMIT) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', reject);
  });
}
