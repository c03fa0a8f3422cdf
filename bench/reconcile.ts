// One reconcile over a large organization against the Aiven sandbox over HTTP: 50 org VPCs with 20
// peerings each. Counts Aiven calls (goal: exactly 1 list + 1 get per VPC = 51) and Slack calls
// (goal: one per thread reply or root update), and times the run (target: under 1 s).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { openSqliteStore } from '../src/adapters/store/sqlite';
import { makeAiven } from '../src/container/clients';
import { makeProgress } from '../src/container/progress';
import { makeLogger } from '../src/logger';
import { SANDBOX_TIMINGS, startAivenSandbox } from '../src/sandbox/aiven-sandbox';
import { startSlackApiStandIn } from '../src/sandbox/slack-api';
import { makeMessageDelivery } from '../src/slack/delivery';

export interface ReconcileRow {
  scenario: string;
  aivenCalls: number;
  slackCalls: number;
  wallMs: number;
}

export async function runReconcileBench(
  vpcCount = 50,
  peeringsPerVpc = 20,
  changes = 10,
): Promise<ReconcileRow[]> {
  const aiven = await startAivenSandbox({ clock: 'manual', seed: false });
  const slack = await startSlackApiStandIn();
  const logger = makeLogger({ level: 'silent' });
  const store = openSqliteStore({
    path: join(mkdtempSync(join(tmpdir(), 'vpc-peer-bench-')), 'reconcile.db'),
  });
  const client = makeAiven(
    {
      mode: 'api',
      apiUrl: aiven.url,
      token: aiven.token,
      organizationId: aiven.organizationId,
      timeoutMs: 10_000,
    },
    logger,
  );
  const hex = (n: number) => n.toString(16).padStart(17, '0');
  for (let v = 0; v < vpcCount; v++) {
    const orgVpcId = aiven.addVpc({
      displayName: `org-vpc-${v}`,
      cloudName: 'aws-eu-west-1',
      cidr: `10.${v}.0.0/24`,
    });
    for (let p = 0; p < peeringsPerVpc; p++) {
      await client.createPeering({
        orgVpcId,
        awsAccountId: '210987654321',
        awsVpcId: `vpc-${hex(v * 1000 + p)}`,
        awsRegion: 'eu-west-1',
        extraCidrs: [],
      });
    }
  }
  aiven.advance(SANDBOX_TIMINGS.approvedMs + SANDBOX_TIMINGS.pendingPeerMs);
  const slackClient = new WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl });
  const clock = { now: () => new Date() };
  const { reconcile } = makeProgress(
    {
      aiven: client,
      store,
      slack: slackClient,
      delivery: makeMessageDelivery({ client: slackClient, store, clock, logger }),
      queue: { enqueue: async () => {} },
      clock,
      logger,
    },
    { organizationId: aiven.organizationId, notifyChannelId: undefined },
  );
  // The first run tracks the 1,000 peerings (as after a deploy); the bench measures the runs after it.
  await reconcile.run();
  const records = await store.listOpenPeerings();
  if (records.length !== vpcCount * peeringsPerVpc) throw new Error(`tracked ${records.length} peerings`);
  // Give `changes` of them a Slack thread, as if requested through /vpc-peer.
  const changing = records.filter((_, i) => i % Math.floor(records.length / changes) === 0).slice(0, changes);
  for (const [i, record] of changing.entries()) {
    await store.updatePeering(record.id, record.version, {
      origin: 'slack',
      requestedBy: 'U0BENCH',
      channelId: 'C0BENCH',
      thread: { channelId: 'C0BENCH', ts: `1700000000.${String(i).padStart(6, '0')}` },
    });
  }

  async function measure(scenario: string): Promise<ReconcileRow> {
    const aivenBefore = aiven.requests.length;
    const slackBefore = slack.calls.length;
    const started = performance.now();
    await reconcile.run();
    const wallMs = performance.now() - started;
    return {
      scenario,
      aivenCalls: aiven.requests.length - aivenBefore,
      slackCalls: slack.calls.length - slackBefore,
      wallMs,
    };
  }

  const rows = [await measure(`${vpcCount * peeringsPerVpc} peerings, no change`)];
  for (const record of changing) aiven.setPeeringState(record.aivenPeeringId as string, 'DELETED_BY_PEER');
  rows.push(await measure(`${vpcCount * peeringsPerVpc} peerings, ${changes} state changes`));
  await store.close?.();
  await aiven.close();
  await slack.close();
  return rows;
}
