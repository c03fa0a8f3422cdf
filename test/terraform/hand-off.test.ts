// The Terraform hand-off through the real receiver, the Aiven sandbox and moto: a peering requested
// in Slack, accepted with routes in AWS, then the HCL (parsed by a real HCL parser) and the hand-over.

import type { PeeringRecord } from '../../src/peering/model';
import { makeSandboxAivenAccount } from '../../src/sandbox/aiven-account';
import { SANDBOX_TIMINGS, SEED_IDS, SEED_PEER } from '../../src/sandbox/aiven-sandbox';
import type { SlackApiCall } from '../../src/sandbox/slack-api';
import { buttonsOf, textOf } from '../accept/helpers';
import { awsClientConfig } from '../support/aws';
import { createTeamVpc, routesOf, type TeamVpc } from '../support/aws-accounts';
import { startTestBot, type TestBot } from '../support/bot';
import { parseHcl } from '../support/hcl';

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const ORG_VPC_CIDR = '10.20.0.0/24';

type Parsed = {
  import?: { to: string; id: string }[];
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
};

/** The HCL of a message: its code blocks in order, unescaped as Slack shows them. */
function hclOf(message: { blocks?: unknown }): string {
  const blocks = (message.blocks as { text?: { text: string } }[] | undefined) ?? [];
  return blocks
    .map((b) => b.text?.text ?? '')
    .filter((text) => text.startsWith('```'))
    .map((text) => text.slice(3, -3))
    .join('\n\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function namesOf(json: Parsed): string[] {
  return [...Object.values(json.resource ?? {}), ...Object.values(json.data ?? {})].flatMap((byName) =>
    Object.keys(byName),
  );
}

const replies = (t: TestBot) =>
  t.slack.callsTo('chat.postMessage').filter((c) => typeof c.args.thread_ts === 'string');
const lastRoot = (t: TestBot, ts: string) =>
  [...t.slack.callsTo('chat.update')].reverse().find((c) => c.args.ts === ts);

let t: TestBot;
let team: TeamVpc;
let pcxId: string;
let record: PeeringRecord;

beforeAll(async () => {
  t = await startTestBot(
    { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter', APPROVERS: 'U0CAROL' },
    { aws: awsClientConfig(), aivenAws: makeSandboxAivenAccount({ client: awsClientConfig() }) },
  );
  team = await createTeamVpc();
  await t.command('');
  await t.idle();
  await t.submit({
    org_vpc: SEED_IDS.prodEu,
    aws_account_id: team.accountId,
    aws_region: 'eu-west-1',
    aws_vpc_id: team.vpcId,
    extra_cidrs: undefined,
  });
  await t.idle();
  t.aiven.advance(SANDBOX_TIMINGS.approvedMs);
  await t.aiven.syncAws();
  await t.bot.reconcile();
  await t.idle();
  const plan = t.slack.callsTo('chat.postMessage').find((c) => buttonsOf(c).includes('accept_apply'));
  await t.click(plan as SlackApiCall, 'accept_apply');
  await t.idle();
  await t.aiven.syncAws();
  await t.bot.reconcile();
  await t.idle();
  const stored = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === team.vpcId);
  if (stored?.state !== 'ACTIVE' || !stored.stateInfo?.awsPeeringConnectionId) {
    throw new Error(`the peering did not become ACTIVE: ${stored?.state}`);
  }
  record = stored;
  pcxId = stored.stateInfo.awsPeeringConnectionId;
});

afterAll(async () => {
  await t?.stop();
  team?.ec2.destroy();
});

describe('the Terraform file', () => {
  it('the Terraform button of an ACTIVE peering gives HCL with exactly the Aiven id, the pcx and each route the bot added', async () => {
    const root = lastRoot(t, record.thread?.ts ?? '');
    expect(buttonsOf(root)).toEqual(['peering_terraform', 'peering_edit_cidrs', 'peering_delete']);
    await t.click(root as SlackApiCall, 'peering_terraform');
    const answer = t.slack.responsePosts.at(-1)?.body as { response_type?: string; blocks?: unknown };
    expect(answer.response_type).toBe('ephemeral');

    const routes = await routesOf(team);
    const routeIds = Object.entries(routes)
      .filter(([, byDestination]) => byDestination[ORG_VPC_CIDR] === pcxId)
      .map(([table]) => `${table}_${ORG_VPC_CIDR}`);
    expect(routeIds).toHaveLength(2);

    const hcl = hclOf(answer);
    const json = (await parseHcl('hand-off.tf', hcl)) as Parsed;
    expect((json.import ?? []).map((i) => i.id).sort()).toEqual(
      [
        `${t.aiven.organizationId}/${SEED_IDS.prodEu}/${team.accountId}/${team.vpcId}/eu-west-1`,
        pcxId,
        ...routeIds,
      ].sort(),
    );
    expect(Object.keys(json.resource?.aws_route ?? {})).toHaveLength(2);
    for (const name of namesOf(json)) expect(name).toMatch(IDENT);
    expect(hcl).toContain('PROVIDER_AIVEN_ENABLE_BETA');
    expect(hcl).toContain('terraform plan');
    // Asked again by its pcx, the same file: names are stable.
    const again = await t.command(`terraform ${pcxId}`);
    expect(hclOf(JSON.parse(again.text))).toBe(hcl);
  });

  it("the same file goes to the peering's thread as a real Slack file, once however often it is asked for", async () => {
    await t.idle();
    const thread = record.thread as { channelId: string; ts: string };
    const asked = t.slack.callsTo('files.getUploadURLExternal');
    const completed = t.slack.callsTo('files.completeUploadExternal');
    expect(asked).toHaveLength(1);
    expect(completed).toHaveLength(1);
    const shared = t.slack.messages(thread.channelId).filter((m) => m.files && m.thread_ts === thread.ts);
    expect(shared).toHaveLength(1);
    const file = shared[0]?.files?.[0];
    expect(file?.name).toMatch(/^[a-z0-9_-]+\.tf$/);
    expect(completed[0]?.args).toMatchObject({
      channel_id: thread.channelId,
      thread_ts: thread.ts,
      files: [{ id: file?.id, title: file?.name }],
    });
    // What Slack stored is exactly the HCL of the private preview, byte for byte.
    const answer = JSON.parse((await t.command(`terraform ${pcxId}`)).text);
    const hcl = hclOf(answer);
    expect(t.slack.fileContents(file?.id ?? '')).toBe(hcl);
    expect(asked[0]?.args).toMatchObject({ filename: file?.name, length: String(Buffer.byteLength(hcl)) });
    // The comment says what it is and how to use it; the private answer points at the thread.
    const comment = String(completed[0]?.args.initial_comment);
    expect(comment).toContain(`\`${file?.name}\``);
    expect(comment).toMatch(/run `terraform plan`: expect 4 imports and nothing to add, change or destroy/);
    expect(comment).toContain('`terraform apply` then imports them');
    expect(comment).toContain(
      `*Managed by Terraform now* (under \`/vpc-peer terraform ${record.aivenPeeringId}\`)`,
    );
    expect(JSON.stringify(answer)).toContain("shared as a file in the peering's thread");
    // Asked three times (button, pcx, pcx) and the jobs run: one file, one upload.
    await t.idle();
    expect(t.slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(t.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });

  it('for an org VPC: every peering, and the one made outside vpc-peer imports without routes and says why', async () => {
    const answer = await t.command('terraform prod-eu');
    const message = JSON.parse(answer.text) as { blocks: unknown; response_type: string };
    expect(message.response_type).toBe('ephemeral');
    const hcl = hclOf(message);
    const json = (await parseHcl('prod-eu.tf', hcl)) as Parsed;
    const ids = (json.import ?? []).map((i) => i.id);
    expect(ids).toContain(
      `${t.aiven.organizationId}/${SEED_IDS.prodEu}/${SEED_PEER.awsAccountId}/${SEED_PEER.awsVpcId}/eu-west-1`,
    );
    expect(ids).toContain(SEED_PEER.awsPeeringConnectionId);
    expect(ids).toContain(pcxId);
    expect(ids.filter((id) => id.startsWith('rtb-'))).toHaveLength(2);
    expect(hcl).toMatch(
      new RegExp(`${SEED_PEER.awsVpcId}.*vpc-peer added no routes for it \\(it was made outside vpc-peer\\)`),
    );
    for (const name of namesOf(json)) expect(name).toMatch(IDENT);
  });

  it('a peering without a pcx yet imports the Aiven peering only and says what is missing', async () => {
    const other = await createTeamVpc(team.accountId, '10.1.0.0/16');
    try {
      await t.command('');
      await t.idle();
      await t.submit({
        org_vpc: SEED_IDS.prodEu,
        aws_account_id: other.accountId,
        aws_region: 'eu-west-1',
        aws_vpc_id: other.vpcId,
        extra_cidrs: undefined,
      });
      await t.idle();
      const approved = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === other.vpcId);
      expect(approved?.state).toBe('APPROVED');
      // The app lacks files:write: the file goes to the thread as today's messages instead.
      t.slack.failNext('files.getUploadURLExternal', 'missing_scope');
      const logged = t.logs.length;
      const answer = await t.command(`terraform ${approved?.aivenPeeringId}`);
      const hcl = hclOf(JSON.parse(answer.text));
      const json = (await parseHcl('approved.tf', hcl)) as Parsed;
      expect((json.import ?? []).map((i) => i.id)).toEqual([
        `${t.aiven.organizationId}/${SEED_IDS.prodEu}/${other.accountId}/${other.vpcId}/eu-west-1`,
      ]);
      expect(hcl).toContain('Aiven has not made the AWS peering connection (pcx-...) yet');

      await t.idle();
      const thread = approved?.thread as { channelId: string; ts: string };
      const inThread = t.slack.messages(thread.channelId).filter((m) => m.thread_ts === thread.ts);
      expect(inThread.filter((m) => m.files)).toHaveLength(0);
      const fallback = inThread.filter((m) => JSON.stringify(m.blocks ?? []).includes('```'));
      expect(fallback).toHaveLength(1);
      expect(hclOf(fallback[0] ?? {})).toBe(hcl);
      expect(JSON.stringify(fallback[0]?.blocks)).toContain('peering_hand_over');
      const logs = t.logs.slice(logged).join('');
      expect(logs).toMatch(
        /"slackError":"missing_scope".*Slack refused the file; its content goes out as messages/,
      );
      expect(logs).not.toContain('xoxb-');
      expect(logs).not.toContain('/upload/v1/');
      // Asked again: still no file and no second copy of the messages.
      await t.command(`terraform ${approved?.aivenPeeringId}`);
      await t.idle();
      const after = t.slack.messages(thread.channelId).filter((m) => m.thread_ts === thread.ts);
      expect(after.filter((m) => JSON.stringify(m.blocks ?? []).includes('```'))).toHaveLength(1);
      expect(after.filter((m) => m.files)).toHaveLength(0);
    } finally {
      other.ec2.destroy();
    }
  });

  it('an org VPC whose file needs several messages gets them all privately, in order', async () => {
    // Peerings made through the API (outside vpc-peer), picked up by the poll.
    for (let i = 0; i < 16; i++) {
      const response = await fetch(
        `${t.aiven.url}/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.stagingUs}/peering-connections`,
        {
          method: 'POST',
          headers: { Authorization: `aivenv1 ${t.aiven.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            peer_cloud_account: '444455556666',
            peer_vpc: `vpc-0c0c0c0c0c0c0c0${String(i).padStart(2, '0')}`,
            peer_region: 'us-east-1',
          }),
        },
      );
      expect(response.status).toBe(200);
    }
    await t.bot.reconcile();
    await t.idle();
    const posted = t.slack.responsePosts.length;
    const answer = await t.command('terraform staging-us');
    expect(answer.text).toBe('');
    const messages = t.slack.responsePosts
      .slice(posted)
      .map((p) => p.body as { blocks?: unknown; response_type?: string });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.response_type).toBe('ephemeral');
    const json = (await parseHcl('staging-us.tf', messages.map(hclOf).join('\n\n'))) as Parsed;
    expect(json.import).toHaveLength(16);
    expect(JSON.stringify(messages.at(-1))).toContain('Not imported');
  });

  it('an unknown id says what ids and names work', async () => {
    const answer = await t.command('terraform nope');
    expect(JSON.parse(answer.text).text).toMatch(/no peering and no org VPC called `nope`.*org VPC name/);
  });
});

describe('hand-over to Terraform', () => {
  it('is refused while a deletion waits for a decision', async () => {
    // The seeded peering (made outside vpc-peer): someone asks to delete it, then someone hands it over.
    await t.command(`delete ${SEED_IDS.prodEuPeering}`, { userId: 'U0ALICE' });
    const form = t.currentView();
    const chosen = `aiven-${SEED_IDS.prodEuPeering}`;
    const submitted = await t.submit(
      { peering: chosen, reason: 'unused' },
      { userId: 'U0ALICE', view: form },
    );
    expect(submitted.body).toBeUndefined();
    await t.idle();
    const file = JSON.parse((await t.command(`terraform ${SEED_IDS.prodEuPeering}`)).text);
    const ephemeral = {
      method: 'response',
      args: { channel: 'C0PLATFORM', ts: '1700000098.000100', ...file },
    };
    await t.click(ephemeral as SlackApiCall, 'peering_hand_over', { userId: 'U0BOB' });
    await t.idle();
    expect(String(t.slack.responsePosts.at(-1)?.body.text)).toMatch(
      /not handed over\. A deletion of this peering waits for a decision/,
    );
    expect((await t.bot.store.getPeering(chosen))?.terraform).toBeUndefined();
  });

  it('records it once, tells the thread, and from then on vpc-peer refuses to delete, accept or replace, and reports drift', async () => {
    const before = lastRoot(t, record.thread?.ts ?? '') as SlackApiCall;
    // A deletion form opened before the hand-over, submitted after it.
    await t.command(`delete ${pcxId}`, { userId: 'U0ALICE' });
    const staleForm = t.currentView();

    const file = await t.command(`terraform ${pcxId}`);
    const ephemeral = {
      method: 'response',
      args: { channel: 'C0PLATFORM', ts: '1700000099.000100', ...JSON.parse(file.text) },
    };
    expect(buttonsOf(ephemeral as SlackApiCall)).toEqual(['peering_hand_over']);
    await t.click(ephemeral as SlackApiCall, 'peering_hand_over', { userId: 'U0ALICE' });
    await t.click(ephemeral as SlackApiCall, 'peering_hand_over', { userId: 'U0BOB', retryNum: 1 });
    await t.idle();
    const told = t.slack.responsePosts.slice(-2).map((p) => String(p.body.text));
    expect(told[0]).toMatch(/managed by Terraform now/);
    expect(told[1]).toMatch(/already managed by Terraform \(handed over by <@U0ALICE>\)/);

    const handedOver = replies(t).filter((c) => textOf(c).includes('handed this peering over to Terraform'));
    expect(handedOver).toHaveLength(1);
    const history = await t.bot.store.listAuditEvents(record.id);
    expect(history.filter((e) => e.action === 'handed-to-terraform')).toEqual([
      expect.objectContaining({ actor: 'U0ALICE' }),
    ]);
    const root = lastRoot(t, record.thread?.ts ?? '');
    expect(buttonsOf(root)).not.toContain('peering_delete');
    expect(textOf(root)).toContain('Managed by Terraform');

    // Delete: the command, the old Delete button, the form opened before.
    const command = await t.command(`delete ${pcxId}`, { userId: 'U0ALICE' });
    expect(command.text).toContain('managed by Terraform: change it there');
    await t.command('delete', { userId: 'U0ALICE' });
    const form = JSON.stringify(t.currentView().blocks);
    expect(form).toContain('not listed: managed by Terraform: change it there');
    expect(form).not.toContain(record.id);
    await t.click(before, 'peering_delete', { userId: 'U0ALICE' });
    expect(String(t.slack.responsePosts.at(-1)?.body.text)).toContain(
      'managed by Terraform: change it there',
    );
    const submitted = await t.submit(
      { peering: record.id, reason: 'cleanup' },
      { userId: 'U0ALICE', view: staleForm },
    );
    expect(JSON.stringify(submitted.body)).toContain('managed by Terraform: change it there');
    expect(t.aiven.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);

    // Accept and Replace: refused, AWS untouched.
    const routesBefore = await routesOf(team);
    const plan = t.slack.callsTo('chat.postMessage').find((c) => buttonsOf(c).includes('accept_apply'));
    await t.click(plan as SlackApiCall, 'accept_apply');
    await t.idle();
    expect(String(t.slack.responsePosts.at(-1)?.body.text)).toContain('managed by Terraform');
    expect(await routesOf(team)).toEqual(routesBefore);

    // status and list say who manages it.
    const status = JSON.parse((await t.command(`status ${pcxId}`)).text);
    expect(JSON.stringify(status.blocks)).toContain('Managed by Terraform');
    const list = JSON.parse((await t.command('list prod-eu')).text);
    expect(JSON.stringify(list.blocks)).toMatch(/managed by Terraform/);
    expect(JSON.stringify(list.blocks)).toMatch(/managed outside vpc-peer/);

    // Drift: AWS side deleted; the thread still hears it, and who must act.
    const inAiven = t.aiven.peerings().find((p) => p.peer_vpc === team.vpcId);
    t.aiven.setPeeringState(inAiven?.peering_connection_id as string, 'DELETED_BY_PEER');
    await t.bot.reconcile();
    await t.idle();
    const drift = replies(t).find((c) =>
      textOf(c).includes('Aiven says DELETED_BY_PEER; Terraform manages this peering'),
    );
    expect(drift).toBeDefined();
    // The bot's routes stay: Terraform owns them now.
    expect(await routesOf(team)).toEqual(routesBefore);
  });
});
