// The playground is a local tool: never in a Lambda bundle, never with a real Slack app, and only on
// loopback.
import { existsSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseConfig } from '../../src/config';
import { startLocalBot } from '../../src/container/local';
import { wantsPlaygroundAws } from '../../src/container/playground-aws';
import { playgroundConfig } from '../../src/container/playground-config';
import { makeLogger } from '../../src/logger';
import type { PeeringRecord } from '../../src/peering/model';
import { PLAYGROUND_DATABASE_PATH, startPlaygroundBot } from '../support/playground';

const root = join(__dirname, '..', '..');
const LAMBDA_ENTRIES = [
  'src/container/lambda-http.ts',
  'src/container/lambda-worker.ts',
  'src/entry/http.ts',
  'src/entry/worker.ts',
  'src/entry/poller.ts',
];

/** GET with a chosen Host header (fetch does not allow setting it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('playground boundaries', () => {
  it('is not imported by any Lambda entry point', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: LAMBDA_ENTRIES,
      bundle: true,
      write: false,
      platform: 'node',
      packages: 'external',
      metafile: true,
      outdir: 'out',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('src/container/lambda-http.ts');
    expect(
      inputs.filter((path) => /sandbox\/(playground|moto|team-account)|playground-aws/.test(path)),
    ).toEqual([]);
  });

  it('is not served when a real Slack app is configured', async () => {
    const config = parseConfig(
      {
        SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
        SLACK_BOT_TOKEN: 'xoxb-real-app',
        AIVEN_SANDBOX: 'true',
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'vpc-peer-')), 'bot.db'),
      },
      'local',
    );
    const bot = await startLocalBot({
      config,
      logger: makeLogger({ level: 'silent', secrets: () => [] }),
      port: 0,
      playgroundPort: 0,
    });
    try {
      expect(bot.playground).toBeUndefined();
      expect(bot.slackStandIn).toBeUndefined();
      // AIVEN_SANDBOX=true with a real Slack app: every org VPC name (root messages, forms, lists) says so.
      expect(bot.aivenSandbox?.vpcs().map((v) => v.display_name)).toContain('[sandbox] prod-eu');
      // Nor its defaults: nobody approves without APPROVERS, and no moto is started.
      expect(playgroundConfig(config).approvers).toEqual([]);
      expect(playgroundConfig(config).notifyChannelId).toBeUndefined();
      expect(wantsPlaygroundAws(config)).toBe(false);
    } finally {
      await bot.stop();
    }
  });

  it('has its approvers group approve when APPROVERS is not set, and says so on the page', async () => {
    const local = (env: Record<string, string>) =>
      parseConfig({ DATABASE_PATH: PLAYGROUND_DATABASE_PATH, ...env }, 'local');
    expect(playgroundConfig(local({})).approvers).toEqual(['S0APPROVERS']);
    expect(playgroundConfig(local({ APPROVERS: 'U0DAVE' })).approvers).toEqual(['U0DAVE']);
    expect(playgroundConfig(local({})).notifyChannelId).toBe('C0ANNOUNCE');
    expect(playgroundConfig(local({ NOTIFY_CHANNEL: 'C0DATA' })).notifyChannelId).toBe('C0DATA');
    expect(wantsPlaygroundAws(local({}))).toBe(true);
    const bot = await startPlaygroundBot();
    try {
      const state = await fetch(`${bot.playground?.url}playground/api/state?user=U0ALICE`);
      expect(((await state.json()) as { guide: { approvers: string } }).guide.approvers).toBe(
        '@approvers (carol, dave)',
      );
    } finally {
      await bot.stop();
    }
  });

  it('keeps nothing on disk: its Slack starts empty on every run, so must the requests', async () => {
    const bot = await startPlaygroundBot();
    try {
      const now = new Date().toISOString();
      const record: PeeringRecord = {
        id: 'req-memory',
        spec: {
          orgVpcId: 'org-vpc-1',
          awsAccountId: '210987654321',
          awsRegion: 'eu-west-1',
          awsVpcId: 'vpc-0123456789abcdef0',
          extraCidrs: [],
        },
        orgVpc: {
          id: 'org-vpc-1',
          name: 'prod-eu',
          cloudName: 'aws-eu-west-1',
          awsRegion: 'eu-west-1',
          cidr: '10.20.0.0/24',
          state: 'ACTIVE',
        },
        state: 'REQUESTED',
        requestedBy: 'U0ALICE',
        channelId: 'C0PLATFORM',
        createdAt: now,
        updatedAt: now,
        version: 0,
      };
      await expect(bot.store.insertPeering(record)).resolves.toMatchObject({ created: true });
      expect(existsSync(PLAYGROUND_DATABASE_PATH)).toBe(false);
    } finally {
      await bot.stop();
    }
  });

  it('listens on loopback only and refuses pages asked for under another host name', async () => {
    const bot = await startPlaygroundBot();
    try {
      const url = new URL(bot.playground?.url as string);
      expect(url.hostname).toBe('127.0.0.1');
      expect(new URL(bot.eventsUrl as string).hostname).toBe('127.0.0.1');
      await expect(getWithHost(url.href, url.host)).resolves.toBe(200);
      await expect(getWithHost(url.href, `localhost:${url.port}`)).resolves.toBe(200);
      await expect(getWithHost(url.href, `attacker.example:${url.port}`)).resolves.toBe(403);
    } finally {
      await bot.stop();
    }
  });

  it("refuses actions posted by another web page (cross-site), and takes the page's own", async () => {
    const bot = await startPlaygroundBot();
    try {
      const act = `${bot.playground?.url}playground/api/act?user=U0CAROL`;
      const action = JSON.stringify({ kind: 'sandbox-advance', ms: 1000 });
      // What a page elsewhere can send without a preflight: text/plain, its own Origin.
      const crossSite = await fetch(act, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://attacker.example' },
        body: action,
      });
      expect(crossSite.status).toBe(403);
      const otherOrigin = await fetch(act, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://attacker.example' },
        body: action,
      });
      expect(otherOrigin.status).toBe(403);
      const own = await fetch(act, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: new URL(act).origin },
        body: action,
      });
      expect(own.status).toBe(200);
    } finally {
      await bot.stop();
    }
  });
});
