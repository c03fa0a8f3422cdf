// `npm start`'s Bolt receiver: `POST /slack/events` on node:http, answered by handle.ts. Replaces
// Bolt's HTTPReceiver, which reads `body.ssl_check` outside its try (a signed `payload=null` ended
// the process) and holds requests no listener acks for 3 s.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, ListenOptions } from 'node:net';
import type { App, Receiver } from '@slack/bolt';
import type { Logger } from '../../logger';
import { makeSlackRequestHandler, type SlackHttpAnswer, type SlackRequestHandler } from './handle';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack's payloads stay well under this; a bigger body is refused (413) before it is read whole. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export class SlackHttpReceiver implements Receiver {
  private readonly requests: SlackRequestHandler;
  private readonly logger: Logger;
  private server: Server | undefined;

  constructor(options: { signingSecret: string; logger: Logger; ackDeadlineMs?: number }) {
    this.logger = options.logger.child({ component: 'slack-receiver' });
    this.requests = makeSlackRequestHandler(options);
  }

  init(app: App): void {
    this.requests.init(app);
  }

  /** `port` or listen options (`{port, host}`), as Bolt's App.start passes them; resolves the server. */
  async start(where: number | ListenOptions): Promise<Server> {
    if (this.server) throw new Error('the Slack receiver is already started');
    const server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        this.logger.error(
          { err: error, method: req.method, url: req.url },
          'Slack request failed unexpectedly',
        );
        if (!res.headersSent) res.writeHead(400);
        res.end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(typeof where === 'number' ? { port: where } : where, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== SLACK_EVENTS_PATH) {
      this.logger.info({ method: req.method, url: req.url }, 'not a Slack endpoint');
      send(res, { status: 404, headers: {}, body: '' });
      return;
    }
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      this.logger.warn({ limit: BODY_LIMIT_BYTES }, 'refused a Slack request: body too large');
      send(res, { status: 413, headers: {}, body: '' });
      return;
    }
    const answer = await this.requests.handle({
      rawBody,
      header: (name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? undefined : value;
      },
    });
    send(res, answer);
  }
}

/** The body as text, or undefined past the limit (the rest is drained, not kept). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= BODY_LIMIT_BYTES) chunks.push(chunk as Buffer);
  }
  return size > BODY_LIMIT_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, answer: SlackHttpAnswer): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
