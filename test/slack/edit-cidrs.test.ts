// Editing a live peering's extra CIDRs through the real receiver and the Aiven sandbox's HTTP API:
// the modal, its validation, the exact PUT Aiven receives, once, and Aiven's answer in the thread.
import type { PeeringRecord } from '../../src/peering/model';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import type { SlackApiCall } from '../../src/sandbox/slack-api';
import { startTestBot, type TestBot } from '../support/bot';
import type { OpenView } from '../support/slack';
import { textOf } from './deletion/helpers';

const ACCOUNT = '210987654321';
const VPC = 'vpc-0123456789abcdef0';

const puts = (t: TestBot) =>
  t.aiven.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/user-peer-network-cidrs'));
const replies = (t: TestBot) =>
  t.slack.callsTo('chat.postMessage').filter((c) => typeof c.args.thread_ts === 'string');
const errorsOf = (body: Record<string, unknown> | undefined) =>
  (body?.errors as Record<string, string> | undefined)?.peer_cidrs ?? '';

let t: TestBot;
let record: PeeringRecord;

async function request(vpcId: string, extra: string): Promise<PeeringRecord> {
  await t.command('');
  await t.idle();
  const answer = await t.submit({
    org_vpc: SEED_IDS.prodEu,
    aws_account_id: ACCOUNT,
    aws_region: 'eu-west-1',
    aws_vpc_id: vpcId,
    extra_cidrs: extra,
  });
  if (answer.body) throw new Error(`create refused: ${JSON.stringify(answer.body)}`);
  await t.idle();
  const found = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === vpcId);
  if (!found) throw new Error('not created');
  return found;
}

/** Opens the modal with `/vpc-peer cidrs <id>`. */
async function openModal(id = record.aivenPeeringId ?? ''): Promise<OpenView> {
  const answer = await t.command(`cidrs ${id}`);
  if (answer.text) throw new Error(`cidrs answered: ${answer.text}`);
  return t.currentView();
}

async function edit(cidrs: string, view?: OpenView) {
  const answer = await t.submit({ peer_cidrs: cidrs }, { view: view ?? (await openModal()) });
  await t.idle();
  return answer;
}

beforeAll(async () => {
  t = await startTestBot();
  record = await request(VPC, '10.50.0.0/16');
  // The sandbox walks it to ACTIVE; the poll records it.
  t.aiven.advance(SANDBOX_TIMINGS.approvedMs + SANDBOX_TIMINGS.pendingPeerMs);
  await t.bot.reconcile();
  await t.idle();
  record = (await t.bot.store.getPeering(record.id)) as PeeringRecord;
  expect(record.state).toBe('ACTIVE');
});

afterAll(async () => {
  await t?.stop();
});

describe('the Edit CIDRs modal', () => {
  it('opens from the root button and from /vpc-peer cidrs with the current CIDRs and the EXPERIMENTAL warning', async () => {
    const root = [...t.slack.callsTo('chat.update')].reverse().find((c) => c.args.ts === record.thread?.ts);
    await t.click(root as SlackApiCall, 'peering_edit_cidrs');
    const fromButton = t.currentView();
    const modal = await openModal();
    for (const view of [fromButton, modal]) {
      const text = JSON.stringify(view.blocks);
      expect(text).toContain('EXPERIMENTAL');
      expect(text).toContain('"initial_value":"10.50.0.0/16"');
    }
  });

  it('reports every bad line: non-canonical, public, overlapping the org VPC or each other, malformed', async () => {
    const answer = await edit(
      [
        '10.050.0.0/16',
        '8.8.8.0/24',
        '10.20.0.0/25',
        '10.1.0.0/16',
        '10.1.2.0/24',
        'foo',
        '10.1.2.3/16',
      ].join('\n'),
    );
    const errors = errorsOf(answer.body);
    expect(errors).toContain('"10.050.0.0/16": write it as 10.50.0.0/16');
    expect(errors).toContain('"8.8.8.0/24" is not a private IPv4 range');
    expect(errors).toContain(`"10.20.0.0/25" overlaps the organization VPC's 10.20.0.0/24`);
    expect(errors).toContain('"10.1.2.0/24" overlaps "10.1.0.0/16", also in the list');
    expect(errors).toContain('"foo" is not an IPv4 CIDR');
    // Five lines are named; the sixth is counted (the create modal's test checks host bits).
    expect(errors).toContain('And 1 more. Enter IPv4 CIDRs, one per line.');
    expect(puts(t)).toHaveLength(0);
  });

  it('refuses more than 128 CIDRs', async () => {
    const many = Array.from({ length: 129 }, (_, i) => `10.${100 + Math.floor(i / 100)}.${i % 100}.0/24`);
    const answer = await edit(many.join('\n'));
    expect(errorsOf(answer.body)).toContain('Enter at most 128 CIDRs');
  });

  it('refuses a CIDR another peering of the org VPC routes, here and in the create modal alike', async () => {
    await request('vpc-0fedcba9876543210', '10.90.0.0/16');
    const answer = await edit('10.50.0.0/16\n10.90.1.0/24');
    expect(errorsOf(answer.body)).toMatch(
      /"10.90.1.0\/24" overlaps 10.90.0.0\/16, already routed to the peering with vpc-0fedcba9876543210/,
    );
    await t.command('');
    await t.idle();
    const created = await t.submit({
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: ACCOUNT,
      aws_region: 'eu-west-1',
      aws_vpc_id: 'vpc-0aaaaaaaaaaaaaaaa',
      extra_cidrs: '10.090.0.0/16\n10.90.0.0/16',
    });
    const createErrors = (created.body?.errors as Record<string, string> | undefined)?.extra_cidrs;
    expect(createErrors).toContain('"10.090.0.0/16": write it as 10.90.0.0/16');
    expect(createErrors).toContain('already routed to the peering with vpc-0fedcba9876543210');
    expect(puts(t)).toHaveLength(0);
  });
});

