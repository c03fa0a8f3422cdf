// `npm start` with a real Slack app but no Aiven settings must not fall back to the embedded sandbox
// (it would record made-up peerings in the real SQLite file): it refuses, naming what is missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function npmStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    // Only what a person would have set: no AIVEN_* settings inherited from the test environment.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(AIVEN_|SLACK_|PORT$|DATABASE_PATH$)/.test(name)),
    );
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    // A bot that started would run until stopped: stop it and report what it printed.
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** A port nobody listens on, in case the bot did start. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

describe('npm start with Slack settings and no Aiven settings', () => {
  test('exits non-zero, names the missing variables and creates no database', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'vpc-peer-')), 'bot.db');
    const { code, output } = await npmStart({
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_BOT_TOKEN: 'xoxb-real-app-token',
      DATABASE_PATH: database,
      PORT: String(await freePort()),
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain('vpc-peer cannot start');
    expect(output).toMatch(/AIVEN_API_TOKEN: is required when Slack settings are set/);
    expect(output).toMatch(/AIVEN_ORGANIZATION_ID: is required when Slack settings are set/);
    expect(output).toContain('AIVEN_SANDBOX=true');
    expect(output).not.toContain('xoxb-real-app-token');
    expect(output).not.toContain('vpc-peer is running');
    expect(existsSync(database)).toBe(false);
  }, 90_000);
});
