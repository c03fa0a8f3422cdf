// Kill -9 during "Accept and add routes", start again on the same SQLite file: the run resumes (its
// job comes back with the file), the connection is accepted once, the routes in moto are exactly the
// planned ones, and the thread gets one result. The bot runs as `npm start`'s entry point in a child;
// moto (through a recording proxy that can hold a call), Aiven and Slack stand-ins live here.
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import type { PeeringRecord } from '../../src/peering/model';
import { type AivenSandbox, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { buttonsOf, textOf } from '../accept/helpers';
import { awsClientConfig, TEST_REGION } from '../support/aws';
import {
  createTeamVpc,
  peeringStatus,
  requestPeeringFromAiven,
  routesOf,
  type TeamVpc,
} from '../support/aws-accounts';
import { type AwsHoldRule, type AwsProxy, startAwsProxy } from '../support/aws-proxy';
import { AIVEN_TOKEN } from '../support/bot';
import { type ChildBot, type ChildWorld, childWorld, slackDriver, waitFor } from '../support/child-bot';

jest.setTimeout(300_000);

const ORG_VPC_CIDR = '10.20.0.0/24';
const CHANNEL = 'C0PEERING';
const THREAD_TS = '1700000000.000100';

describe('kill -9 during "Accept and add routes", then start again', () => {
  let aiven: AivenSandbox;
  let slack: SlackApiStandIn;
  let proxy: AwsProxy;
  let team: TeamVpc;
  let pcxId: string;
  let world: ChildWorld;
  let bot: ChildBot | undefined;
  let drive: ReturnType<typeof slackDriver>;

  beforeEach(async () => {
    aiven = await startAivenSandbox({ clock: 'manual', token: AIVEN_TOKEN });
    slack = await startSlackApiStandIn();
    proxy = await startAwsProxy(awsClientConfig().endpoint);
    team = await createTeamVpc();
    ({ pcxId } = await requestPeeringFromAiven(team, ORG_VPC_CIDR));
    world = childWorld({
      slack,
      aivenUrl: aiven.url,
      organizationId: aiven.organizationId,
      env: {
        ACCEPTER_ROLE_NAME: 'vpc-peer-accepter',
        ACCEPTER_EXTERNAL_ID: 'ext-id-for-tests',
        AWS_ENDPOINT_URL: proxy.url,
        AWS_REGION: TEST_REGION,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      },
    });
    drive = slackDriver(slack);
    // A peering that reached PENDING_PEER, and its plan job, as reconcile leaves them in the file.
    const now = new Date().toISOString();
    const record: PeeringRecord = {
      id: randomUUID(),
      spec: {
        orgVpcId: randomUUID(),
        awsAccountId: team.accountId,
        awsVpcId: team.vpcId,
        awsRegion: TEST_REGION,
        extraCidrs: [],
      },
      orgVpc: {
        id: randomUUID(),
        name: 'prod-eu',
        cloudName: 'aws-eu-west-1',
        awsRegion: 'eu-west-1',
        cidr: ORG_VPC_CIDR,
        state: 'ACTIVE',
      },
      aivenPeeringId: randomUUID(),
      state: 'PENDING_PEER',
      stateInfo: { type: 'pending-peer', message: 'Accept it', awsPeeringConnectionId: pcxId },
      requestedBy: 'U0ALICE',
      channelId: CHANNEL,
      thread: { channelId: CHANNEL, ts: THREAD_TS },
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const store = openSqliteStore({ path: world.databasePath });
    await store.insertPeering(record, [
      { kind: 'plan-accept', id: `plan-accept:${record.id}:${pcxId}`, peeringId: record.id, pcxId },
    ]);
    await store.close?.();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await aiven.close();
    await slack.close();
    await proxy.close();
    team.ec2.destroy();
  });

  const threadPosts = () => slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === THREAD_TS);
  const results = () => threadPosts().filter((c) => textOf(c).includes('Accept in AWS'));

  /** Starts the bot, clicks "Accept and add routes" on its plan, and kills it when AWS holds `hold`. */
  async function killWhileHeld(hold: AwsHoldRule) {
    bot = await world.start();
    const plan = await waitFor('the plan in the thread', () =>
      threadPosts().find((c) => buttonsOf(c).includes('accept_apply')),
    );
    proxy.holdNext(hold);
    expect((await drive.click(bot, plan, 'accept_apply', 'U0ALICE')).status).toBe(200);
    await waitFor(`AWS to hold ${hold.action}`, () =>
      proxy.calls.some((c) => c.held && c.action === hold.action && (!hold.forward || c.response)),
    );
    await bot.kill();
  }

  /** What everyone sees once the restarted bot resumed the run. */
  async function expectAcceptedAsPlanned() {
    bot = await world.start();
    const result = await waitFor('the result in the thread', () => results()[0]);
    expect(textOf(result)).toContain('Accept in AWS: done');
    expect(buttonsOf(result)).not.toContain('accept_retry');
    expect(await peeringStatus(team.ec2, pcxId)).toBe('active');
    const routes = await routesOf(team);
    // The planned tables (the main table and the subnet's), nothing else.
    expect(routes[team.mainTableId]?.[ORG_VPC_CIDR]).toBe(pcxId);
    expect(routes[team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(pcxId);
    expect(routes[team.spareTableId]?.[ORG_VPC_CIDR]).toBeUndefined();
    // AWS accepted it once (a held call never reached it); the thread has one result.
    const accepted = proxy
      .actions('AcceptVpcPeeringConnection')
      .filter((c) => c.response !== undefined && !c.response.includes('<Errors>'));
    expect(accepted).toHaveLength(1);
    expect(results()).toHaveLength(1);
  }

  it('killed after the claim, before anything changed in AWS', async () => {
    await killWhileHeld({ action: 'AcceptVpcPeeringConnection' });
    expect(await peeringStatus(team.ec2, pcxId)).toBe('pending-acceptance');
    await expectAcceptedAsPlanned();
  });

  it('killed after accepting the connection, before the first route', async () => {
    await killWhileHeld({ action: 'CreateRoute' });
    expect(await peeringStatus(team.ec2, pcxId)).toBe('active');
    await expectAcceptedAsPlanned();
  });

  it('killed between the routes (the second one made, its answer lost)', async () => {
    await killWhileHeld({ action: 'CreateRoute', after: 1, forward: true });
    await expectAcceptedAsPlanned();
  });
});
