// Reconcile end to end: the Aiven sandbox drives the states through its clock, the Slack stand-in
// records what people would read, on both stores (SQLite, and DynamoDB on moto).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, makeDynamoStore } from '../../src/adapters/store/dynamodb';
import type { Store } from '../../src/adapters/store/roles';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { specKey } from '../../src/peering/model';
import { observeChange } from '../../src/peering/progress';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import type { ManualClock } from '../adapters/store-contract';
import { awsClientConfig, uniqueName } from '../support/aws';
import { type MotoServer, startMoto } from '../support/moto';
import { NOTIFY, type ProgressHarness, ROOT, startProgressHarness, textOf } from '../support/progress';

const DAY = 24 * 3600 * 1000;

let moto: MotoServer;
let dynamo: DynamoDBClient;
beforeAll(async () => {
  // A private serial moto: overlapping runs write concurrently (see test/support/moto.ts).
  moto = await startMoto({ serial: true });
  dynamo = new DynamoDBClient(awsClientConfig(moto.url));
});
afterAll(async () => {
  dynamo.destroy();
  await moto?.stop();
});

const STORES: [string, (clock: ManualClock) => Promise<Store>][] = [
  ['SQLite', async (clock) => openSqliteStore({ path: ':memory:', clock })],
  [
    'DynamoDB on moto',
    // A table per test: every test has its own sandbox organization, and reconcile reads all open records.
    async (clock) => {
      const tableName = uniqueName('vpc-peer-reconcile');
      await createTable(dynamo, tableName);
      return makeDynamoStore({ client: dynamo, tableName, clock });
    },
  ],
];

