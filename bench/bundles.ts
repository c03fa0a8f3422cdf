// Lambda bundle budget: zip and minified bundle size per function, and cold init measured as Lambda
// would see it: a fresh `node` process loads the bundled handler from the packaged zip and handles a
// first event whose outcome needs no network (http: unsigned request -> 401; worker: empty batch;
// poller: Aiven answers 401 at once from a local stub). Times come from performance.now() in the child,
// i.e. from process start, so they include Node's own start-up like Lambda's "Init Duration" does.
//
//   npx tsx bench/bundles.ts          (runs `npm run package` first when .serverless/ has no zips)
//   SERVERLESS_PACKAGE_DIR=.serverless npx tsx bench/bundles.ts
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FUNCTIONS = ['http', 'worker', 'poller'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Budgets from the design: the HTTP function must cold-start well inside Slack's 3 seconds. */
export const BUDGETS = { httpBundleBytes: 1.5 * 1024 * 1024, coldInitMs: 300 } as const;

export interface Row {
  fn: FunctionName;
  zipBytes: number;
  /** The minified handler bundle (src/entry/<fn>.js inside the zip). */
  jsBytes: number;
  mapBytes: number;
  runs: number;
  /** Median ms from process start until require() of the handler returned. */
  loadMedianMs: number;
  /** Median ms from process start until the first invocation settled (handler built). */
  readyMedianMs: number;
  readyMaxMs: number;
  /** What the first invocation returned, to show it really went through the handler. */
  outcome: string;
  withinBudget: boolean;
}

export interface BundleBenchOptions {
  /** Cold starts per function (default 20). */
  runs?: number;
  /** Directory holding <fn>.zip (default SERVERLESS_PACKAGE_DIR or ./.serverless). */
  packageDir?: string;
  /** Run `npm run package` even if the zips exist. */
  repackage?: boolean;
  log?: (line: string) => void;
}

const root = resolve(__dirname, '..');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

function ensurePackaged(dir: string, repackage: boolean, log: (line: string) => void): void {
  const missing = FUNCTIONS.some((fn) => !existsSync(join(dir, `${fn}.zip`)));
  if (!missing && !repackage) return;
  log('running npm run package ...');
  execFileSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Unzips with the system `unzip` (the zip is exactly what Lambda would run). */
function extract(zip: string, into: string): void {
  const result = spawnSync('unzip', ['-q', '-o', zip, '-d', into], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      `unzip ${zip} failed (is the unzip command installed?): ${result.error ?? result.stderr}`,
    );
  }
}

/** Answers every request with Aiven's error shape and 401, so nothing waits on a network. */
async function startRefusingServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'invalid_auth', message: 'bench', errors: [] }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// Runs inside each fresh process: load, then one invocation, then report and exit.
const CHILD = `
const { performance } = require('node:perf_hooks');
const [file, fn] = process.argv.slice(2);
const mod = require(file);
const loaded = performance.now();
const now = Math.floor(Date.now() / 1000);
const events = {
  http: {
    version: '2.0', routeKey: 'POST /slack/events', rawPath: '/slack/events', rawQueryString: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(now),
      'x-slack-signature': 'v0=' + '0'.repeat(64) },
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
    body: 'command=%2Fvpc-peer&text=', isBase64Encoded: false,
  },
  worker: { Records: [] },
  poller: { version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
};
const context = { functionName: 'bench-' + fn, awsRequestId: 'bench', getRemainingTimeInMillis: () => 60000 };
let outcome;
Promise.resolve()
  .then(() => mod.handler(events[fn], context))
  .then((r) => { outcome = fn === 'http' ? 'status ' + (r && r.statusCode) : 'ok ' + JSON.stringify(r); },
        (e) => { outcome = 'threw ' + (e && e.name) + ': ' + String(e && e.message).slice(0, 80); })
  .finally(() => {
    const ready = performance.now();
    process.stdout.write('\\n@@BENCH ' + JSON.stringify({ loaded, ready, outcome }) + '\\n');
    process.exit(0);
  });
`;