describe('sending the change to Aiven', () => {
  const body = (n: number) => puts(t)[n]?.body;

  it('add: Aiven receives exactly the new CIDR with the peer account and VPC; the thread and the root tell it', async () => {
    const answer = await edit('10.50.0.0/16\n10.60.0.0/16');
    expect(answer.body).toBeUndefined();
    expect(puts(t)).toHaveLength(1);
    expect(puts(t)[0]?.path).toBe(
      `/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${record.aivenPeeringId}/user-peer-network-cidrs`,
    );
    expect(body(0)).toEqual({ add: [{ cidr: '10.60.0.0/16', peer_cloud_account: ACCOUNT, peer_vpc: VPC }] });
    expect(t.aiven.peerings().find((p) => p.peer_vpc === VPC)?.user_peer_network_cidrs).toEqual([
      '10.50.0.0/16',
      '10.60.0.0/16',
    ]);
    const told = replies(t).map((c) => textOf(c.args));
    expect(
      told.filter((text) => text.includes('asked to change the extra CIDRs: + 10.60.0.0/16')),
    ).toHaveLength(1);
    expect(
      told.filter((text) =>
        text.includes('Aiven changed the extra CIDRs (+ 10.60.0.0/16). Now: 10.50.0.0/16, 10.60.0.0/16'),
      ),
    ).toHaveLength(1);
    const root = [...t.slack.callsTo('chat.update')].reverse().find((c) => c.args.ts === record.thread?.ts);
    expect(textOf(root?.args ?? {})).toContain('(+ 10.50.0.0/16, 10.60.0.0/16)');
  });

  it('delete: only the removed CIDR', async () => {
    await edit('10.60.0.0/16');
    expect(body(1)).toEqual({ delete: ['10.50.0.0/16'] });
  });

  it('both in one request', async () => {
    await edit('10.70.0.0/16');
    expect(body(2)).toEqual({
      add: [{ cidr: '10.70.0.0/16', peer_cloud_account: ACCOUNT, peer_vpc: VPC }],
      delete: ['10.60.0.0/16'],
    });
    expect(t.aiven.peerings().find((p) => p.peer_vpc === VPC)?.user_peer_network_cidrs).toEqual([
      '10.70.0.0/16',
    ]);
  });

  it('a double submit and a Slack retry send once', async () => {
    const view = await openModal();
    const [a, b] = await Promise.all([
      t.submit({ peer_cidrs: '10.70.0.0/16\n10.71.0.0/16' }, { view }),
      t.submit({ peer_cidrs: '10.70.0.0/16\n10.71.0.0/16' }, { view }),
    ]);
    await t.submit({ peer_cidrs: '10.70.0.0/16\n10.71.0.0/16' }, { view, retryNum: 1 });
    await t.idle();
    expect([a.body, b.body]).toEqual([undefined, undefined]);
    expect(puts(t)).toHaveLength(4);
    expect(replies(t).filter((c) => textOf(c.args).includes('+ 10.71.0.0/16). Now'))).toHaveLength(1);
  });

  it("Aiven's 400 is shown in the thread in plain words with a log reference, and nothing changes", async () => {
    // Someone adds the range to the seeded peering through the API; the snapshot does not know yet.
    const seeded = t.aiven.peerings().find((p) => p.peering_connection_id === SEED_IDS.prodEuPeering);
    const response = await fetch(
      `${t.aiven.url}/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${SEED_IDS.prodEuPeering}/user-peer-network-cidrs`,
      {
        method: 'PUT',
        headers: { Authorization: `aivenv1 ${t.aiven.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          add: [
            {
              cidr: '10.80.0.0/16',
              peer_cloud_account: seeded?.peer_cloud_account,
              peer_vpc: seeded?.peer_vpc,
            },
          ],
        }),
      },
    );
    expect(response.status).toBe(200);
    await edit('10.70.0.0/16\n10.71.0.0/16\n10.80.0.0/16');
    const failed = replies(t).find((c) =>
      textOf(c.args).includes('The extra CIDRs were not changed (+ 10.80.0.0/16)'),
    );
    expect(textOf(failed?.args ?? {})).toMatch(
      /Aiven answered: Peer network 10.80.0.0\/16 overlaps with a network of peering connection 4d7e9a10/,
    );
    expect(textOf(failed?.args ?? {})).toMatch(/Reference for the logs: `[^`]+change-peer-cidrs:cidrs-/);
    expect(t.aiven.peerings().find((p) => p.peer_vpc === VPC)?.user_peer_network_cidrs).toEqual([
      '10.70.0.0/16',
      '10.71.0.0/16',
    ]);
    const history = await t.bot.store.listAuditEvents(record.id);
    expect(history.map((e) => e.action)).toContain('cidrs-change-failed');
    // Each change once in the history: five asked, four changed, one refused.
    expect(history.filter((e) => e.action === 'cidrs-change-requested')).toHaveLength(5);
    expect(history.filter((e) => e.action === 'cidrs-changed')).toHaveLength(4);
  });
});

describe('extra CIDRs changed outside vpc-peer', () => {
  const OUTSIDE = 'The extra CIDRs were changed outside vpc-peer (Aiven Console, API or Terraform)';
  const outside = () => replies(t).filter((c) => textOf(c.args).includes(OUTSIDE));
  const answerText = (answer: { text: string }) => {
    const body = JSON.parse(answer.text) as { text?: string; blocks?: { text?: { text: string } }[] };
    return [body.text, ...(body.blocks ?? []).map((b) => b.text?.text)].filter(Boolean).join('\n');
  };

  it('vpc-peer’s own edits are not taken for changes outside it', async () => {
    await t.bot.reconcile();
    await t.idle();
    expect(outside()).toHaveLength(0);
  });

  it('a change in Aiven’s API is told once in the thread, and list, status and App Home show the new ranges', async () => {
    const response = await fetch(
      `${t.aiven.url}/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${record.aivenPeeringId}/user-peer-network-cidrs`,
      {
        method: 'PUT',
        headers: { Authorization: `aivenv1 ${t.aiven.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          add: [{ cidr: '10.72.0.0/16', peer_cloud_account: ACCOUNT, peer_vpc: VPC }],
          delete: ['10.71.0.0/16'],
        }),
      },
    );
    expect(response.status).toBe(200);
    await Promise.all([t.bot.reconcile(), t.bot.reconcile()]);
    await t.bot.reconcile();
    await t.idle();

    expect(outside().map((c) => [c.args.thread_ts, textOf(c.args)])).toEqual([
      [
        record.thread?.ts,
        expect.stringContaining(
          `${OUTSIDE}: 10.70.0.0/16, 10.71.0.0/16 → 10.70.0.0/16, 10.72.0.0/16 (+ 10.72.0.0/16, − 10.71.0.0/16).`,
        ),
      ],
    ]);
    const list = answerText(await t.command('list'));
    expect(list).toContain(`\`${VPC}\` · + 10.70.0.0/16, 10.72.0.0/16`);
    const status = answerText(await t.command(`status ${record.aivenPeeringId}`));
    expect(status).toContain(`${VPC} (+ 10.70.0.0/16, 10.72.0.0/16)`);
    expect(status).toContain(
      'vpc-peer saw its extra CIDRs changed outside vpc-peer (10.70.0.0/16, 10.71.0.0/16 → 10.70.0.0/16, 10.72.0.0/16)',
    );
    await t.event({ type: 'app_home_opened', user: 'U0BOB', tab: 'home', channel: 'D0BOB' });
    await t.idle();
    const home = t.slack.callsTo('views.publish').at(-1)?.args.view as {
      blocks: { text?: { text: string } }[];
    };
    expect(home.blocks.map((b) => b.text?.text ?? '').join('\n')).toContain(
      `\`${VPC}\` · + 10.70.0.0/16, 10.72.0.0/16`,
    );
  });
});
