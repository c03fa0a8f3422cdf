// Starts a private moto server (the AWS emulator) on a free loopback port: the tests use it, and
// `npm start` in playground mode runs one so "Accept in AWS" works for real on this machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'install it with: pip install "moto[server]"';

/*
 * `python3 -m moto.server` always serves requests on threads, and moto's TransactWriteItems is not
 * thread-safe (a cancelled transaction restores a whole-table copy, undoing concurrent writes). Tests of
 * concurrent DynamoDB transactions use this one-request-at-a-time server instead, which serializes
 * transactions the way DynamoDB does.
 */
const SERIAL_SERVER = [
  'import sys',
  'from werkzeug.serving import run_simple',
  'from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app',
  'run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)',
].join('\n');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether moto answers on `url`. Asks for moto's own JSON (`/moto-api/data.json`) rather than any
 * answer: between freePort() closing its probe and moto binding, another server on this machine (a
 * test's Slack or Aiven stand-in) can take the same port, and its 404 must not pass for moto.
 */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
    if (!response.ok) {
      await response.body?.cancel();
      return false;
    }
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  } catch {
    return false;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forceKill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(forceKill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

type StartOptions = { serial?: boolean; startupTimeoutMs?: number };

/** The port was taken between freePort() and moto's bind: worth another free port. */
class PortTakenError extends Error {}

/** Starts a private moto server on a free port; the caller owns it and must stop() it. */
export async function startMoto(options: StartOptions = {}): Promise<MotoServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
}

async function startOnce(options: StartOptions): Promise<MotoServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = options.serial
    ? ['-c', SERIAL_SERVER, '127.0.0.1', String(port)]
    : ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)];
  const child = spawn('python3', args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    // A MOTO_ACCOUNT_ID left in the environment would move every resource to another account.
    env: { ...process.env, MOTO_ACCOUNT_ID: undefined, MOTO_PORT: String(port) },
  });
  // Keep the tail of stderr: it is the only explanation when moto fails to start.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let failure: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure =
      error.code === 'ENOENT'
        ? new Error(`moto needs python3, which was not found on PATH; then ${INSTALL_HINT}`)
        : error;
  });
  child.once('exit', (code, signal) => {
    if (/Address already in use/i.test(stderr)) failure ??= new PortTakenError(`port ${port} was taken`);
    failure ??= /No module named/.test(stderr)
      ? new Error(`moto is not installed for python3; ${INSTALL_HINT}\n${stderr}`)
      : new Error(`moto server exited during start-up (code ${code}, signal ${signal}):\n${stderr}`);
  });

  const deadline = Date.now() + (options.startupTimeoutMs ?? 30_000);
  // The child must still be running when moto answers: one that lost the port exits, and what
  // answered then was something else.
  while (!(await answers(url)) || child.exitCode !== null || child.signalCode !== null) {
    if (failure) throw failure;
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`moto server did not answer on ${url} in time; is moto installed? ${INSTALL_HINT}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // moto's stderr is an access log; draining it keeps the pipe from filling and blocking the server.
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { url, stop: () => stopProcess(child) };
}
