// The playground's example policy (what `npm start` loads by default) in a real browser: bob (team
// data) is refused alice's payments account in the modal, under the field, naming the owning team;
// his click on Delete… of her peering is refused privately; `/vpc-peer access` shows each their teams.
// Without moto. No timing assertions: every step waits for what the user would see.
import { FIELD_BLOCKS } from '../../src/slack/views/create-form';
import { playgroundInBrowser, seen } from '../support/playground';

const PAYMENTS_ACCOUNT = '111122223333';
const FORM = {
  'Aiven organization VPC': 'prod-eu · aws-eu-west-1 · 10.20.0.0/24',
  'AWS account ID': PAYMENTS_ACCOUNT,
  'AWS VPC region': 'eu-west-1 · Europe (Ireland)',
  'AWS VPC ID': 'vpc-0123456789abcdef0',
};

const playground = playgroundInBrowser({ policy: true });

it("refuses bob on payments' account in the modal and on Delete…, and tells each their teams", async () => {
  const alice = await playground.open('U0ALICE');
  await playground.scenario('U0BOB', 'policy-refusals', async (bob) => {
    // alice (payments) requests a peering with her team's account in #platform.
    await alice.openCreateModal();
    await alice.fillModal(FORM);
    await alice.submitModal('Create peering');
    await alice.modal.waitFor({ state: 'detached' });
    await alice.pinned('VPC peering');

    // bob (data) asks for a peering into the same account: refused under the field, naming payments.
    await bob.openCreateModal();
    await bob.fillModal(FORM);
    await bob.submitModal('Create peering');
    await expect(seen(bob.fieldError(FIELD_BLOCKS.awsAccountId.blockId))).resolves.toBe(
      `AWS account ${PAYMENTS_ACCOUNT} belongs to team payments; only its members may request peerings with it.`,
    );
    await bob.modal.locator('button[title="Close"]').click();
    await bob.modal.waitFor({ state: 'detached' });

    // bob's click on Delete… of alice's peering: refused privately, no form opens.
    const root = await bob.pinned(`AWS account ${PAYMENTS_ACCOUNT}`);
    await bob.click(root, 'Delete…');
    const refusal = bob.message('may ask to delete its peerings');
    const refused = await seen(refusal);
    expect(refused).toContain('Only visible to you');
    expect(refused).toContain(`AWS account ${PAYMENTS_ACCOUNT} belongs to team payments`);
    expect(refused).toContain('@alice');
    await expect(bob.modal.count()).resolves.toBe(0);
    // Private: alice's page never shows bob's refusal.
    await alice.send('/vpc-peer access');
    const aliceAccess = await seen(alice.message('may do with vpc-peer'));
    await expect(alice.channel.getByText('may ask to delete its peerings').count()).resolves.toBe(0);

    // `/vpc-peer access`: each their own team and accounts.
    expect(aliceAccess).toContain(`Team payments: AWS accounts ${PAYMENTS_ACCOUNT}`);
    await bob.send('/vpc-peer access');
    const bobAccess = await seen(bob.message('may do with vpc-peer'));
    expect(bobAccess).toContain('Team data: AWS accounts 444455556666');
    expect(bobAccess).not.toContain('payments');
  });
}, 180_000);
