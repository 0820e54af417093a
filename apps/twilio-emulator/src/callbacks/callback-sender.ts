import http from 'node:http';
import https from 'node:https';
import { computeTwilioSignature } from './signature';
import type { DeliveryLogEntry, EmulatorState, HttpMethod } from '../store/state';

export interface CallbackJob {
  kind: 'call' | 'recording';
  event: string;
  callSid: string;
  recordingSid?: string;
  url: string;
  method: HttpMethod;
  params: Record<string, string>;
  /** the same for retries and duplicates of one callback, as Twilio's idempotency token is */
  idempotencyToken: string;
  /** when the engine generated the callback (epoch ms); delivery may be later because of faults */
  generatedAt: number;
}

type AttemptResult = { httpStatus: number } | { error: string };

/** Twilio's default `rc` (retry count) for connection failures and timeouts. */
const RETRIES_ON_NETWORK_ERROR = 1;

/**
 * Performs the HTTP side of a webhook: signing, one attempt plus one retry on connect/timeout
 * failures, and the delivery log. An HTTP error status is an answer, so it is never retried.
 */
export class CallbackSender {
  private readonly inFlight = new Set<http.ClientRequest>();
  private closed = false;
  /** bumped by abortAll() so attempts cut short by a reset are not retried */
  private generation = 0;

  constructor(
    private readonly authToken: string,
    private readonly state: EmulatorState,
  ) {}

  async deliver(job: CallbackJob, copy: number): Promise<void> {
    const generation = this.generation;
    for (let attempt = 1; attempt <= 1 + RETRIES_ON_NETWORK_ERROR; attempt++) {
      if (this.closed || generation !== this.generation) return;
      const { url, body } = this.requestShape(job);
      const signature = computeTwilioSignature(this.authToken, url, job.method === 'POST' ? job.params : {});
      const entry: DeliveryLogEntry = this.entry(job, attempt, copy, url, signature);
      const result = await this.attempt(job, url, body, signature);
      // A reset cleared the log while this attempt was in flight; it belongs to the old world.
      if (generation !== this.generation) return;
      if ('httpStatus' in result) {
        this.state.log({ ...entry, httpStatus: result.httpStatus });
        return;
      }
      this.state.log({ ...entry, error: result.error });
    }
  }

  /** Records a callback that a fault swallowed, so tests can see it was generated. */
  logDropped(job: CallbackJob): void {
    this.state.log({ ...this.entry(job, 0, 0, job.url, undefined), dropped: true, error: 'dropped by fault injection' });
  }

  /** Cuts every delivery in progress short (emulator reset); later callbacks still go out. */
  abortAll(reason = 'emulator reset'): void {
    this.generation++;
    for (const req of this.inFlight) req.destroy(new Error(reason));
    this.inFlight.clear();
  }

  close(): void {
    this.closed = true;
    this.abortAll('emulator closed');
  }

  private entry(job: CallbackJob, attempt: number, copy: number, url: string, signature?: string): DeliveryLogEntry {
    return {
      at: new Date().toISOString(),
      generatedAt: new Date(job.generatedAt).toISOString(),
      kind: job.kind,
      event: job.event,
      callSid: job.callSid,
      ...(job.recordingSid ? { recordingSid: job.recordingSid } : {}),
      url,
      method: job.method,
      params: { ...job.params },
      attempt,
      copy,
      ...(signature ? { signature } : {}),
    };
  }

  /**
   * GET callbacks carry the params in the query string, appended to any query the URL already has.
   * A `#…` fragment (Twilio's connection overrides) never goes on the wire, so it is not signed either.
   */
  private requestShape(job: CallbackJob): { url: string; body: string | null } {
    const hashAt = job.url.indexOf('#');
    const base = hashAt >= 0 ? job.url.slice(0, hashAt) : job.url;
    const encoded = new URLSearchParams(job.params).toString();
    if (job.method === 'POST') return { url: base, body: encoded };
    return { url: base + (base.includes('?') ? '&' : '?') + encoded, body: null };
  }

  private attempt(job: CallbackJob, url: string, body: string | null, signature: string): Promise<AttemptResult> {
    return new Promise((resolve) => {
      let settled = false;
      const timeoutMs = this.state.timing.callbackTimeoutMs;
      // A total deadline rather than a socket idle timeout, so a receiver that trickles bytes still times out.
      const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const finish = (r: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(req);
        resolve(r);
      };
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? https : http;
      const headers: Record<string, string> = {
        'User-Agent': 'TwilioProxy/1.1',
        Accept: '*/*',
        'Cache-Control': 'max-age=259200',
        'X-Twilio-Signature': signature,
        'I-Twilio-Idempotency-Token': job.idempotencyToken,
        'X-Home-Region': 'us1',
      };
      if (body !== null) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const req = transport.request(target, { method: job.method, headers, agent: false }, (res) => {
        // The status line is the answer; the body is irrelevant to Twilio and is drained.
        res.resume();
        res.on('error', () => undefined);
        finish({ httpStatus: res.statusCode ?? 0 });
      });
      this.inFlight.add(req);
      req.on('error', (err) => finish({ error: err.message }));
      req.end(body ?? undefined);
    });
  }
}
