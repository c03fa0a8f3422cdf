// The create modal as Slack shows it: labels (Slack adds "(optional)" itself), and the errors of a
// submission through the real Bolt receiver. Errors are plain text in Slack: no mrkdwn.
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';

const VALID = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: undefined,
  aws_vpc_id: 'vpc-0123456789abcdef0',
  extra_cidrs: undefined,
};

type InputBlock = { type: string; block_id?: string; optional?: boolean; label?: { text: string } };

describe('the create modal', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
    await t.bot.reconcile();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function submit(values: Record<string, string | undefined>): Promise<Record<string, string>> {
    await t.command('');
    await t.idle();
    const answer = await t.submit(values);
    expect(answer.body?.response_action).toBe('errors');
    return answer.body?.errors as Record<string, string>;
  }

  it('labels optional fields once: Slack adds "(optional)" to them', async () => {
    await t.command('');
    await t.idle();
    const inputs = (t.currentView().blocks as InputBlock[]).filter((b) => b.type === 'input');
    const labels = Object.fromEntries(inputs.map((b) => [b.block_id, b.label?.text]));
    expect(labels.extra_cidrs).toBe('Extra CIDRs in your VPC');
    expect(inputs.filter((b) => b.optional).map((b) => b.block_id)).toEqual(['aws_region', 'extra_cidrs']);
    for (const label of Object.values(labels)) expect(label).not.toMatch(/optional/i);
  });

  it('with no org VPC chosen, flags the org VPC and not the empty (optional) region', async () => {
    const errors = await submit({ ...VALID, org_vpc: undefined });
    expect(errors).toEqual({ org_vpc: 'Choose the Aiven organization VPC to peer with.' });
  });

  it('names every bad CIDR line, in plain text without backticks', async () => {
    const errors = await submit({
      ...VALID,
      extra_cidrs: '10.50.0.0/16\n10.60.0.1/16\nbanana\n10.20.0.0/16',
    });
    expect(Object.keys(errors)).toEqual(['extra_cidrs']);
    expect(errors.extra_cidrs).toBe(
      '"10.60.0.1/16" has host bits set; did you mean 10.60.0.0/16? ' +
        '"banana" is not an IPv4 CIDR such as 10.50.0.0/16. ' +
        `"10.20.0.0/16" overlaps the organization VPC's 10.20.0.0/24; peered ranges must not overlap. ` +
        'Enter IPv4 CIDRs, one per line.',
    );
    expect(errors.extra_cidrs).not.toContain('`');
  });

  it('past five bad CIDRs, says how many more', async () => {
    const bad = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n');
    const errors = await submit({ ...VALID, extra_cidrs: bad });
    expect(errors.extra_cidrs).toContain('"e" is not an IPv4 CIDR');
    expect(errors.extra_cidrs).not.toContain('"f"');
    expect(errors.extra_cidrs).toContain('And 2 more. Enter IPv4 CIDRs, one per line.');
  });
});
