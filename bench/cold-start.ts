// Cold start of the packaged Lambda functions, side by side in one run with Bolt's minimal app on
// AwsLambdaReceiver (bench/minimal-bolt-app.js, unbundled, @slack/bolt from node_modules). Each sample
// is a fresh `node` process (test/support/run-handler.cjs) that loads a handler as the Lambda runtime
// does and answers one event; times are from process start, like Lambda's Init + first Duration.
// Subjects take turns within each round, so a noisy machine slows them alike; medians of RUNS rounds.
//
// Events, each checked (a sample that answered something else fails the bench):
//   unsigned      a slash command with a bad signature: 401 (the yardstick)
//   help          a signed `/vpc-peer help`: 200 with the usage text (no AWS, no Web API call)
//   open          a signed `/vpc-peer`: views.open; vpc-peer also reads the org VPC snapshot from
//                 DynamoDB and, finding none, queues the load-create-form job on SQS (what a user feels)
//   worker/poller an empty SQS batch / a schedule tick with Aiven answering 401
// Every endpoint (Slack Web API, DynamoDB, SQS, Aiven) is a local stub; nothing leaves the machine.
//
//   npx tsx bench/cold-start.ts
//   COLD_START_RUNS=15 SERVERLESS_PACKAGE_DIR=.serverless npx tsx bench/cold-start.ts
//   COLD_START_BASELINE_DIR=/tmp/old-serverless npx tsx bench/cold-start.ts   (adds "before" rows)
//   COLD_START_BASELINE_DIR=3c6cc2d=/tmp/a/.serverless,main=/tmp/b/.serverless ...   (rows per package)
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZip, type HandlerRun, handlerFile, runHandler } from '../test/support/packaged';
import { apiGatewayEvent, signSlackRequest, slashCommandBody } from '../test/support/slack';
import { ensurePackaged, type FunctionName, median, packageDir } from './bundles';

/** The goal: the packaged http function against Bolt's minimal app, unsigned request. */
export const GOAL = { timeRatio: 0.8, rssRatio: 1.0 } as const;
/** Budget for every function: cold start (median) well inside Slack's 3 seconds. */
export const COLD_START_BUDGET_MS = 300;

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
/** Name of a package measured from COLD_START_BASELINE_DIR without `name=` (label suffix " (before)"). */
const BASELINE_NAME = 'before';
const LABEL = 44;
const MINIMAL_BOLT_APP = join(__dirname, 'minimal-bolt-app.js');

type EventKind = 'unsigned' | 'help' | 'open' | 'worker' | 'poller';

export const GROUPS: Record<EventKind, string> = {
  unsigned: 'unsigned request -> 401',
  help: 'signed /vpc-peer help -> usage (no AWS)',
  open: 'signed /vpc-peer -> views.open (vpc-peer also reads the org VPCs from DynamoDB)',
  worker: 'worker: empty SQS batch',
  poller: 'poller: Aiven answers 401',
};

type Sample = HandlerRun;

/** What the stub received during one sample, to check the request really went the whole way. */
interface Calls {
  viewsOpen: number;
  getItem: number;
  sendMessage: number;
  getSecret: number;
}

interface Subject {
  kind: EventKind;
  label: string;
  /** Subjects compared against the yardstick of their group. */
  isBolt: boolean;
  /** One of our functions (budget applies). */
  fn?: FunctionName;
  file: string;
  /** Settings from Secrets Manager, as deployed (the stub answers GetSecretValue). */
  deployed?: boolean;
  /** What DynamoDB holds for the org VPC snapshot: fresh (the poller ran) or nothing (the form loads). */
  snapshot?: 'fresh' | 'none';
  expect: (sample: Sample, calls: Calls) => string | undefined;
  /** The older package this row measures (COLD_START_BASELINE_DIR); absent: the current one. */
  baseline?: string;
}

