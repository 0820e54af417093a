import { errorMessage } from '../src/common/errors/error-message';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** What a receiver path answers to each request in turn; after the list, 200. `hang` never answers. */
export type ReceiverAnswer = number | 'hang' | { status: number; body?: string; headers?: Record<string, string> };

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed payload, as `standardwebhooks` returned it once the signature checked out. */
  payload: { type: string; timestamp: string; data: Record<string, any> };
}

interface Route {
  secret: string | null;
  answers: ReceiverAnswer[];
}

/**
 * A CRM stand-in on 127.0.0.1: each path is one endpoint, with the secret its create answer
 * gave. Every delivery is verified with the `standardwebhooks` library (the independent oracle
 * of our signer); one that does not verify is kept in `rejected`, which tests expect empty.
 */
export class WebhookReceiver {
  public readonly received: ReceivedDelivery[] = [];
  public readonly rejected: { path: string; error: string }[] = [];
  private readonly routes = new Map<string, Route>();
  private server!: Server;
  private port = 0;

  public async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        const route = this.routes.get(path);
        if (!route?.secret) {
          this.rejected.push({ path, error: 'unknown path' });
          res.writeHead(404).end();
          return;
        }
        try {
          const payload = new Webhook(route.secret).verify(body, req.headers as Record<string, string>) as ReceivedDelivery['payload'];
          this.received.push({ path, headers: req.headers, body, payload });
        } catch (error) {
          this.rejected.push({ path, error: errorMessage(error) });
          res.writeHead(400).end('bad signature');
          return;
        }
        const answer = route.answers.shift() ?? 200;
        if (answer === 'hang') return;
        const {
          status,
          body: text,
          headers,
        } = typeof answer === 'number' ? { status: answer, body: `answer ${answer}`, headers: {} } : answer;
        res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A new path's URL; `secret` is set once the endpoint is created (see `use`). */
  public url(path: string, answers: ReceiverAnswer[] = []): string {
    this.routes.set(path, { secret: null, answers: [...answers] });
    return `http://127.0.0.1:${this.port}${path}`;
  }

  public use(path: string, secret: string): void {
    const route = this.routes.get(path);
    if (!route) throw new Error(`No receiver path ${path}`);
    route.secret = secret;
  }

  public answer(path: string, answers: ReceiverAnswer[]): void {
    const route = this.routes.get(path);
    if (!route) throw new Error(`No receiver path ${path}`);
    route.answers = [...answers];
  }

  public at(path: string, type?: string): ReceivedDelivery[] {
    return this.received.filter((d) => d.path === path && (type === undefined || d.payload.type === type));
  }
}