describe.each(STORES)('reconcile (%s)', (_name, makeStore) => {
  let h: ProgressHarness;
  const run = () => h.progress.reconcile.run();
  afterEach(async () => {
    await h.stop();
  });

  describe('a peering requested through Slack', () => {
    beforeEach(async () => {
      h = await startProgressHarness(makeStore);
      await run(); // first run: adopts the seed peering silently
    });

    it('APPROVED -> PENDING_PEER -> ACTIVE: one reply and one root update each, with the ids and AWS steps', async () => {
      const record = await h.track();
      await run();
      expect(h.replies()).toHaveLength(0);

      h.advance(SANDBOX_TIMINGS.approvedMs);
      await run();
      await run(); // a repeated run announces nothing again
      const pcx = h.aiven.peerings().find((p) => p.peering_connection_id === record.aivenPeeringId)
        ?.state_info.aws_vpc_peering_connection_id as string;
      expect(pcx).toMatch(/^pcx-/);
      expect(h.replies()).toHaveLength(1);
      const pending = textOf(h.replies()[0]);
      expect(h.replies()[0]?.args).toMatchObject({ channel: ROOT.channelId, thread_ts: ROOT.ts });
      expect(pending).toContain('*Approved* → *Waiting for AWS*');
      expect(pending).toContain(`Aiven says: “Accept VPC peering connection request ${pcx}`);
      expect(pending).toContain(
        `https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#PeeringConnectionDetails:VpcPeeringConnectionId=${pcx}`,
      );
      expect(pending).toContain(
        `aws ec2 accept-vpc-peering-connection --region eu-west-1 --vpc-peering-connection-id ${pcx}`,
      );
      expect(pending).toContain('--destination-cidr-block 10.20.0.0/24');
      expect(pending).toContain(`Aiven peering ${record.aivenPeeringId}`);
      expect(h.rootUpdates()).toHaveLength(1);
      expect(h.rootUpdates()[0]?.args).toMatchObject({ channel: ROOT.channelId, ts: ROOT.ts });
      expect(textOf(h.rootUpdates()[0])).toContain('*Waiting for AWS*');

      h.advance(SANDBOX_TIMINGS.pendingPeerMs);
      await run();
      await run();
      expect(h.replies()).toHaveLength(2);
      const active = textOf(h.replies()[1]);
      expect(active).toContain('*Waiting for AWS* → *Active*');
      expect(active).toContain('The peering is up');
      expect(active).not.toContain('accept-vpc-peering-connection');
      expect(h.rootUpdates()).toHaveLength(2);
      expect(textOf(h.rootUpdates()[1])).toContain('*Active*');
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({
        state: 'ACTIVE',
        pendingChanges: [],
      });
    });

    it('INVALID_SPECIFICATION: Aiven message verbatim, the conflict in plain words, and the VPC free again', async () => {
      const record = await h.track();
      h.aiven.setPeeringState(record.aivenPeeringId as string, 'INVALID_SPECIFICATION', {
        type: 'invalid-specification',
        message: `VPC peering connection request to AWS account 210987654321 VPC ${record.spec.awsVpcId} in eu-west-1 failed: Peer network 10.20.0.0/16 overlaps with the Aiven VPC network 10.20.0.0/24`,
        warnings: [
          {
            type: 'overlapping-peer-vpc-ip-ranges',
            message: 'Peer network 10.20.0.0/16 overlaps with an existing peering',
            conflicting_aws_account_id: '111122223333',
            conflicting_aws_vpc_id: 'vpc-0fedcba9876543210',
            conflicting_aws_vpc_peering_connection_id: 'pcx-0aaaabbbbccccdddd',
          },
        ],
      });
      await run();
      await run();
      expect(h.replies()).toHaveLength(1);
      const text = textOf(h.replies()[0]);
      expect(text).toContain('*Approved* → *Invalid specification*');
      expect(text).toContain('overlaps with the Aiven VPC network 10.20.0.0/24');
      expect(text).toContain(
        'Peer network 10.20.0.0/16 overlaps with an existing peering (conflicts with AWS account 111122223333, VPC vpc-0fedcba9876543210, peering connection pcx-0aaaabbbbccccdddd)',
      );
      expect(text).toContain('request it again with `/vpc-peer`');
      expect(h.rootUpdates()).toHaveLength(1);
      await expect(h.store.findOpenBySpecKey(specKey(record.spec))).resolves.toBeUndefined();
    });

    it('DELETED_BY_PEER: one final reply saying what happened and what to do', async () => {
      const record = await h.track();
      h.aiven.setPeeringState(record.aivenPeeringId as string, 'DELETED_BY_PEER');
      await run();
      await run();
      expect(h.replies()).toHaveLength(1);
      expect(textOf(h.replies()[0])).toContain('*Approved* → *Deleted in AWS*');
      expect(textOf(h.replies()[0])).toContain(
        'deleted on the AWS side (AWS account 210987654321 (eu-west-1))',
      );
      expect(textOf(h.rootUpdates()[0])).toContain('*Deleted in AWS*');
      await expect(h.store.findOpenBySpecKey(specKey(record.spec))).resolves.toBeUndefined();
    });

    it('a peering that disappears from Aiven counts as DELETED, once', async () => {
      const record = await h.track();
      h.aiven.setPeeringState(record.aivenPeeringId as string, 'DELETED');
      h.advance(SANDBOX_TIMINGS.deletedVisibleMs + 1000);
      expect(h.aiven.peerings().map((p) => p.peering_connection_id)).not.toContain(record.aivenPeeringId);
      await run();
      await run();
      expect(h.replies()).toHaveLength(1);
      expect(textOf(h.replies()[0])).toContain('*Approved* → *Deleted*');
      expect(textOf(h.replies()[0])).toContain('Aiven no longer lists this peering');
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETED' });
    });

    it('a new Aiven message in the same (not DELETING) state is still announced, once', async () => {
      const record = await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      await run();
      expect(h.replies()).toHaveLength(1);
      h.aiven.setPeeringState(record.aivenPeeringId as string, 'PENDING_PEER', {
        type: 'pending-peer',
        message: 'Still waiting for the peer to accept',
      });
      await run();
      await run();
      expect(h.replies()).toHaveLength(2);
      expect(textOf(h.replies()[1])).toContain('*Waiting for AWS* → *Waiting for AWS*');
      expect(textOf(h.replies()[1])).toContain('Still waiting for the peer to accept');
    });

    it('two overlapping runs announce each change once', async () => {
      await h.track();
      await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      await Promise.all([run(), run(), h.progress.reconcile.run()]);
      expect(h.replies()).toHaveLength(2);
      expect(h.rootUpdates()).toHaveLength(2);
      await run();
      expect(h.replies()).toHaveLength(2);
    });

    it('an Aiven 500 announces nothing (no false deletion) and the next run catches up', async () => {
      const record = await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      h.aiven.failNext({ method: 'GET', pathIncludes: `/vpcs/${SEED_IDS.prodEu}`, status: 500, times: 2 });
      await run();
      expect(h.replies()).toHaveLength(0);
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'APPROVED' });

      h.aiven.failNext({ method: 'GET', status: 503, times: 2 });
      await expect(run()).rejects.toThrow();
      expect(h.replies()).toHaveLength(0);

      await run();
      expect(h.replies()).toHaveLength(1);
      expect(textOf(h.replies()[0])).toContain('*Approved* → *Waiting for AWS*');
    });

    it('backs off on 429 and still reads each org VPC with one successful get', async () => {
      await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      h.aiven.failNext({
        method: 'GET',
        pathIncludes: `/vpcs/${SEED_IDS.prodEu}`,
        status: 429,
        retryAfterSeconds: 0,
      });
      const before = h.aiven.requests.length;
      await run();
      const gets = h.aiven.requests.slice(before).map((r) => r.path.split('/').at(-1));
      expect(gets.filter((id) => id === SEED_IDS.prodEu)).toHaveLength(2); // the 429, then the retry
      expect(gets.filter((id) => id === 'vpcs')).toHaveLength(1);
      expect(h.replies()).toHaveLength(1);
    });

    it('reminds at 1 and 6 days in PENDING_PEER, mentioning the requester, then says it expired', async () => {
      const record = await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      await run();
      const peeringId = record.aivenPeeringId as string;
      const info = h.aiven.peerings().find((p) => p.peering_connection_id === peeringId)?.state_info;
      // Nobody accepts: hold the sandbox in PENDING_PEER.
      h.aiven.setPeeringState(peeringId, 'PENDING_PEER', info);
      await run(); // same state and message: not a change
      expect(h.replies()).toHaveLength(1);

      h.advance(DAY + 60_000);
      await run();
      await run();
      expect(h.replies()).toHaveLength(2);
      const first = textOf(h.replies()[1]);
      expect(first).toContain('<@U0ALICE>');
      expect(first).toContain('has waited 1 day for someone to accept it in AWS account 210987654321');

      h.advance(5 * DAY);
      await run();
      await run();
      expect(h.replies()).toHaveLength(3);
      expect(textOf(h.replies()[2])).toContain('has waited 6 days');

      h.advance(DAY);
      await run();
      await run();
      expect(h.replies()).toHaveLength(4);
      expect(textOf(h.replies()[3])).toContain('*Waiting for AWS* → *Expired*');
      expect(textOf(h.replies()[3])).toContain('within 7 days');
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'EXPIRED' });
      await expect(h.store.findOpenBySpecKey(specKey(record.spec))).resolves.toBeUndefined();
      // Aiven still lists it as PENDING_PEER: it must not come back as a peering made outside vpc-peer.
      await run();
      expect(h.replies()).toHaveLength(4);
      expect(h.slack.callsTo('chat.postMessage')).toHaveLength(4);
    });
  });

  describe('a job writing the record while the poll reads Aiven', () => {
    beforeEach(async () => {
      h = await startProgressHarness(makeStore);
      await run();
    });

    it('a peering the create job submits meanwhile is not taken for deleted, and stays tracked', async () => {
      const record = await h.requested();
      // Aiven is read before the peering exists; the create job records its Aiven id right after.
      h.afterAivenRead(async () => {
        await h.submit(record);
      });
      await run();
      expect(h.replies()).toHaveLength(0);
      const submitted = await h.store.getPeering(record.id);
      expect(submitted?.state).toBe('APPROVED');
      expect(submitted?.pendingChanges ?? []).toEqual([]);

      h.advance(SANDBOX_TIMINGS.approvedMs);
      await run();
      await run();
      expect(h.replies().map(textOf)).toEqual([expect.stringContaining('*Approved* → *Waiting for AWS*')]);
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'PENDING_PEER' });
      // Still vpc-peer's own record: nothing adopted as made outside vpc-peer, no step failed.
      await expect(h.store.findByAivenPeeringId(submitted?.aivenPeeringId as string)).resolves.toMatchObject({
        id: record.id,
      });
      expect(h.logs.filter((line) => line.includes('reconcile step failed'))).toEqual([]);
    });

    it('a deletion the delete job records meanwhile is not undone by the older Aiven read', async () => {
      const record = await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs); // Aiven now says PENDING_PEER; the record still APPROVED
      const peeringId = record.aivenPeeringId as string;
      h.afterAivenRead(async () => {
        // The delete job: marks the record DELETING (keeping the old stateInfo), then deletes in Aiven.
        await h.store.updatePeering(record.id, record.version, { state: 'DELETING' });
        h.aiven.setPeeringState(peeringId, 'DELETING', { type: 'deleting', message: 'Deleting peering' });
      });
      await run();
      expect(h.replies()).toHaveLength(0);
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETING' });

      await run(); // Aiven's DELETING, with its own message: recorded, nothing to tell
      expect(h.replies()).toHaveLength(0);
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({
        state: 'DELETING',
        stateInfo: { message: 'Deleting peering' },
      });

      h.aiven.setPeeringState(peeringId, 'DELETED');
      h.advance(SANDBOX_TIMINGS.deletedVisibleMs + 1000);
      await run();
      await run();
      expect(h.replies().map(textOf)).toEqual([expect.stringContaining('→ *Deleted*')]);
      expect(textOf(h.replies()[0])).not.toContain('*Waiting for AWS*');
      expect(h.logs.filter((line) => line.includes('reconcile step failed'))).toEqual([]);
    });
  });

  describe('an announcement of an ended peering that fails', () => {
    beforeEach(async () => {
      h = await startProgressHarness(makeStore);
      await run();
    });

    it('is posted exactly once by the next run, and the VPC is free for a new request meanwhile', async () => {
      const record = await h.track();
      h.aiven.setPeeringState(record.aivenPeeringId as string, 'DELETED');
      h.advance(SANDBOX_TIMINGS.deletedVisibleMs + 1000);
      h.slack.failNext('chat.postMessage', 'ratelimited');
      await run();
      expect(h.replies()).toHaveLength(1); // the failed attempt
      expect(h.rootUpdates()).toHaveLength(0);
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETED' });
      await expect(h.store.findOpenBySpecKey(specKey(record.spec))).resolves.toBeUndefined();

      await run();
      await run();
      const posted = h.slack.callsTo('chat.postMessage').filter((c) => c.response?.ok === true);
      expect(posted.map(textOf)).toEqual([expect.stringContaining('*Approved* → *Deleted*')]);
      expect(h.rootUpdates()).toHaveLength(1);
      expect(textOf(h.rootUpdates()[0])).toContain('*Deleted*');
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({
        state: 'DELETED',
        pendingChanges: [],
      });
      expect((await h.store.listOpenPeerings()).map((r) => r.id)).not.toContain(record.id);

      const again = await h.requested(record.spec);
      await expect(h.store.findOpenBySpecKey(specKey(record.spec))).resolves.toMatchObject({ id: again.id });
    });
  });

  describe('a run that stops half way', () => {
    it('leaves the recorded change for the next run, which announces it once', async () => {
      h = await startProgressHarness(makeStore);
      await run();
      const record = await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      h.slack.failNext('chat.update', 'internal_error');
      await run(); // state recorded and replied; the root update failed
      const stored = await h.store.getPeering(record.id);
      expect(stored?.state).toBe('PENDING_PEER');
      expect(stored?.pendingChanges).toHaveLength(1);
      await run();
      await run();
      expect(h.replies()).toHaveLength(1);
      const rewritten = h.rootUpdates().filter((call) => call.response?.ok === true);
      expect(rewritten).toHaveLength(1);
      expect(textOf(rewritten[0])).toContain('*Waiting for AWS*');
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ pendingChanges: [] });
    });

    it('a change recorded by a run that died before announcing is announced by the next run, once', async () => {
      h = await startProgressHarness(makeStore);
      await run();
      const record = await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      // What a run that died right after its conditional write leaves behind: the change, unannounced.
      const wire = h.aiven.peerings().find((p) => p.peering_connection_id === record.aivenPeeringId);
      const observed = {
        id: record.aivenPeeringId as string,
        orgVpcId: record.spec.orgVpcId,
        awsAccountId: record.spec.awsAccountId,
        awsVpcId: record.spec.awsVpcId,
        awsRegion: record.spec.awsRegion,
        state: 'PENDING_PEER' as const,
        stateInfo: {
          type: wire?.state_info.type ?? '',
          message: wire?.state_info.message ?? '',
          awsPeeringConnectionId: wire?.state_info.aws_vpc_peering_connection_id as string,
        },
        extraCidrs: [],
        createTime: wire?.create_time ?? '',
        updateTime: wire?.update_time ?? '',
      };
      const recorded = observeChange(record, observed, h.clock.now());
      await h.store.updatePeering(record.id, record.version, recorded?.patch ?? {});
      expect(h.replies()).toHaveLength(0);

      await Promise.all([run(), run()]);
      await run();
      expect(h.replies()).toHaveLength(1);
      expect(textOf(h.replies()[0])).toContain('*Approved* → *Waiting for AWS*');
      expect(h.rootUpdates()).toHaveLength(1);
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({
        state: 'PENDING_PEER',
        pendingChanges: [],
      });
    });
  });

  describe('hooks', () => {
    it('run once per change after the announcement; a failing hook is retried on the next run', async () => {
      const seen: string[] = [];
      let failures = 1;
      h = await startProgressHarness(makeStore, {
        hooks: {
          'queue-plan': async ({ record, previous }) => {
            seen.push(`${previous}->${record.state}:${record.stateInfo?.awsPeeringConnectionId ?? ''}`);
            if (failures-- > 0) throw new Error('queue unavailable');
          },
        },
      });
      await run();
      const record = await h.track();
      h.advance(SANDBOX_TIMINGS.approvedMs);
      await run();
      expect(h.replies()).toHaveLength(1);
      expect(seen).toEqual([expect.stringMatching(/^APPROVED->PENDING_PEER:pcx-/)]);
      await run();
      expect(seen).toHaveLength(2);
      await run();
      expect(seen).toHaveLength(2);
      expect(h.replies()).toHaveLength(1);
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ pendingChanges: [] });
    });
  });

  describe('peerings made outside vpc-peer', () => {
    it('are announced once in NOTIFY_CHANNEL and their later changes go to that thread', async () => {
      h = await startProgressHarness(makeStore, { notifyChannelId: NOTIFY });
      await run(); // the seed peering predates the bot: tracked, not announced
      expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
      const seed = await h.store.findByAivenPeeringId(SEED_IDS.prodEuPeering);
      expect(seed).toMatchObject({ origin: 'external', requestedBy: 'external', state: 'ACTIVE' });

      const created = await fetch(
        `${h.aiven.url}/organization/${h.aiven.organizationId}/vpcs/${SEED_IDS.stagingUs}/peering-connections`,
        {
          method: 'POST',
          headers: { authorization: `aivenv1 ${h.aiven.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ peer_cloud_account: '333344445555', peer_vpc: 'vpc-0abcdef0123456789' }),
        },
      );
      const peering = (await created.json()) as { peering_connection_id: string };
      await Promise.all([run(), run()]);
      await run();
      const posts = h.slack.callsTo('chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(posts[0]?.args.channel).toBe(NOTIFY);
      expect(posts[0]?.args.thread_ts).toBeUndefined();
      const announcement = textOf(posts[0]);
      expect(announcement).toContain('made outside vpc-peer (Aiven Console, Terraform or API)');
      expect(announcement).toContain('account 333344445555, us-east-1, vpc-0abcdef0123456789');

      h.advance(SANDBOX_TIMINGS.approvedMs);
      await run();
      h.advance(SANDBOX_TIMINGS.pendingPeerMs);
      await run();
      await run();
      const replies = h.replies();
      expect(replies).toHaveLength(2);
      for (const reply of replies)
        expect(reply.args).toMatchObject({ channel: NOTIFY, thread_ts: posts[0]?.response?.ts });
      expect(textOf(replies[1])).toContain('*Waiting for AWS* → *Active*');
      expect(replies.filter((r) => textOf(r).includes('→ *Active*'))).toHaveLength(1);
      await expect(h.store.findByAivenPeeringId(peering.peering_connection_id)).resolves.toMatchObject({
        state: 'ACTIVE',
        thread: { channelId: NOTIFY, ts: posts[0]?.response?.ts },
      });
    });

    it('a snapshot saved by the create form does not make the first reconcile announce everything', async () => {
      h = await startProgressHarness(makeStore, { notifyChannelId: NOTIFY });
      await h.store.saveSnapshot({
        organizationId: h.aiven.organizationId,
        fetchedAt: h.clock.now().toISOString(),
        vpcs: [],
      });
      await expect(run()).resolves.toMatchObject({ adopted: 1 });
      expect(h.slack.calls).toHaveLength(0);
    });

    it('without NOTIFY_CHANNEL are tracked but not announced', async () => {
      h = await startProgressHarness(makeStore);
      await run();
      await fetch(
        `${h.aiven.url}/organization/${h.aiven.organizationId}/vpcs/${SEED_IDS.stagingUs}/peering-connections`,
        {
          method: 'POST',
          headers: { authorization: `aivenv1 ${h.aiven.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ peer_cloud_account: '333344445555', peer_vpc: 'vpc-0abcdef0123456780' }),
        },
      );
      await expect(run()).resolves.toMatchObject({ adopted: 1 });
      h.advance(SANDBOX_TIMINGS.approvedMs);
      await run();
      expect(h.slack.calls).toHaveLength(0);
    });
  });
});
