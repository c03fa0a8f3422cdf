// A sandbox control changes Aiven; the bot looks at once (one poll, never two at a time), so the
// thread follows while the person watches instead of at the next minute poll.
import type { PollResult } from '../../src/container/index';
import type { LocalBot } from '../../src/container/local';
import { startPoller } from '../../src/container/poller';
import { makeLogger } from '../../src/logger';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startPlaygroundBot } from '../support/playground';

const silent = makeLogger({ level: 'silent', secrets: () => [] });

describe('poller.refresh', () => {
  it('runs once more after a run in progress, shared by every caller meanwhile, never two at a time', async () => {
    const releases: (() => void)[] = [];
    let running = 0;
    let most = 0;
    let runs = 0;
    const poll = {
      run: () =>
        new Promise<PollResult>((resolve) => {
          runs += 1;
          running += 1;
          most = Math.max(most, running);
          releases.push(() => {
            running -= 1;
            resolve({} as PollResult);
          });
        }),
    };
    const poller = startPoller({ poll, intervalMs: 3_600_000, logger: silent });
    const first = poller.runNow();
    const again = [poller.refresh(), poller.refresh()];
    expect(again[0]).toBe(again[1]);
    expect(runs).toBe(1);
    releases.shift()?.();
    await first;
    // The follow-up starts once the first has ended.
    while (runs < 2) await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
    await Promise.all(again);
    expect({ runs, most }).toEqual({ runs: 2, most: 1 });
    await poller.stop();
  });
});

describe('sandbox controls in the playground', () => {
  let bot: LocalBot;
  beforeAll(async () => {
    bot = await startPlaygroundBot();
    // As after `npm start`: the first poll (which adopts what exists silently) has run.
    await bot.reconcile();
  });
  afterAll(async () => {
    await bot?.stop();
  });

  const act = async (action: Record<string, unknown>) => {
    const response = await fetch(`${bot.playground?.url}playground/api/act?user=U0BOB`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(action),
    });
    return (await response.json()) as { ok: boolean };
  };
  const tracked = async (vpc: string) =>
    (await bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === vpc);

  it('has the bot poll Aiven before answering, so the change is already in the bot (poll interval: a minute)', async () => {
    const vpc = 'vpc-0feedbeef00000099';
    await expect(
      act({
        kind: 'sandbox-outside-peering',
        orgVpcId: SEED_IDS.prodEu,
        peerAccount: '123456789012',
        peerVpc: vpc,
      }),
    ).resolves.toEqual({ ok: true });
    expect((await tracked(vpc))?.state).toBe('APPROVED');
    // Announced in the playground's #announcements (its NOTIFY_CHANNEL when none is set).
    await bot.idle();
    const announced = bot.playground?.slack.messages('C0ANNOUNCE') ?? [];
    expect(JSON.stringify(announced)).toContain(vpc);

    await expect(act({ kind: 'sandbox-advance', ms: 5_000 })).resolves.toEqual({ ok: true });
    expect((await tracked(vpc))?.state).toBe('PENDING_PEER');
  });
});
