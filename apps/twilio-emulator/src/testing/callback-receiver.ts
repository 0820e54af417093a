import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  method: string;
  /** full URL as the receiver was addressed, i.e. what Twilio signs */
  url: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** POST body params, or query params for GET */
  params: Record<string, string>;
  /** params to pass to twilio.validateRequest: the body for POST, {} for GET */
  signedParams: Record<string, string>;
  receivedAt: number;
}

/** How the receiver answers a request: a status, or hang on forever / cut the connection. */
export type Reply = { status: number } | 'hang' | 'destroy';

/**
 * A tiny webhook receiver on loopback that records every request. Paths choose behaviour via
 * `replyFor`, so one receiver can simulate a healthy app, a failing one and a black hole.
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  replyFor: (path: string) => Reply = () => ({ status: 204 });
  private server?: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();
  base = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  on(path: string): ReceivedCallback[] {
    return this.received.filter((r) => r.path === path);
  }

  forCall(callSid: string, path?: string): ReceivedCallback[] {
    return this.received.filter((r) => r.params['CallSid'] === callSid && (!path || r.path === path));
  }

  clear(): void {
    this.received.length = 0;
    this.replyFor = () => ({ status: 204 });
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const full = new URL(req.url ?? '/', this.base);
    const isPost = req.method === 'POST';
    const params = Object.fromEntries(new URLSearchParams(isPost ? body : full.search));
    this.received.push({
      method: req.method ?? '',
      url: `${this.base}${req.url}`,
      path: full.pathname,
      headers: req.headers,
      params,
      signedParams: isPost ? params : {},
      receivedAt: Date.now(),
    });
    const reply = this.replyFor(full.pathname);
    if (reply === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (reply === 'destroy') {
      req.socket.destroy();
      return;
    }
    res.statusCode = reply.status;
    res.end();
  }
}

/**
 * Callbacks are independent HTTP requests, so arrival order is not guaranteed (callbacks generated
 * in the same tick race each other); receivers order by SequenceNumber, and so do the tests.
 */
export function bySequence(list: ReceivedCallback[]): ReceivedCallback[] {
  return [...list].sort((a, b) => Number(a.params['SequenceNumber']) - Number(b.params['SequenceNumber']));
}