export interface ColdStartRow {
  kind: EventKind;
  label: string;
  isBolt: boolean;
  fn?: FunctionName;
  baseline?: string;
  runs: number;
  nodeMs: number;
  loadMs: number;
  firstCallMs: number;
  readyMs: number;
  readyMaxMs: number;
  rssMb: number;
  /** Against the Bolt app of the same group, when there is one. */
  timeRatio?: number;
  rssRatio?: number;
}

export interface ColdStartResult {
  rows: ColdStartRow[];
  /** The goal, on the unsigned request. */
  goalMet: boolean;
  withinBudget: boolean;
}

function statusOf(sample: Sample): number | undefined {
  return (sample.result as { statusCode?: number } | undefined)?.statusCode;
}

const answer = (sample: Sample) =>
  sample.threw ?? `${statusOf(sample)} ${JSON.stringify((sample.result as { body?: unknown })?.body)}`;

const expectations = {
  unsigned: (s: Sample) => (statusOf(s) === 401 ? undefined : `expected 401, got ${answer(s)}`),
  help: (s: Sample) =>
    statusOf(s) === 200 && String((s.result as { body?: string }).body).includes('/vpc-peer')
      ? undefined
      : `expected the usage text, got ${answer(s)}`,
  openBolt: (s: Sample, c: Calls) =>
    statusOf(s) === 200 && c.viewsOpen === 1 ? undefined : `expected views.open, got ${answer(s)}`,
  openVpcPeer: (s: Sample, c: Calls) =>
    statusOf(s) === 200 && c.viewsOpen === 1 && c.getItem === 1 && c.sendMessage === 0
      ? undefined
      : `expected DynamoDB GetItem and views.open, got ${answer(s)} ${JSON.stringify(c)}`,
  openAndQueue: (s: Sample, c: Calls) =>
    statusOf(s) === 200 && c.viewsOpen === 1 && c.getItem === 1 && c.sendMessage === 1
      ? undefined
      : `expected DynamoDB GetItem, views.open and SQS SendMessage, got ${answer(s)} ${JSON.stringify(c)}`,
  worker: (s: Sample) =>
    JSON.stringify(s.result) === '{"batchItemFailures":[]}'
      ? undefined
      : `expected no failures, got ${answer(s)}`,
  poller: (s: Sample) =>
    s.threw?.startsWith('AivenApiError') ? undefined : `expected Aiven's 401, got ${answer(s)}`,
};

/** As deployed, every cold start reads the secret once. */
const withSecretRead =
  (expect: Subject['expect']): Subject['expect'] =>
  (sample, calls) =>
    calls.getSecret === 1 ? expect(sample, calls) : `expected one GetSecretValue, got ${calls.getSecret}`;

/** Slack Web API, Secrets Manager, DynamoDB and SQS (AWS JSON protocol) and Aiven, answered locally and counted. */
/** The poller's snapshot of the org VPCs as the DynamoDB store keeps it, fetched just now. */
function freshSnapshotItem() {
  const vpc = (n: number) => ({
    vpc: {
      id: `bench-org-vpc-${n}`,
      name: `bench-${n}`,
      cloudName: 'aws-eu-west-1',
      awsRegion: 'eu-west-1',
      cidr: `10.${n}.0.0/16`,
      state: 'ACTIVE',
    },
    peerings: [],
  });
  const snapshot = {
    organizationId: SECRETS.AIVEN_ORGANIZATION_ID,
    fetchedAt: new Date().toISOString(),
    vpcs: [vpc(1), vpc(2), vpc(3)],
  };
  return {
    Item: { pk: { S: `snapshot#${snapshot.organizationId}` }, snapshot: { S: JSON.stringify(snapshot) } },
  };
}

export interface Stub {
  server: Server;
  url: string;
  calls: Calls;
  /** What GetItem answers for the snapshot. */
  snapshot: 'fresh' | 'none';
}

