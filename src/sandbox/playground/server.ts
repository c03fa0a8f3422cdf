// The local Slack: the Web API (POST /api/{method}) and response_urls (POST /response/{id}) on
// loopback, over one in-memory workspace. Tests use it as a recording stand-in (lenient: made-up ids
// are fine); the playground runs it strict, like Slack, and adds the page (page.ts).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BotConnection, type Interactions, makeInteractions } from './interactions';
import type { StoredMessage } from './protocol';
import { makeResponseUrls } from './response-urls';
import { makeTriggers, type Triggers } from './triggers';
import { makeUploads } from './uploads';
import { makeViews, type Views } from './views';
import { makeWebApi } from './web-api';
import { makeWorkspace, type Workspace } from './workspace';

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
  /**
   * The next call to `method` answers `{ok: false, error}`; with `when`, the next call whose arguments
   * it accepts (e.g. only a thread reply, not the root message before it). With options: the HTTP
   * status Slack answers with (500; 429 with a Retry-After header, as Slack rate-limits), how many
   * calls in a row fail, and whether the call is carried out all the same (a post that landed although
   * the answer was an error).
   */
  failNext(
    method: string,
    error: string,
    when?: ((args: Record<string, unknown>) => boolean) | FailureOptions,
  ): void;
  /** Every call waits this long first (for testing the 3-second budget). */
  setLatency(ms: number): void;
  /**
   * The next call to `method` is carried out but never answered (until close): a post that landed
   * while its answer was lost, as after a timeout. With `when`, the next call whose arguments it accepts.
   */
  hangNext(method: string, when?: (args: Record<string, unknown>) => boolean): void;
  /** Members of user groups (S...) for usergroups.users.list, besides the workspace's own groups. */
  userGroups: Map<string, string[]>;
  /** Every message posted in a channel, oldest first, with its metadata and thread. */
  messages(channel: string): StoredMessage[];
  /** The contents of an uploaded file once files.completeUploadExternal shared it (UTF-8). */
  fileContents(fileId: string): string | undefined;
  close(): Promise<void>;
}

export interface FailureOptions {
  when?: (args: Record<string, unknown>) => boolean;
  /** HTTP status of the answer (default 200 with ok:false). */
  status?: number;
  /** With status 429: the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** Calls in a row that fail this way (default 1). */
  times?: number;
  /** Carry the call out before answering with the failure. */
  landed?: boolean;
}

interface Failure extends Omit<FailureOptions, 'times'> {
  error: string;
}

