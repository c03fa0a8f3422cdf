// `/vpc-peer delete <id>` for a peering only Aiven knows (made in the Aiven Console a minute ago, not
// yet polled): the worker finds it in Aiven, adopts it as made outside vpc-peer, and a private button
// opens the deletion form; approval ends in exactly one Aiven DELETE.
import { SEED_IDS } from '../../../src/sandbox/aiven-sandbox';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../../support/bot';
import { blockActionBody, findButton, signSlackRequest } from '../../support/slack';
import { APPROVERS, deletes, privateAnswers, requestMessages, textOf } from './helpers';

type SelectBlock = { block_id?: string; element?: { initial_option?: { value: string } } };
const initialPeering = (t: TestBot) =>
  (t.currentView().blocks as SelectBlock[]).find((b) => b.block_id === 'peering')?.element?.initial_option
    ?.value;

/** Someone creates a peering in the Aiven Console: straight through Aiven's API. */
async function createInAivenConsole(t: TestBot, peerVpc: string): Promise<string> {
  const url = `${t.aiven.url}/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `aivenv1 ${t.aiven.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ peer_cloud_account: '345678901234', peer_vpc: peerVpc, peer_region: 'eu-west-1' }),
  });
  expect(response.status).toBeLessThan(300);
  const created = (await response.json()) as { peering_connection_id: string };
  return created.peering_connection_id;
}

/** Clicks a button in a message the bot sent to a response_url (only the user sees it). */
function clickPrivate(t: TestBot, blocks: unknown[], actionId: string, userId: string) {
  const found = findButton(blocks, actionId);
  if (!found) throw new Error(`no button ${actionId} in the private answer`);
  const body = blockActionBody({
    ...found,
    container: { type: 'message', channelId: 'C0PLATFORM', messageTs: '1700000000.000100', blocks },
    responseUrl: t.slack.responseUrl(),
    userId,
  });
  return t.post(body, signSlackRequest(SIGNING_SECRET, body));
}

describe('delete by id for a peering only Aiven knows', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ APPROVERS });
    // The bot has polled once: the seeded peering is known, the next one will not be.
    await t.bot.reconcile();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('looks it up in Aiven, opens the form from a private button, and deletes it once after approval', async () => {
    const aivenId = await createInAivenConsole(t, 'vpc-0fedcba9876543210');
    await expect(t.bot.store.findByAivenPeeringId(aivenId)).resolves.toBeUndefined();

    const answer = await t.command(`delete ${aivenId}`, { userId: 'U0ALICE' });
    expect(answer.status).toBe(200);
    const first = JSON.parse(answer.text) as { response_type: string; text: string };
    expect(first.response_type).toBe('ephemeral');
    expect(first.text).toContain(`looking for it in Aiven`);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);

    await t.idle();
    const found = privateAnswers(t).at(-1) as { text: string; blocks: unknown[] };
    expect(textOf(found)).toContain(`Found \`${aivenId}\` in Aiven`);
    expect(textOf(found)).toContain('vpc-0fedcba9876543210');
    // Adopted the way reconcile adopts peerings made outside vpc-peer.
    const adopted = await t.bot.store.findByAivenPeeringId(aivenId);
    expect(adopted).toMatchObject({ id: `aiven-${aivenId}`, origin: 'external', requestedBy: 'external' });
    expect(findButton(found.blocks, 'peering_delete')?.button.value).toBe(`aiven-${aivenId}`);

    const opened = await clickPrivate(t, found.blocks, 'peering_delete', 'U0ALICE');
    expect(opened.status).toBe(200);
    expect(t.slack.callsTo('views.open')).toHaveLength(1);
    expect(initialPeering(t)).toBe(`aiven-${aivenId}`);
    const submitted = await t.submit({ peering: `aiven-${aivenId}`, reason: 'made by mistake' });
    expect(submitted.body).toBeUndefined();
    await t.idle();

    const request = requestMessages(t).at(-1);
    if (!request) throw new Error('no deletion request was posted');
    expect(textOf(request.args)).toContain(aivenId);
    await t.click(request, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t).map((r) => r.path)).toEqual([
      `/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${aivenId}`,
    ]);
    // A redelivered lookup or another poll changes nothing: still one record, one DELETE.
    await t.bot.reconcile();
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
  });

  it('says when Aiven has no such peering, and which ids work', async () => {
    const answer = await t.command('delete pcx-0123456789abcdef0');
    expect(JSON.parse(answer.text).text).toContain('looking for it in Aiven');
    await t.idle();
    const reply = privateAnswers(t).at(-1) as { text: string };
    expect(reply.text).toContain('No peering vpc-peer can delete is called `pcx-0123456789abcdef0`');
    expect(reply.text).toContain('Aiven has none with that id either');
    expect(reply.text).toContain(`Ids that work: \`${SEED_IDS.prodEuPeering}\``);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(t.aiven.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('says it could not look when Aiven fails, with a reference, and never that the peering is not there', async () => {
    for (let i = 0; i < 20; i++) t.aiven.failNext({ method: 'GET', status: 500, message: 'boom' });
    await t.command('delete pcx-0123456789abcdef0');
    await t.idle();
    const reply = privateAnswers(t).at(-1) as { text: string };
    expect(reply.text).toContain('could not look up `pcx-0123456789abcdef0` in Aiven');
    expect(reply.text).toMatch(/reference: find-peering-for-deletion:/);
    expect(reply.text).not.toContain('No peering');
  });

  it('answers an id that is no peering id at once, saying what one looks like, without asking Aiven', async () => {
    const before = t.aiven.requests.length;
    const answer = await t.command('delete prod-eu');
    expect(JSON.parse(answer.text).text).toContain('No peering vpc-peer can delete is called `prod-eu`');
    await t.idle();
    expect(t.aiven.requests).toHaveLength(before);
    expect(privateAnswers(t)).toEqual([]);
  });
});
