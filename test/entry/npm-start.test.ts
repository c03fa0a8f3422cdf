// `npm start` as a person runs it, in a real child process: what it prints first, and what it says
// when Slack's port (PORT, 3000 by default) is taken.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** A loopback port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Holds `port` on loopback; already held by someone else is just as taken. */
async function occupy(port: number): Promise<Server | undefined> {
  const server = createServer();
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return server;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return undefined;
    throw error;
  }
}

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
}

function npmStart(env: Record<string, string>): Run {
  const { PORT: _port, PLAYGROUND_PORT: _pg, AWS_ENDPOINT_URL: _aws, ...inherited } = process.env;
  let stdout = '';
  let stderr = '';
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    // Its own process group: the test stops npm, tsx and the bot (and its moto) together.
    detached: true,
    env: {
      ...inherited,
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'vpc-peer-start-')), 'bot.db'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return { child, output: () => ({ stdout, stderr }) };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

function stop(child: ChildProcess): void {
  if (child.exitCode === null && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

describe('npm start', () => {
  const running: ChildProcess[] = [];
  afterAll(() => {
    for (const child of running) stop(child);
  });

  it('with PORT 3000 taken, says so and which setting to change, without a stack trace', async () => {
    const held = await occupy(3000);
    try {
      // The test's moto as AWS: no moto of its own to start, so it gets to the port at once.
      const run = npmStart({
        PLAYGROUND_PORT: String(await freePort()),
        AWS_ENDPOINT_URL: process.env.MOTO_URL ?? '',
      });
      running.push(run.child);
      expect(await exitCode(run.child)).toBe(2);
      const { stdout, stderr } = run.output();
      expect(stderr).toContain('vpc-peer cannot start.');
      expect(stderr).toContain(
        "PORT: port 3000 (where Slack's requests arrive, POST /slack/events) is already in use (another npm start?); set a free port, e.g. PORT=3001",
      );
      expect(`${stdout}${stderr}`).not.toMatch(/EADDRINUSE|\n\s+at /);
    } finally {
      held?.close();
    }
  }, 60_000);

  it('with a bad POLICY_FILE, names the file, the key and a valid value, and stops before serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpc-peer-policy-'));
    const file = join(dir, 'policy.yml');
    writeFileSync(
      file,
      'teams:\n  payments:\n    members: [U0ALICE]\n    aws_accounts: ["111122223333", "1234"]\n',
    );
    const run = npmStart({
      POLICY_FILE: file,
      PORT: String(await freePort()),
      PLAYGROUND_PORT: String(await freePort()),
    });
    running.push(run.child);
    expect(await exitCode(run.child)).toBe(2);
    const { stdout, stderr } = run.output();
    expect(stderr).toContain('vpc-peer cannot start.');
    expect(stderr).toContain(
      `POLICY_FILE ${file}: teams.payments.aws_accounts[1]: "1234" is not a 12-digit AWS account id, e.g. "111122223333"`,
    );
    expect(stdout).not.toContain('Playground:');
  }, 60_000);

  it('prints the playground first, not the AWS SDK warning about Node 22', async () => {
    // As a person runs it: its own moto when python3 has it, whose AWS clients are built at start.
    const run = npmStart({ PORT: String(await freePort()), PLAYGROUND_PORT: String(await freePort()) });
    running.push(run.child);
    const ready = new Promise<void>((resolve, reject) => {
      run.child.stdout?.on('data', () => {
        if (run.output().stdout.includes('vpc-peer is running.')) resolve();
      });
      run.child.once('exit', (code) =>
        reject(new Error(`npm start exited with ${code}: ${run.output().stderr}`)),
      );
    });
    await ready;
    // The summary is written at once; give the rest of it a moment to arrive before reading it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop(run.child);
    await exitCode(run.child);
    const { stdout, stderr } = run.output();
    expect(stdout.trimStart()).toMatch(/^Playground: open http:\/\/127\.0\.0\.1:\d+\/ /);
    expect(`${stdout}${stderr}`).not.toContain('NodeVersionSupportWarning');
    if (Number(process.versions.node.split('.')[0]) < 22)
      expect(stdout).toContain(`  Node: ${process.version} works; Lambda runs Node 22`);
  }, 90_000);
});