export async function startStub(): Promise<Stub> {
  const calls: Calls = { viewsOpen: 0, getItem: 0, sendMessage: 0, getSecret: 0 };
  const stub: Stub = { server: createServer(), url: '', calls, snapshot: 'fresh' };
  const server = stub.server;
  server.on('request', (req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const json = (status: number, value: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(JSON.stringify(value));
      };
      const awsJson = 'application/x-amz-json-1.0';
      if (target === 'DynamoDB_20120810.GetItem') {
        calls.getItem++;
        return json(200, stub.snapshot === 'fresh' ? freshSnapshotItem() : {}, awsJson);
      }
      // The poller first looks for deletion requests to expire: none.
      if (target === 'DynamoDB_20120810.Query')
        return json(200, { Items: [], Count: 0, ScannedCount: 0 }, awsJson);
      if (target === 'AmazonSQS.SendMessage') {
        calls.sendMessage++;
        const { MessageBody } = JSON.parse(body) as { MessageBody: string };
        // The SDK checks the MD5 of the body it sent.
        const md5 = createHash('md5').update(MessageBody).digest('hex');
        return json(200, { MessageId: `bench-${calls.sendMessage}`, MD5OfMessageBody: md5 }, awsJson);
      }
      if (target === 'secretsmanager.GetSecretValue') {
        calls.getSecret++;
        const secret = JSON.stringify(Object.fromEntries(SECRET_NAMES.map((name) => [name, SECRETS[name]])));
        return json(200, { Name: 'vpc-peer/bench', SecretString: secret, VersionId: 'bench' }, awsJson);
      }
      if (req.url?.endsWith('/views.open')) {
        calls.viewsOpen++;
        return json(200, { ok: true, view: { id: `VBENCH${calls.viewsOpen}` } });
      }
      json(401, { ok: false, error: 'invalid_auth', message: 'bench', errors: [] });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  AIVEN_API_TOKEN: 'bench',
  AIVEN_ORGANIZATION_ID: 'org1234567',
};
const SECRET_NAMES = Object.keys(SECRETS) as (keyof typeof SECRETS)[];

/** As deployed: the Slack and Aiven secrets come from Secrets Manager (SECRETS_ID), here the stub. */
function deployedEnv(stubUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...lambdaEnv(stubUrl), SECRETS_ID: 'vpc-peer/bench' };
  for (const name of SECRET_NAMES) delete env[name];
  return env;
}

/** As on Lambda, minus SECRETS_ID: settings straight from variables, every endpoint on the stub. */
export function lambdaEnv(stubUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '--enable-source-maps', // as serverless.yml sets it
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'dummy',
    AWS_SECRET_ACCESS_KEY: 'dummy',
    AWS_ENDPOINT_URL: stubUrl,
    DYNAMODB_TABLE: 'vpc-peer-bench',
    JOBS_QUEUE_URL: `${stubUrl}/123456789012/vpc-peer-bench-jobs`,
    MAX_JOB_ATTEMPTS: '3',
    LOG_LEVEL: 'info',
    ...SECRETS,
    SLACK_API_URL: `${stubUrl}/api/`,
    AIVEN_API_URL: `${stubUrl}/v1`,
  };
}

