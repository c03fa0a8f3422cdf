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
  /** The next call to `method` takes effect but is never answered (a timeout after Slack acted). */
  hangNext(method: string): void;
  /** Messages posted in a channel (thread replies included), oldest first, as Slack stores them. */
  messages(channel: string): StoredMessage[];
  close(): Promise<void>;
}

/** A posted message as conversations.history returns it. */
export interface StoredMessage {
  type: 'message';
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  blocks?: unknown;
  thread_ts?: string;
  reply_count?: number;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
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
  // Real time, like Slack: lookups by time range (oldest/latest) must find what was posted now.
  let nextTs = Math.floor(Date.now() / 1000);
  let nextView = 1;
  const channels = new Map<string, StoredMessage[]>();
  const hanging = new Set<string>();

  function store(channel: string, args: Record<string, unknown>, ts: string): void {
    const message: StoredMessage = {
      type: 'message',
      ts,
      text: typeof args.text === 'string' ? args.text : '',
      user: 'UBOT',
      bot_id: 'BBOT',
    };
    if (args.blocks !== undefined) message.blocks = args.blocks;
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    if (threadTs) message.thread_ts = threadTs;
    const metadata = args.metadata as StoredMessage['metadata'] | undefined;
    if (metadata && typeof metadata.event_type === 'string') message.metadata = metadata;
    const list = channels.get(channel) ?? [];
    list.push(message);
    channels.set(channel, list);
    const parent = threadTs ? list.find((m) => m.ts === threadTs) : undefined;
    if (parent) {
      parent.thread_ts = parent.ts;
      parent.reply_count = (parent.reply_count ?? 0) + 1;
    }
  }

  /** Slack leaves metadata out unless include_all_metadata is set. */
  const shown = (message: StoredMessage, args: Record<string, unknown>) => {
    if (args.include_all_metadata === true || args.include_all_metadata === 'true') return message;
    const { metadata: _, ...rest } = message;
    return rest;
  };
  const inRange = (message: StoredMessage, args: Record<string, unknown>) =>
    (args.oldest === undefined || Number(message.ts) >= Number(args.oldest)) &&
    (args.latest === undefined || Number(message.ts) <= Number(args.latest));

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const queued = failures.get(method);
    const failure = queued?.shift();
    if (failure) return { ok: false, error: failure };
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0SANDBOX', user: 'vpc-peer' };
      case 'chat.postMessage': {
        if (channel && lockedChannels.has(channel)) return { ok: false, error: 'not_in_channel' };
        nextTs += 1;
        const ts = `${nextTs}.000100`;
        if (channel) store(channel, args, ts);
        return { ok: true, channel, ts, message: { text: args.text } };
      }
      case 'conversations.history': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        // Newest first; replies appear only when broadcast, which vpc-peer's lookups do not rely on.
        const messages = (channels.get(channel) ?? [])
          .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
          .filter((m) => inRange(m, args))
          .reverse()
          .map((m) => shown(m, args));
        return { ok: true, messages, has_more: false, pin_count: 0, response_metadata: { next_cursor: '' } };
      }
      case 'conversations.replies': {
        const list = channel ? (channels.get(channel) ?? []) : [];
        const parent = list.find((m) => m.ts === args.ts);
        if (!parent) return { ok: false, error: 'thread_not_found' };
        const replies = list.filter(
          (m) => m.thread_ts === parent.ts && m.ts !== parent.ts && inRange(m, args),
        );
        return {
          ok: true,
          messages: [parent, ...replies].map((m) => shown(m, args)),
          has_more: false,
          response_metadata: { next_cursor: '' },
        };
      }
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
      case 'views.publish':
        return {
          ok: true,
          view: { ...(args.view as object), id: `V${String(nextView++).padStart(8, '0')}`, type: 'home' },
        };
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
    if (hanging.delete(method)) return; // the socket stays open until the client gives up or close()
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
    hangNext(method) {
      hanging.add(method);
    },
    messages: (channel) => [...(channels.get(channel) ?? [])],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
