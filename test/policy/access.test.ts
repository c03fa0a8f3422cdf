// `/vpc-peer access`, answered privately through the real receiver: what a team member, an approver
// and an outsider may do; and, without a policy file, what the simple settings allow.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestBot, type TestBot } from '../support/bot';

function writePolicy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpc-peer-policy-')), 'policy.yml');
  writeFileSync(
    file,
    `
teams:
  payments:
    members: [U0ALICE]
    aws_accounts: ["111122223333", "222233334444"]
    channels: [C0PAYMENTS]
    accepter_external_id: never-shown-ext
  data:
    members: [U0BOB]
    aws_accounts: ["444455556666"]
approvals:
  approvers: [U0CAROL]
  org_vpcs:
    prod-eu: { approvers: [U0DAVE], required: 2 }
freezes:
  - from: 2020-01-01T00:00:00Z
    to: 2099-01-01T00:00:00Z
    reason: Migration freeze
    override: [U0CAROL]
  - from: 2098-01-01T00:00:00Z
    to: 2098-02-01T00:00:00Z
    reason: Not yet
`,
  );
  return file;
}

async function access(t: TestBot, userId: string) {
  const answer = await t.command('access', { userId, channelId: 'C0PAYMENTS' });
  expect(answer.status).toBe(200);
  const body = JSON.parse(answer.text) as { response_type: string; text: string };
  expect(body.response_type).toBe('ephemeral');
  return body.text;
}

describe('/vpc-peer access', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  it('tells a member, an approver and an outsider what each may do', async () => {
    t = await startTestBot({ POLICY_FILE: writePolicy() });
    expect(await access(t, 'U0ALICE')).toBe(
      [
        '*What <@U0ALICE> may do with vpc-peer*',
        '• Team *payments*: AWS accounts 111122223333, 222233334444, in <#C0PAYMENTS>.',
        '• Accounts no team lists: refused for everyone.',
        '• Approve deletions: no.',
        '• Change freeze in force until 2099-01-01T00:00:00.000Z: Migration freeze. (vpc-peer does not enforce freezes yet.)',
      ].join('\n'),
    );
    const carol = await access(t, 'U0CAROL');
    expect(carol).toContain('• Teams: none. You may act on no team-owned AWS account.');
    expect(carol).toContain(
      '• Approve deletions: yes, for every org VPC except prod-eu (never your own request).',
    );
    expect(carol).toContain('Migration freeze. You may override it, giving a reason.');
    expect(await access(t, 'U0DAVE')).toContain(
      '• Approve deletions: yes, for prod-eu (never your own request).',
    );
    const outsider = await access(t, 'U0EVE');
    expect(outsider).toContain('• Teams: none.');
    expect(outsider).toContain('• Approve deletions: no.');
    expect(outsider).not.toContain('Not yet');
    expect(outsider).not.toContain('never-shown-ext');
  });

  it('without a policy file, says what the simple settings allow', async () => {
    t = await startTestBot({ APPROVERS: 'U0CAROL', ALLOWED_CHANNELS: 'C0PAYMENTS' });
    expect(await access(t, 'U0CAROL')).toBe(
      [
        '*What <@U0CAROL> may do with vpc-peer*',
        '• Request, accept or delete: yes, for any AWS account (channels: <#C0PAYMENTS>). No policy file is set.',
        '• Approve deletions: yes, for every org VPC (never your own request).',
        '• Change freeze: none in force.',
      ].join('\n'),
    );
  });
});