function eventFor(kind: EventKind, stubUrl: string): unknown {
  if (kind === 'worker') return { Records: [] };
  if (kind === 'poller') return { version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event' };
  const body = slashCommandBody({
    text: kind === 'help' ? 'help' : '',
    responseUrl: `${stubUrl}/response-url`,
  });
  const headers = signSlackRequest(SIGNING_SECRET, body);
  if (kind === 'unsigned') headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
  return apiGatewayEvent(body, headers);
}

function subjectsFor(handlers: Record<FunctionName, string>, baseline?: string): Subject[] {
  const suffix = baseline === undefined ? '' : ` (${baseline})`;
  const ours = (
    kind: EventKind,
    fn: FunctionName,
    expect: Subject['expect'],
    options: { deployed?: boolean; snapshot?: 'fresh' | 'none' } = {},
  ): Subject => ({
    kind,
    label: `vpc-peer ${fn}${options.deployed ? ', SECRETS_ID' : ''}${options.snapshot === 'none' ? ', no snapshot: +SQS' : ''}${suffix}`,
    isBolt: false,
    fn,
    file: handlers[fn],
    deployed: options.deployed ?? false,
    snapshot: options.snapshot ?? 'fresh',
    expect: options.deployed ? withSecretRead(expect) : expect,
    ...(baseline === undefined ? {} : { baseline }),
  });
  return [
    ours('unsigned', 'http', expectations.unsigned),
    ours('help', 'http', expectations.help),
    ours('help', 'http', expectations.help, { deployed: true }),
    ours('open', 'http', expectations.openVpcPeer),
    ours('open', 'http', expectations.openVpcPeer, { deployed: true }),
    ours('open', 'http', expectations.openAndQueue, { snapshot: 'none' }),
    ours('worker', 'worker', expectations.worker),
    ours('poller', 'poller', expectations.poller),
  ];
}

function unpackFunctions(dir: string, into: string): Record<FunctionName, string> {
  const handlers = {} as Record<FunctionName, string>;
  mkdirSync(into, { recursive: true });
  for (const fn of ['http', 'worker', 'poller'] as const) {
    extractZip(join(dir, `${fn}.zip`), join(into, fn));
    handlers[fn] = handlerFile(join(into, fn), fn);
  }
  return handlers;
}

/** COLD_START_BASELINE_DIR: `dir`, or `name=dir` entries separated by commas (one set of rows each). */
export function parseBaselines(spec: string | undefined): { name: string; dir: string }[] {
  if (!spec) return [];
  return spec
    .split(',')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const at = entry.indexOf('=');
      return at < 0
        ? { name: BASELINE_NAME, dir: entry.trim() }
        : { name: entry.slice(0, at).trim(), dir: entry.slice(at + 1).trim() };
    });
}