export interface LocalSlackOptions {
  port?: number;
  host?: string;
  /** Slack's rules for ids (unknown channel, trigger, view, method = error). Off for tests' payloads. */
  strict?: boolean;
  /** When set, Web API calls without this token fail with not_authed / invalid_auth. */
  botToken?: string;
  /** Extra routes (the playground page); answers true when it handled the request. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<boolean>;
}

export interface LocalSlack extends SlackApiStandIn {
  /** http://host:port */
  baseUrl: string;
  workspace: Workspace;
  views: Views;
  triggers: Triggers;
  interactions: Interactions;
  /** Where the bot listens, once it runs: interactions are sent there, signed. */
  connectBot(connection: BotConnection): void;
  /** Sets the extra routes after start (the page needs the server's URL first). */
  setExtraRoutes(routes: LocalSlackOptions['extraRoutes']): void;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The file in an upload: raw bytes, or the `file` part of a multipart form (Slack takes both). */
async function uploadedBytes(contentType: string | undefined, bytes: Buffer): Promise<Buffer | undefined> {
  if (!contentType?.startsWith('multipart/form-data')) return bytes;
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  const part = form.get('file') ?? form.get('filename');
  if (part === null) return undefined;
  return typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** WebClient sends form fields with nested objects (blocks, view, metadata) JSON-encoded as strings. */
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

export async function startLocalSlack(options: LocalSlackOptions = {}): Promise<LocalSlack> {
  const host = options.host ?? '127.0.0.1';
  const strict = options.strict ?? false;
  const calls: SlackApiCall[] = [];
  const responsePosts: ResponseUrlPost[] = [];
  const lockedChannels = new Set<string>();
  const failures = new Map<string, Failure[]>();
  const hanging = new Map<string, ((args: Record<string, unknown>) => boolean) | undefined>();
  const userGroups = new Map<string, string[]>();
  let latencyMs = 0;
  let bot: BotConnection | undefined;
  let extraRoutes = options.extraRoutes;

  const workspace = makeWorkspace({ strict });
  const views = makeViews({ onChange: (userId) => workspace.emit({ kind: 'views', userId }) });
  const triggers = makeTriggers({ acceptForeign: !strict });
  const responseUrls = makeResponseUrls({ workspace });
  let baseUrl = '';
  const uploads = makeUploads({ baseUrl: () => baseUrl });
  const webApi = makeWebApi({
    workspace,
    views,
    triggers,
    uploads,
    botToken: options.botToken,
    strict,
    pageUrl: () => `${baseUrl}/`,
  });

  function takeFailure(method: string, args: Record<string, unknown>): Failure | undefined {
    const waiting = failures.get(method) ?? [];
    const index = waiting.findIndex((failure) => failure.when?.(args) ?? true);
    return index >= 0 ? waiting.splice(index, 1)[0] : undefined;
  }

  function answer(method: string, args: Record<string, unknown>, authorization: string | undefined) {
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    if (channel && lockedChannels.has(channel)) {
      if (method === 'chat.postMessage') return { ok: false, error: 'not_in_channel' };
      if (method === 'chat.postEphemeral') return { ok: false, error: 'channel_not_found' };
    }
    const members = method === 'usergroups.users.list' ? userGroups.get(String(args.usergroup)) : undefined;
    if (members) return { ok: true, users: [...members] };
    return webApi.answer(method, args, authorization);
  }

  /** The upload URL (POST the bytes) and the file's own URL (GET: what the page shows and downloads). */
  async function handleFile(req: IncomingMessage, res: ServerResponse, url: URL, bytes: Buffer) {
    const [, kind, version, fileId] = url.pathname.split('/');
    if (kind === 'upload' && version === 'v1' && req.method === 'POST') {
      const body = await uploadedBytes(req.headers['content-type'], bytes);
      const ok = body !== undefined && uploads.receive(fileId ?? '', body);
      res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(ok ? `OK - ${body.length}` : 'Not Found');
      return;
    }
    const found = kind === 'files' && req.method === 'GET' ? uploads.contents(version ?? '') : undefined;
    if (!found) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
    const download = url.searchParams.has('download')
      ? { 'content-disposition': `attachment; filename="${found.file.name.replace(/"/g, '')}"` }
      : {};
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...download });
    res.end(found.bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBytes(req);
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (extraRoutes && (await extraRoutes(req, res, raw))) return;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (url.pathname.startsWith('/upload/') || url.pathname.startsWith('/files/')) {
      return handleFile(req, res, url, bytes);
    }
    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      const id = decodeURIComponent(url.pathname.slice('/response/'.length));
      const body = parseArgs('application/json', raw);
      responsePosts.push({ id, body });
      if (!strict && !responseUrls.known(id)) return sendJson(res, 200, { ok: true });
      const outcome = responseUrls.apply(id, body);
      return outcome.ok
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, outcome.status, { ok: false, error: outcome.error });
    }
    if (!url.pathname.startsWith('/api/')) return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(req.headers['content-type'], raw);
    const call: SlackApiCall = { method, args, authorization: req.headers.authorization };
    calls.push(call);
    const failure = takeFailure(method, args);
    if (failure) {
      if (failure.landed) answer(method, args, req.headers.authorization);
      call.response = { ok: false, error: failure.error };
      const status = failure.status ?? 200;
      if (status === 200) return sendJson(res, 200, call.response);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        ...(failure.retryAfterSeconds !== undefined
          ? { 'retry-after': String(failure.retryAfterSeconds) }
          : {}),
      });
      res.end(JSON.stringify(call.response));
      return;
    }
    call.response = answer(method, args, req.headers.authorization);
    if (hanging.has(method) && (hanging.get(method)?.(args) ?? true)) {
      hanging.delete(method);
      return; // the socket stays open until the client gives up or close()
    }
    sendJson(res, 200, call.response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error', detail: String(error) });
    });
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  // From the bound address, so the URL shows where the server really listens.
  const bound = server.address() as AddressInfo;
  baseUrl = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  let responseIds = 0;

  const interactions = makeInteractions({
    workspace,
    views,
    triggers,
    responseUrls,
    responseUrlBase: `${baseUrl}/response/`,
    bot: () => bot,
  });

  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    responseUrl: (id) => `${baseUrl}/response/${id ?? `R${++responseIds}`}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    responsePosts,
    lockedChannels,
    failNext(method, error, when) {
      const { times = 1, ...options } = typeof when === 'function' ? { when } : (when ?? {});
      const added = Array.from({ length: times }, (): Failure => ({ error, ...options }));
      failures.set(method, [...(failures.get(method) ?? []), ...added]);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    hangNext(method, when) {
      hanging.set(method, when);
    },
    userGroups,
    messages: (channel) => workspace.messagesIn(channel),
    fileContents: (fileId) => uploads.contents(fileId)?.bytes.toString('utf8'),
    workspace,
    views,
    triggers,
    interactions,
    connectBot(connection) {
      bot = connection;
    },
    setExtraRoutes(routes) {
      extraRoutes = routes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
