// Shared steps of the delete-with-approval tests: create a peering through the real create flow, ask
// to delete it through the form, and read what Slack and Aiven received.
import type { PeeringRecord } from '../../../src/peering/model';
import { SEED_IDS, SEED_PEER } from '../../../src/sandbox/aiven-sandbox';
import type { SlackApiCall } from '../../../src/sandbox/slack-api';
import { makeRecord } from '../../adapters/store-contract';
import type { TestBot } from '../../support/bot';
import { findButton } from '../../support/slack';

export const APPROVERS = 'U0ALICE,U0BOB,S0NETOPS';

/** The VPCs of the Aiven sandbox's seeded peering. */
export const SEED_SPEC = {
  orgVpcId: SEED_IDS.prodEu,
  awsAccountId: SEED_PEER.awsAccountId,
  awsVpcId: SEED_PEER.awsVpcId,
  awsRegion: SEED_PEER.awsRegion,
  extraCidrs: [],
};

/** The sandbox's seeded ACTIVE peering, as if vpc-peer had created it. */
export const seededRecord = (overrides: Partial<PeeringRecord> = {}): PeeringRecord =>
  makeRecord({ spec: SEED_SPEC, aivenPeeringId: SEED_IDS.prodEuPeering, state: 'ACTIVE', ...overrides });

type Block = {
  type: string;
  text?: { text: string };
  elements?: { text?: string | { text: string } }[];
  accessory?: unknown;
};

/** Everything a reader sees in a message: fallback text, sections, context and button labels. */
export function textOf(args: Record<string, unknown>): string {
  const blocks = (args.blocks as Block[] | undefined) ?? [];
  return [
    args.text,
    ...blocks.map(
      (b) =>
        b.text?.text ??
        b.elements?.map((e) => (typeof e.text === 'string' ? e.text : e.text?.text)).join(' | '),
    ),
  ]
    .filter(Boolean)
    .join('\n');
}

export const deletes = (t: TestBot) =>
  t.aiven.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/peering-connections/'));

/** Creates a peering through /vpc-peer and the create modal; returns its record (APPROVED in Aiven). */
export async function createPeering(t: TestBot, vpcId = 'vpc-0123456789abcdef0'): Promise<PeeringRecord> {
  await t.command('');
  await t.idle();
  await t.submit({
    org_vpc: SEED_IDS.prodEu,
    aws_account_id: '210987654321',
    aws_region: 'eu-west-1',
    aws_vpc_id: vpcId,
    extra_cidrs: '10.50.0.0/16',
  });
  await t.idle();
  const record = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === vpcId);
  if (!record?.aivenPeeringId) throw new Error('the create flow did not create the peering');
  return record;
}

/** `/vpc-peer delete`, pick the peering, give a reason, submit; returns the posted request message. */
export async function requestDeletion(
  t: TestBot,
  record: PeeringRecord,
  options: { userId?: string; reason?: string } = {},
): Promise<SlackApiCall> {
  const answer = await t.command('delete', { userId: options.userId ?? 'U0ALICE' });
  if (answer.text) throw new Error(`delete command answered: ${answer.text}`);
  const submitted = await t.submit(
    { peering: record.id, reason: options.reason ?? 'moving to a transit gateway' },
    { userId: options.userId ?? 'U0ALICE' },
  );
  if (submitted.body) throw new Error(`deletion form refused: ${JSON.stringify(submitted.body)}`);
  await t.idle();
  const message = requestMessages(t).at(-1);
  if (!message) throw new Error('no deletion request was posted');
  return message;
}

export const requestMessages = (t: TestBot) =>
  t.slack
    .callsTo('chat.postMessage')
    .filter((call) => findButton((call.args.blocks as unknown[]) ?? [], 'deletion_approve'));

/** The latest rewrite of a posted message (chat.update with its ts). */
export const latestUpdate = (t: TestBot, message: SlackApiCall) =>
  t.slack
    .callsTo('chat.update')
    .filter((call) => call.args.ts === message.response?.ts)
    .at(-1);

/** Private answers to clicks (response_url posts), newest last. */
export const privateAnswers = (t: TestBot) =>
  t.slack.responsePosts.map((post) => post.body).filter((body) => body.response_type === 'ephemeral');
