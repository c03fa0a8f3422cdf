// Shared set-up for the accept tests: a bot whose STS/EC2 calls go through a recording proxy to moto,
// a team VPC, Aiven's peering request, and the record of a peering that just reached PENDING_PEER.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/adapters/store/roles';
import type { PeeringRecord } from '../../src/peering/model';
import type { SlackApiCall } from '../../src/sandbox/slack-api';
import { awsClientConfig, TEST_REGION } from '../support/aws';
import { createTeamVpc, requestPeeringFromAiven, type TeamVpc } from '../support/aws-accounts';
import { type AwsProxy, startAwsProxy } from '../support/aws-proxy';
import { startTestBot, type TestBot } from '../support/bot';

export const ORG_VPC_CIDR = '10.20.0.0/24';
export const CHANNEL = 'C0PEERING';

export interface AcceptWorld {
  t: TestBot;
  proxy: AwsProxy;
  team: TeamVpc;
  pcxId: string;
  record: PeeringRecord;
  stop(): Promise<void>;
}

export async function startAcceptWorld(
  env: Record<string, string> | ((team: TeamVpc) => Record<string, string>) = {},
  options: {
    extraCidrs?: string[];
    requesterCidr?: string;
    /** Overrides of what was requested (the record), e.g. another account. */
    requested?: (team: TeamVpc) => Promise<Partial<PeeringRecord['spec']>>;
    /** The bot's store (default: SQLite in a temporary file). */
    store?: Store;
  } = {},
): Promise<AcceptWorld> {
  const team = await createTeamVpc();
  const proxy = await startAwsProxy(awsClientConfig().endpoint);
  const t = await startTestBot(
    {
      ACCEPTER_ROLE_NAME: 'vpc-peer-accepter',
      ACCEPTER_EXTERNAL_ID: 'ext-id-for-tests',
      ...(typeof env === 'function' ? env(team) : env),
    },
    {
      aws: { ...awsClientConfig(), endpoint: proxy.url },
      ...(options.store ? { store: options.store } : {}),
    },
  );
  const { pcxId } = await requestPeeringFromAiven(team, options.requesterCidr ?? ORG_VPC_CIDR);
  const now = new Date().toISOString();
  const record: PeeringRecord = {
    id: randomUUID(),
    spec: {
      orgVpcId: randomUUID(),
      awsAccountId: team.accountId,
      awsVpcId: team.vpcId,
      awsRegion: TEST_REGION,
      extraCidrs: options.extraCidrs ?? [],
      ...(await options.requested?.(team)),
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
    thread: { channelId: CHANNEL, ts: '1700000000.000100' },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await t.bot.store.insertPeering(record);
  return {
    t,
    proxy,
    team,
    pcxId,
    record,
    async stop() {
      await t.stop();
      await proxy.close();
      team.ec2.destroy();
    },
  };
}

/** Reports PENDING_PEER as the reconcile loop would, and waits for the queued work. */
export async function reachPendingPeer(world: AcceptWorld): Promise<void> {
  await world.t.bot.accept.acceptOnPendingPeer({ record: world.record, previous: 'APPROVED' });
  await world.t.idle();
}

type Block = { type: string; text?: { text: string }; elements?: { text?: string | { text: string } }[] };

export function textOf(call: SlackApiCall | undefined): string {
  if (!call) return '';
  const blocks = (call.args.blocks as Block[] | undefined) ?? [];
  return blocks
    .map(
      (b) =>
        b.text?.text ??
        b.elements?.map((e) => (typeof e.text === 'string' ? e.text : e.text?.text)).join(' '),
    )
    .filter(Boolean)
    .join('\n');
}

/** Thread replies (and their later edits) the bot sent about accepting. */
export function threadPosts(t: TestBot): SlackApiCall[] {
  return t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '1700000000.000100');
}

export function postContaining(t: TestBot, words: string): SlackApiCall | undefined {
  return threadPosts(t).find((c) => textOf(c).includes(words));
}

export function buttonsOf(call: SlackApiCall | undefined): string[] {
  const blocks =
    (call?.args.blocks as { type: string; elements?: { action_id?: string }[] }[] | undefined) ?? [];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}