interface Sample {
  loaded: number;
  ready: number;
  outcome: string;
}

function coldStart(childScript: string, handlerFile: string, fn: FunctionName, env: NodeJS.ProcessEnv) {
  return new Promise<Sample>((done, fail) => {
    const child = spawn(process.execPath, [childScript, handlerFile, fn], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@BENCH '));
      if (!line) return fail(new Error(`${fn}: no measurement (exit ${code}): ${err.slice(0, 500)}`));
      done(JSON.parse(line.slice('@@BENCH '.length)) as Sample);
    });
  });
}

function lambdaEnv(stubUrl: string): NodeJS.ProcessEnv {
  // A clean environment: valid config straight from variables (no SECRETS_ID, so no Secrets Manager
  // call), and every endpoint on the local stub so nothing can reach the internet or real AWS.
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
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
    SLACK_API_URL: `${stubUrl}/api/`,
    AIVEN_API_TOKEN: 'x',
    AIVEN_ORGANIZATION_ID: 'org1234567',
    AIVEN_API_URL: `${stubUrl}/v1`,
  };
}

export async function runBundleBench(options: BundleBenchOptions = {}): Promise<Row[]> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const runs = options.runs ?? 20;
  const dir = resolve(root, options.packageDir ?? process.env.SERVERLESS_PACKAGE_DIR ?? '.serverless');
  ensurePackaged(dir, options.repackage ?? false, log);

  const work = mkdtempSync(join(tmpdir(), 'vpc-peer-bundles-'));
  const { server, url } = await startRefusingServer();
  try {
    const childScript = join(work, 'cold-start.cjs');
    writeFileSync(childScript, CHILD);
    const env = lambdaEnv(url);
    const rows: Row[] = [];
    for (const fn of FUNCTIONS) {
      const zip = join(dir, `${fn}.zip`);
      const unpacked = join(work, fn);
      extract(zip, unpacked);
      const handlerFile = join(unpacked, 'src', 'entry', `${fn}.js`);
      const mapFile = `${handlerFile}.map`;
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await coldStart(childScript, handlerFile, fn, env));
      const ready = samples.map((s) => s.ready);
      const jsBytes = statSync(handlerFile).size;
      const readyMedianMs = median(ready);
      rows.push({
        fn,
        zipBytes: statSync(zip).size,
        jsBytes,
        mapBytes: existsSync(mapFile) ? statSync(mapFile).size : 0,
        runs,
        loadMedianMs: median(samples.map((s) => s.loaded)),
        readyMedianMs,
        readyMaxMs: Math.max(...ready),
        outcome: samples[0]?.outcome ?? '',
        withinBudget:
          readyMedianMs < BUDGETS.coldInitMs && (fn !== 'http' || jsBytes < BUDGETS.httpBundleBytes),
      });
      const extra = readdirSync(join(unpacked, 'src', 'entry')).filter((f) => !f.startsWith(`${fn}.js`));
      if (extra.length > 0) log(`  note: ${fn}.zip also holds ${extra.join(', ')}`);
    }
    return rows;
  } finally {
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatBundleRows(rows: Row[]): string {
  const lines = [
    `budgets: http bundle < ${kb(BUDGETS.httpBundleBytes)} minified; cold init (median) < ${BUDGETS.coldInitMs} ms`,
    'fn      zip        js         map        load ms  ready ms (max)    budget  first invocation',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.fn.padEnd(7),
        kb(r.zipBytes).padEnd(10),
        kb(r.jsBytes).padEnd(10),
        kb(r.mapBytes).padEnd(10),
        r.loadMedianMs.toFixed(0).padStart(7),
        `${r.readyMedianMs.toFixed(0).padStart(9)} (${r.readyMaxMs.toFixed(0)})`.padEnd(17),
        (r.withinBudget ? 'ok' : 'OVER').padEnd(7),
        r.outcome,
      ].join(' '),
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  runBundleBench()
    .then((rows) => {
      process.stdout.write(`${formatBundleRows(rows)}\n`);
      if (rows.some((r) => !r.withinBudget)) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