export async function runColdStartBench(
  options: { runs?: number; packageDir?: string; baselineDir?: string; log?: (line: string) => void } = {},
): Promise<ColdStartResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const runs = options.runs ?? Number(process.env.COLD_START_RUNS ?? 15);
  const dir = packageDir(options.packageDir);
  ensurePackaged(dir, false, log);
  const baselines = parseBaselines(options.baselineDir ?? process.env.COLD_START_BASELINE_DIR);

  const work = mkdtempSync(join(tmpdir(), 'vpc-peer-cold-start-'));
  const stub = await startStub();
  try {
    const bolt = (kind: EventKind, expect: Subject['expect']): Subject => ({
      kind,
      label: 'Bolt minimal app (unbundled)',
      isBolt: true,
      file: MINIMAL_BOLT_APP,
      expect,
    });
    const subjects: Subject[] = [
      bolt('unsigned', expectations.unsigned),
      bolt('help', expectations.help),
      bolt('open', expectations.openBolt),
      ...subjectsFor(unpackFunctions(dir, join(work, 'now'))),
      ...baselines.flatMap((baseline, index) =>
        subjectsFor(unpackFunctions(baseline.dir, join(work, `before-${index}`)), baseline.name),
      ),
    ];
    const env = lambdaEnv(stub.url);
    const deployed = deployedEnv(stub.url);
    const samples = new Map<Subject, Sample[]>(subjects.map((s) => [s, []]));
    // Round 0 warms the file system cache and is not counted.
    for (let round = 0; round <= runs; round++) {
      for (const subject of subjects) {
        const before = { ...stub.calls };
        stub.snapshot = subject.snapshot ?? 'fresh';
        const sample = await runHandler(
          subject.file,
          eventFor(subject.kind, stub.url),
          subject.deployed ? deployed : env,
        );
        const calls = {
          viewsOpen: stub.calls.viewsOpen - before.viewsOpen,
          getItem: stub.calls.getItem - before.getItem,
          sendMessage: stub.calls.sendMessage - before.sendMessage,
          getSecret: stub.calls.getSecret - before.getSecret,
        };
        const problem = subject.expect(sample, calls);
        if (problem) throw new Error(`${subject.label}, ${GROUPS[subject.kind]}: ${problem}`);
        if (round > 0) samples.get(subject)?.push(sample);
      }
    }
    const rows: ColdStartRow[] = subjects.map((subject) => {
      const list = samples.get(subject) ?? [];
      const ready = list.map((s) => s.ready);
      return {
        kind: subject.kind,
        label: subject.label,
        isBolt: subject.isBolt,
        ...(subject.fn ? { fn: subject.fn } : {}),
        ...(subject.baseline === undefined ? {} : { baseline: subject.baseline }),
        runs: list.length,
        nodeMs: median(list.map((s) => s.started)),
        loadMs: median(list.map((s) => s.loaded - s.started)),
        firstCallMs: median(list.map((s) => s.ready - s.loaded)),
        readyMs: median(ready),
        readyMaxMs: Math.max(...ready),
        rssMb: median(list.map((s) => s.rssBytes / (1024 * 1024))),
      };
    });
    for (const row of rows) {
      const yardstick = rows.find((r) => r.isBolt && r.kind === row.kind);
      if (yardstick && !row.isBolt) {
        row.timeRatio = row.readyMs / yardstick.readyMs;
        row.rssRatio = row.rssMb / yardstick.rssMb;
      }
    }
    const current = rows.filter((r) => !r.isBolt && r.baseline === undefined);
    const http = current.find((r) => r.kind === 'unsigned' && r.fn === 'http');
    return {
      rows,
      goalMet:
        http !== undefined &&
        (http.timeRatio ?? Number.POSITIVE_INFINITY) <= GOAL.timeRatio &&
        (http.rssRatio ?? Number.POSITIVE_INFINITY) <= GOAL.rssRatio,
      withinBudget: current.every((r) => r.readyMs < COLD_START_BUDGET_MS),
    };
  } finally {
    stub.server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatColdStart(result: ColdStartResult): string {
  const ms = (value: number) => value.toFixed(0).padStart(4);
  const lines = [
    'median of each phase, ms: node = Node itself, load = the handler module, call = first invocation',
    `${''.padEnd(LABEL + 2)}  ready (max)   node  load  call    RSS     vs Bolt: time    RSS`,
  ];
  for (const kind of Object.keys(GROUPS) as EventKind[]) {
    const rows = result.rows.filter((r) => r.kind === kind);
    if (rows.length === 0) continue;
    lines.push(GROUPS[kind]);
    for (const r of rows) {
      const ratio =
        r.timeRatio === undefined
          ? ''
          : `${r.timeRatio.toFixed(2).padStart(15)}x ${(r.rssRatio ?? 0).toFixed(2).padStart(5)}x`;
      lines.push(
        `  ${r.label.padEnd(LABEL)}  ${ms(r.readyMs)} (${ms(r.readyMaxMs)})  ${ms(r.nodeMs)}  ${ms(r.loadMs)}  ${ms(r.firstCallMs)}  ${r.rssMb.toFixed(1).padStart(5)} MB${ratio}`,
      );
    }
  }
  lines.push(
    `goal (http, unsigned): <= ${GOAL.timeRatio}x Bolt's cold start and <= ${GOAL.rssRatio.toFixed(1)}x its RSS: ${result.goalMet ? 'met' : 'NOT MET'}`,
    `budget: every function's median cold start < ${COLD_START_BUDGET_MS} ms: ${result.withinBudget ? 'ok' : 'OVER'}`,
  );
  return lines.join('\n');
}

if (require.main === module) {
  runColdStartBench()
    .then((result) => {
      process.stdout.write(`${formatColdStart(result)}\n`);
      if (!result.goalMet || !result.withinBudget) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
