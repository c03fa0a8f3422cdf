// Lambda bundle budget: what each function's zip holds. The handler is an ES module whose chunks sit
// in <fn>.chunks/ next to it; "at start" counts the handler and the chunks it imports statically (read
// before the first invocation), "on demand" the chunks only reached through import() (read on first
// use, e.g. the DynamoDB client). Cold start times are in bench/cold-start.ts.
//
//   npx tsx bench/bundles.ts          (runs `npm run package` first when .serverless/ has no zips)
//   SERVERLESS_PACKAGE_DIR=.serverless npx tsx bench/bundles.ts
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { extractZip, handlerFile } from '../test/support/packaged';

export const FUNCTIONS = ['http', 'worker', 'poller'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Budgets from the design: the HTTP function must cold-start well inside Slack's 3 seconds. */
// Start JS: the ES module build reads about 350 KB before the first request (1.2 MB as one CommonJS file).
// Worker and poller: the STS/EC2 clients, SQS client and Bolt are read on first use, not at start
// (1.2 MB at start when they were); the same 512 KB keeps them from creeping back.
export const BUDGETS = {
  httpZipBytes: 1.5 * 1024 * 1024,
  httpStartJsBytes: 512 * 1024,
  workerStartJsBytes: 512 * 1024,
} as const;

export interface Row {
  fn: FunctionName;
  zipBytes: number;
  /** The handler file (src/entry/<fn>.mjs, or .js for a CommonJS build). */
  handlerBytes: number;
  /** The handler plus every chunk it imports statically: the code read before the first invocation. */
  startBytes: number;
  /** All JavaScript in the zip. */
  totalBytes: number;
  files: number;
  withinBudget: boolean;
}

export const root = resolve(__dirname, '..');

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export function packageDir(dir?: string): string {
  return resolve(root, dir ?? process.env.SERVERLESS_PACKAGE_DIR ?? '.serverless');
}

export function ensurePackaged(dir: string, repackage: boolean, log: (line: string) => void): void {
  const missing = FUNCTIONS.some((fn) => !existsSync(join(dir, `${fn}.zip`)));
  if (!missing && !repackage) return;
  log('running npm run package ...');
  execFileSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

// Static imports in esbuild output: `import{a as b}from"./x.mjs"` and `import"./x.mjs"`. A dynamic
// import() has a parenthesis after `import` and is not matched.
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;

/** The handler and the files it imports statically, transitively: what Node reads before the handler runs. */
export function filesReadAtStart(handler: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT))
      visit(resolve(dirname(file), match[1] as string));
  };
  visit(handler);
  return [...seen];
}

const jsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(m|c)?js$/.test(f))
    .map((f) => join(dir, f));

export function runBundleBench(options: { packageDir?: string; repackage?: boolean } = {}): Row[] {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const dir = packageDir(options.packageDir);
  ensurePackaged(dir, options.repackage ?? false, log);
  const work = mkdtempSync(join(tmpdir(), 'vpc-peer-bundles-'));
  try {
    return FUNCTIONS.map((fn) => {
      const zip = join(dir, `${fn}.zip`);
      const unpacked = join(work, fn);
      extractZip(zip, unpacked);
      const handler = handlerFile(unpacked, fn);
      const size = (files: string[]) => files.reduce((sum, f) => sum + statSync(f).size, 0);
      const all = jsFiles(unpacked);
      const row = {
        fn,
        zipBytes: statSync(zip).size,
        handlerBytes: statSync(handler).size,
        startBytes: size(filesReadAtStart(handler)),
        totalBytes: size(all),
        files: all.length,
      };
      return {
        ...row,
        withinBudget:
          fn === 'http'
            ? row.zipBytes < BUDGETS.httpZipBytes && row.startBytes < BUDGETS.httpStartJsBytes
            : row.startBytes < BUDGETS.workerStartJsBytes,
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatBundleRows(rows: Row[]): string {
  const lines = [
    `budgets: http zip < ${kb(BUDGETS.httpZipBytes)}; http JavaScript read at start < ${kb(BUDGETS.httpStartJsBytes)}; worker/poller < ${kb(BUDGETS.workerStartJsBytes)}`,
    'fn      zip        handler    at start   on demand  files  budget',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.fn.padEnd(7),
        kb(r.zipBytes).padEnd(10),
        kb(r.handlerBytes).padEnd(10),
        kb(r.startBytes).padEnd(10),
        kb(r.totalBytes - r.startBytes).padEnd(10),
        String(r.files).padStart(5),
        ` ${r.withinBudget ? 'ok' : 'OVER'}`,
      ].join(' '),
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  try {
    const rows = runBundleBench();
    process.stdout.write(`${formatBundleRows(rows)}\n`);
    if (rows.some((r) => !r.withinBudget)) process.exitCode = 1;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
}
