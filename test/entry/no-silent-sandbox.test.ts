// `npm start` with a real Slack app but no Aiven settings must not fall back to the embedded sandbox
// (it would record made-up peerings in the real SQLite file): it refuses, naming what is missing.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, npmStart } from '../support/npm-start';

describe('npm start with Slack settings and no Aiven settings', () => {
  test('exits non-zero, names the missing variables and creates no database', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'vpc-peer-')), 'bot.db');
    const bot = npmStart({
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_BOT_TOKEN: 'xoxb-real-app-token',
      DATABASE_PATH: database,
      PORT: String(await freePort()),
    });
    // A bot that started anyway would run until stopped.
    const stop = setTimeout(() => void bot.stop(), 60_000);
    const code = await bot.exited;
    clearTimeout(stop);
    await bot.stop();
    const output = bot.output();
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
