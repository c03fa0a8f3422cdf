// The policy file's approvals per org VPC reach the deletion quorum: prod-eu needs two approvers,
// through the real receiver, the Aiven sandbox and the loopback Slack stand-in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPeering, deletes, requestDeletion, textOf } from '../slack/deletion/helpers';
import { startTestBot, type TestBot } from '../support/bot';

function policyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpc-peer-policy-')), 'policy.yml');
  writeFileSync(
    file,
    [
      'teams:',
      '  payments:',
      '    members: [U0ALICE]',
      '    aws_accounts: ["210987654321"]',
      'unlisted_accounts: refuse',
      'approvals:',
      '  approvers: [S0APPROVERS]',
      '  required: 1',
      '  org_vpcs:',
      '    prod-eu: { approvers: [S0APPROVERS], required: 2 }',
    ].join('\n'),
  );
  return file;
}

describe('approvals from the policy file', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  it("a prod-eu deletion waits for the org VPC's two approvers; the second approval deletes it once", async () => {
    t = await startTestBot({ POLICY_FILE: policyFile() });
    t.slack.userGroups.set('S0APPROVERS', ['U0CAROL', 'U0DAVE']);
    const record = await createPeering(t);
    expect(record.orgVpc.name).toBe('prod-eu');
    const message = await requestDeletion(t, record, { userId: 'U0ALICE' });
    expect(textOf(message.args)).toContain('*0 of 2 approvals*');

    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(deletes(t)).toHaveLength(0);
    await t.click(message, 'deletion_approve', { userId: 'U0DAVE' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
  });
});
