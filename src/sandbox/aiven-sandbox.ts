// A local stand-in for Aiven's organization VPC API (https://api.aiven.io/v1), speaking the same paths,
// bodies and errors as the spec, for tests and `npm start`. All state lives in the returned object.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireOrgVpcGetResponse, WirePeeringState, WireStateInfo } from '../adapters/aiven/wire';
import type { SandboxAwsSide } from './aiven/aws-follow';
import { makeClock } from './aiven/clock';
import { makeOrganization, type SandboxPeering } from './aiven/organization';
import { errorReply, type Reply, route } from './aiven/routes';

export type { SandboxAwsSide } from './aiven/aws-follow';
export { SANDBOX_TIMINGS } from './aiven/clock';
export type { SandboxPeering } from './aiven/organization';
export { SEED_IDS, SEED_PEER } from './aiven/seed';

export interface AivenSandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  token?: string;
  organizationId?: string;
  /** 'manual' (default) moves only on advance(); 'real' follows wall time, for `npm start`. */
  clock?: 'real' | 'manual';
  /** Wall-time delay before every answer, e.g. 2500 to test Slack's 3-second limit. */
  latencyMs?: number;
  seed?: boolean;
  /**
   * Put before the seeded org VPCs' names, e.g. `[sandbox] `: with a real Slack app (AIVEN_SANDBOX=true)
   * every root message, form and list then shows that its peerings are made up.
   */
  namePrefix?: string;
  /**
   * Aiven's own AWS account (moto): peerings then become real requests in the team's account and
   * follow AWS (ACTIVE, REJECTED_BY_PEER, DELETED_BY_PEER) instead of the clock.
   */
  aws?: SandboxAwsSide;
}

export interface FailRule {
  method?: string;
  pathIncludes?: string;
  /** Default 500. */
  status?: number;
  message?: string;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Never answer (until close): for client timeout tests. */
  hang?: boolean;
  /** Sent as Retry-After on the failure. */
  retryAfterSeconds?: number;
  /** Carry out the request first, then fail or hang: an answer lost after Aiven acted. */
  afterEffect?: boolean;
  /** Answer with this body (and `status`, default 200) instead: an answer the bot cannot read. */
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path below the base URL, as in the spec: `/organization/{id}/vpcs`. */
  path: string;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface AivenSandbox {
  /** Base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  token: string;
  organizationId: string;
  advance(ms: number): void;
  setLatency(ms: number): void;
  failNext(rule: FailRule): void;
  readonly requests: RecordedRequest[];
  peerings(): SandboxPeering[];
  vpcs(): WireOrgVpcGetResponse[];
  setPeeringState(peeringId: string, state: WirePeeringState, stateInfo?: WireStateInfo): void;
  /** Adds an org VPC exactly as given (tests: shapes a newer Aiven might send). */
  addRawVpc(vpc: Record<string, unknown>): void;
  /**
   * Shows an existing org VPC (list and get) in a state or shape a newer Aiven might send, such as a
   * state the spec does not list (`UPDATING`) or no `clouds` entry; its peerings stay as they are.
   */
  setVpcShape(orgVpcId: string, shape: { state?: string; clouds?: unknown[] }): void;
  /** Adds an ACTIVE org VPC and returns its id (for large organizations in benches and tests). */
  addVpc(options: { displayName: string; cloudName: string; cidr: string }): string;
  /** The CIDR Aiven would find for an AWS VPC: a peer overlapping the org VPC is then refused. */
  setAwsVpcCidr(awsVpcId: string, cidr: string): void;
  /** With an AWS side: brings the peerings in line with AWS now (every API request does it too). */
  syncAws(): Promise<void>;
  close(): Promise<void>;
}

const BASE_PATH = '/v1';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(text);
}

export async function startAivenSandbox(options: AivenSandboxOptions = {}): Promise<AivenSandbox> {
  const token = options.token ?? 'sandbox-token';
  const organizationId = options.organizationId ?? 'org4f9a1b2c3d4';
  const clock = makeClock(options.clock ?? 'manual');
  const org = makeOrganization({
    organizationId,
    clock,
    seed: options.seed ?? true,
    ...(options.namePrefix ? { namePrefix: options.namePrefix } : {}),
    ...(options.aws ? { aws: options.aws } : {}),
  });
  const requests: RecordedRequest[] = [];
  const rules: (FailRule & { left: number })[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let latencyMs = options.latencyMs ?? 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function takeRule(method: string, path: string): FailRule | undefined {
    const index = rules.findIndex(
      (r) =>
        r.left > 0 &&
        (r.method === undefined || r.method.toUpperCase() === method) &&
        (r.pathIncludes === undefined || path.includes(r.pathIncludes)),
    );
    const rule = rules[index];
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.left <= 0) rules.splice(index, 1);
    return rule;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const pathname = new URL(req.url ?? '/', 'http://sandbox').pathname;
    const inApi = pathname === BASE_PATH || pathname.startsWith(`${BASE_PATH}/`);
    const path = inApi ? pathname.slice(BASE_PATH.length) || '/' : pathname;
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    requests.push({ method, path, body, headers: { ...req.headers } });
    if (latencyMs > 0) await wait(latencyMs);

    if (inApi) await org.syncAws();
    const rule = takeRule(method, path);
    const answer = (): Reply => {
      if (!inApi) return errorReply(404, 'Not Found');
      const auth = req.headers.authorization;
      if (auth === undefined) return errorReply(401, 'Authentication required', 'authentication_required');
      if (auth !== `aivenv1 ${token}`) return errorReply(401, 'Invalid token', 'invalid_token');
      if (typeof body === 'string')
        return errorReply(400, 'Invalid request body: not valid JSON', 'invalid_input');
      let segments: string[];
      try {
        segments = path.split('/').filter(Boolean).map(decodeURIComponent);
      } catch {
        return errorReply(400, 'Invalid path encoding');
      }
      return route(org, method, segments, body);
    };
    if (!rule) return send(res, answer());
    if (rule.afterEffect) answer();
    if (rule.hang) return; // the socket stays open until the client gives up or close() runs
    if (rule.body !== undefined) return send(res, { status: rule.status ?? 200, body: rule.body });
    const status = rule.status ?? 500;
    const reply = errorReply(
      status,
      rule.message ?? (status >= 500 ? 'Internal Server Error' : 'Request failed'),
    );
    if (rule.retryAfterSeconds !== undefined)
      reply.headers = { 'Retry-After': String(rule.retryAfterSeconds) };
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, errorReply(500, `Sandbox failure: ${err instanceof Error ? err.message : String(err)}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}${BASE_PATH}`,
    token,
    organizationId,
    advance(ms) {
      clock.advance(ms);
      org.tick();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    failNext(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    requests,
    peerings: () => org.peerings(),
    vpcs: () => org.vpcs(),
    setPeeringState: (peeringId, state, stateInfo) => org.setPeeringState(peeringId, state, stateInfo),
    addVpc: (options) => org.addVpc(options),
    setAwsVpcCidr: (awsVpcId, cidr) => org.setAwsVpcCidr(awsVpcId, cidr),
    addRawVpc: (vpc) => org.addRawVpc(vpc as unknown as Parameters<typeof org.addRawVpc>[0]),
    setVpcShape: (orgVpcId, shape) => org.setVpcShape(orgVpcId, shape),
    syncAws: () => org.syncAws(),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
