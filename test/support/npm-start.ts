// `npm start` as a real child process, as an operator runs it, with only the settings given (no
// AIVEN_* or SLACK_* inherited from the test run). Runs in its own process group so stop() ends npm,
// tsx and the bot together, even if one of them does not pass the signal on.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface NpmStart {
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  running(): boolean;
  /** Resolves once `text` was printed; rejects if it exits first or after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function npmStart(env: Record<string, string>): NpmStart {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AIVEN_|SLACK_|PORT$|DATABASE_PATH$)/.test(name)),
  );
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: resolve(__dirname, '../..'),
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  let running = true;
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running = false;
      done(code);
    }),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  return {
    output: () => output,
    exited,
    running: () => running,
    async waitFor(text, timeoutMs = 60_000) {
      const started = Date.now();
      while (!output.includes(text)) {
        if (!running) throw new Error(`npm start exited before printing "${text}":\n${output}`);
        if (Date.now() - started > timeoutMs)
          throw new Error(`npm start did not print "${text}":\n${output}`);
        await new Promise((wait) => setTimeout(wait, 50));
      }
    },
    async stop() {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      // npm may exit before its children: make sure none is left behind.
      signalGroup('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

/** A loopback port nobody listens on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}
