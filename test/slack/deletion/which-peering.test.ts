// The deletion form offers each Aiven peering once, as the record vpc-peer has for it: a peering whose
// request ended (EXPIRED while Aiven still shows it) is not offered again as "made outside vpc-peer",
// and a pick never turns into a request to delete a different, live peering.
import { randomUUID } from 'node:crypto';
import type { PeeringRecord } from '../../../src/peering/model';
import { SEED_IDS } from '../../../src/sandbox/aiven-sandbox';
import { makeRecord } from '../../adapters/store-contract';
import { startTestBot, type TestBot } from '../../support/bot';
import { APPROVERS, requestMessages, SEED_SPEC } from './helpers';

type SelectBlock = {
  block_id?: string;
  element?: { option_groups?: { options: { value: string }[] }[] };
};
const offered = (t: TestBot) =>
  (t.currentView().blocks as SelectBlock[])
    .find((b) => b.block_id === 'peering')
    ?.element?.option_groups?.flatMap((g) => g.options.map((o) => o.value)) ?? [];

describe('which peering a deletion is for', () => {
  let t: TestBot;
  let expired: PeeringRecord;
  let live: PeeringRecord;
  beforeEach(async () => {
    t = await startTestBot({ APPROVERS });
    // The org VPC snapshot, as the create form loads it: Aiven still shows the seeded peering.
    await t.command('');
    await t.idle();
    // Request A got that peering, then expired (nobody accepted in AWS); request B is the new try.
    ({ record: expired } = await t.bot.store.insertPeering(
      makeRecord({
        spec: SEED_SPEC,
        aivenPeeringId: SEED_IDS.prodEuPeering,
        state: 'EXPIRED',
        requestedBy: 'U0ALICE',
      }),
    ));
    ({ record: live } = await t.bot.store.insertPeering(
      makeRecord({ spec: SEED_SPEC, aivenPeeringId: randomUUID(), state: 'PENDING_PEER' }),
    ));
  });
  afterEach(async () => {
    await t.stop();
  });

  it('does not offer a peering whose request ended as one made outside vpc-peer', async () => {
    await t.command('delete');
    expect(offered(t)).toContain(live.id);
    expect(offered(t)).not.toContain(`aiven-${SEED_IDS.prodEuPeering}`);
    // Asked for by its Aiven id, it is not there either.
    const named = await t.command(`delete ${SEED_IDS.prodEuPeering}`);
    expect(JSON.parse(named.text).text).toContain(`No peering vpc-peer can delete is called`);
  });

  it('refuses a pick it would have to swap for another peering, asking nobody to approve', async () => {
    await t.command('delete');
    // A form opened before the fix (or a crafted submission) still names the old peering.
    const answer = await t.submit({ peering: `aiven-${SEED_IDS.prodEuPeering}`, reason: 'stale' });
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    await t.idle();
    expect(requestMessages(t)).toHaveLength(0);
    await expect(t.bot.store.findOpenDeletionRequest(live.id)).resolves.toBeUndefined();
    await expect(t.bot.store.findOpenDeletionRequest(expired.id)).resolves.toBeUndefined();
    await expect(t.bot.store.getPeering(`aiven-${SEED_IDS.prodEuPeering}`)).resolves.toBeUndefined();
  });
});
