// A loopback stand-in for the Slack Web API (SLACK_API_URL) and for response_url posts. It records
// every call so tests (and `npm start` without a Slack app) can see exactly what Slack received.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
  /** The Authorization header as received: tests check the bot token was sent. */
  authorization: string | undefined;
  /** What the stand-in answered (e.g. the `ts` of a posted message). */
  response?: Record<string, unknown>;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
}

export interface SlackApiStandIn {
  /** Base URL ending in /api/, for SLACK_API_URL. */
  apiUrl: string;
  /** A fresh response_url served by this stand-in. */
  responseUrl(id?: string): string;
  calls: SlackApiCall[];
  callsTo(method: string): SlackApiCall[];
  responsePosts: ResponseUrlPost[];
  /** Channels the bot is not in: chat.postMessage there fails with not_in_channel. */
  lockedChannels: Set<string>;
  /** Members of user groups by id (S...), for usergroups.users.list. */
  userGroups: Map<string, string[]>;
  /** The next call to `method` answers `{ok: false, error}`. */
  failNext(method: string, error: string): void;
  /** Every call waits this long first (for testing the 3-second budget). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** WebClient sends form fields with nested objects (blocks, view) JSON-encoded as strings. */
function parseArgs(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (contentType?.includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const looksJson = value.startsWith('{') || value.startsWith('[');
    try {
      args[key] = looksJson ? JSON.parse(value) : value;
    } catch {
      args[key] = value;
    }
  }
  return args;
}

export async function startSlackApiStandIn(
  options: { port?: number; host?: string } = {},
): Promise<SlackApiStandIn> {
  const host = options.host ?? '127.0.0.1';
  const calls: SlackApiCall[] = [];
  const responsePosts: ResponseUrlPost[] = [];
  const lockedChannels = new Set<string>();
  const userGroups = new Map<string, string[]>();
  const failures = new Map<string, string[]>();
  let latencyMs = 0;
  let nextTs = 1_700_000_000;
  let nextView = 1;

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const queued = failures.get(method);
    const failure = queued?.shift();
    if (failure) return { ok: false, error: failure };
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0SANDBOX', user: 'vpc-peer' };
      case 'chat.postMessage':
        if (channel && lockedChannels.has(channel)) return { ok: false, error: 'not_in_channel' };
        nextTs += 1;
        return { ok: true, channel, ts: `${nextTs}.000100`, message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel, ts: args.ts };
      case 'chat.postEphemeral':
        if (channel && lockedChannels.has(channel)) return { ok: false, error: 'channel_not_found' };
        return { ok: true, message_ts: `${nextTs}.000200` };
      case 'views.open':
      case 'views.push': {
        const id = `V${String(nextView++).padStart(8, '0')}`;
        return { ok: true, view: { ...(args.view as object), id, hash: `${id}-hash` } };
      }
      case 'usergroups.users.list': {
        const users = userGroups.get(String(args.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'views.update':
        return {
          ok: true,
          view: { ...(args.view as object), id: args.view_id, hash: `${String(args.view_id)}-h2` },
        };
      default:
        return { ok: true };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/response/')) {
      responsePosts.push({
        id: url.pathname.slice('/response/'.length),
        body: parseArgs('application/json', raw),
      });
      send(200, { ok: true });
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      send(404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(req.headers['content-type'], raw);
    const call: SlackApiCall = { method, args, authorization: req.headers.authorization };
    calls.push(call);
    call.response = answer(method, args);
    send(200, call.response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  let responseIds = 0;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id ?? `R${++responseIds}`}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    responsePosts,
    lockedChannels,
    userGroups,
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
