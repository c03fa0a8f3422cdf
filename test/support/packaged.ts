// Runs the packaged Lambda handlers (`npm run package` zips) the way Lambda does: unzipped, in a fresh
// `node` process (run-handler.cjs). Used by test/deploy and by bench/cold-start.ts.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type LambdaFunctionName = 'http' | 'worker' | 'poller';

export const RUN_HANDLER = join(__dirname, 'run-handler.cjs');

/** Unzips with python3's zipfile (python3 is already needed for moto): exactly what Lambda would run. */
export function extractZip(zip: string, into: string): void {
  const result = spawnSync('python3', ['-m', 'zipfile', '-e', zip, into], { encoding: 'utf8' });
  if (result.error || result.status !== 0)
    throw new Error(`unzipping ${zip} failed: ${result.error ?? result.stderr}`);
}

/** The file Lambda loads for `src/entry/<fn>.handler`: .mjs (ES module build) or .js. */
export function handlerFile(unpacked: string, fn: LambdaFunctionName): string {
  for (const ext of ['.mjs', '.js']) {
    const file = join(unpacked, 'src', 'entry', `${fn}${ext}`);
    if (existsSync(file)) return file;
  }
  throw new Error(`no src/entry/${fn}.mjs or .js in ${unpacked}`);
}

export interface HandlerRun {
  /** What the handler returned, or the error it threw as "Name: message". */
  result?: unknown;
  threw?: string;
  /** performance.now() in the child: since process start. */
  started: number;
  loaded: number;
  ready: number;
  rssBytes: number;
}

const MARK = '@@COLD-START ';

/** Loads the handler in a fresh process and invokes it once with `event`. */
export function runHandler(file: string, event: unknown, env: NodeJS.ProcessEnv): Promise<HandlerRun> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [RUN_HANDLER, file, JSON.stringify(event)],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith(MARK));
        if (!line)
          return fail(new Error(`${file}: no outcome (${error?.message}): ${stderr.slice(0, 1000)}`));
        done(JSON.parse(line.slice(MARK.length)) as HandlerRun);
      },
    );
  });
}
