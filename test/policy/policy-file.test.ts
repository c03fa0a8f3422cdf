// POLICY_FILE at start: each bad key stops the process naming the key and what a valid value looks
// like; the simple settings may not contradict it; the start-up summary never shows an ExternalId.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, secretValues } from '../../src/config';
import { makeConfigLoader } from '../../src/container/settings';
import { parsePolicyText } from '../../src/policy/load';
import { PLAYGROUND_POLICY_FILE, policyLines, summarisePolicy } from '../../src/policy/summary';
import { PLAYGROUND_APPROVERS, SEED_CHANNELS, SEED_USERS } from '../../src/sandbox/playground/workspace';
import { PLAYGROUND_TEAM_ACCOUNT_ID } from '../../src/sandbox/team-account';

const GOOD = `
teams:
  payments:
    members: [U0ALICE, S0PAYMENTS]
    aws_accounts: ["111122223333"]
    channels: [C0PAYMENTS]
    accepter_external_id: payments-secret-id
  data:
    members: [U0BOB]
    aws_accounts: ["444455556666"]
unlisted_accounts: refuse
approvals:
  approvers: [S0NETOPS]
  required: 1
  org_vpcs:
    prod-eu: { approvers: [S0NETOPS], required: 2 }
freezes:
  - from: 2026-12-20T00:00:00Z
    to: 2027-01-04T00:00:00Z
    reason: Year-end change freeze
    override: [S0SRELEADS]
`;

function problems(text: string): string[] {
  try {
    parsePolicyText(text, 'policy.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('policy file', () => {
  it('reads the example of the issue', () => {
    const policy = parsePolicyText(GOOD, 'policy.yml');
    expect(policy.teams.payments?.aws_accounts).toEqual(['111122223333']);
    expect(policy.approvals?.org_vpcs['prod-eu']).toEqual({ approvers: ['S0NETOPS'], required: 2 });
    expect(policy.freezes[0]).toMatchObject({
      from: '2026-12-20T00:00:00.000Z',
      to: '2027-01-04T00:00:00.000Z',
    });
  });

  it.each([
    [
      'an account of 4 digits',
      GOOD.replace('aws_accounts: ["111122223333"]', 'aws_accounts: ["111122223333", "1234"]'),
      'POLICY_FILE policy.yml: teams.payments.aws_accounts[1]: "1234" is not a 12-digit AWS account id, e.g. "111122223333"',
    ],
    [
      'an account written as a number',
      GOOD.replace('aws_accounts: ["444455556666"]', 'aws_accounts: [444455556666]'),
      'POLICY_FILE policy.yml: teams.data.aws_accounts[0]: 444455556666 is not a 12-digit AWS account id in quotes, e.g. "111122223333"',
    ],
    [
      'a member that is a name',
      GOOD.replace('members: [U0BOB]', 'members: [bob]'),
      'POLICY_FILE policy.yml: teams.data.members[0]: "bob" is not a Slack user id (U..., W...) or user group id (S...), e.g. U0123ABCD or S0NETOPS',
    ],
    [
      'a channel name',
      GOOD.replace('channels: [C0PAYMENTS]', 'channels: ["#payments"]'),
      'POLICY_FILE policy.yml: teams.payments.channels[0]: "#payments" is not a Slack channel id, e.g. C0PAYMENTS (channel details > About)',
    ],
    [
      'a team without accounts',
      GOOD.replace('    aws_accounts: ["444455556666"]\n', ''),
      'POLICY_FILE policy.yml: teams.data.aws_accounts: must be a list of AWS account ids, e.g. ["111122223333"]',
    ],
    [
      'unlisted_accounts misspelt',
      GOOD.replace('unlisted_accounts: refuse', 'unlisted_accounts: deny'),
      'POLICY_FILE policy.yml: unlisted_accounts: "deny" must be refuse or allow',
    ],
    [
      'a quorum of zero',
      GOOD.replace('required: 2', 'required: 0'),
      'POLICY_FILE policy.yml: approvals.org_vpcs.prod-eu.required: must be at least 1',
    ],
    [
      'a freeze without a zone',
      GOOD.replace('from: 2026-12-20T00:00:00Z', 'from: "2026-12-20 09:00"'),
      'POLICY_FILE policy.yml: freezes[0].from: "2026-12-20 09:00" is not an ISO 8601 time with its zone, e.g. 2026-12-20T00:00:00Z',
    ],
    [
      'a freeze ending before it starts',
      GOOD.replace('to: 2027-01-04T00:00:00Z', 'to: 2026-12-01T00:00:00Z'),
      'POLICY_FILE policy.yml: freezes[0].to: to must be after from',
    ],
    [
      'an unknown key',
      GOOD.replace('    channels: [C0PAYMENTS]', '    channel: [C0PAYMENTS]'),
      'POLICY_FILE policy.yml: teams.payments: unknown key channel (see README "Policy file")',
    ],
    [
      'an account owned by two teams',
      GOOD.replace('aws_accounts: ["444455556666"]', 'aws_accounts: ["111122223333"]'),
      'POLICY_FILE policy.yml: teams.data.aws_accounts[0]: "111122223333" is already owned by team payments; an account belongs to one team',
    ],
    [
      'a bad ExternalId',
      GOOD.replace('payments-secret-id', '"has spaces"'),
      'POLICY_FILE policy.yml: teams.payments.accepter_external_id: must be 2-1224 of A-Z a-z 0-9 + = , . @ : / _ -, e.g. vpc-peer-payments-4f9a',
    ],
  ])('refuses %s, naming the key', (_what, text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it('refuses text that is not YAML', () => {
    expect(problems('teams: [unclosed')[0]).toMatch(/^POLICY_FILE policy.yml: not valid YAML: /);
  });

  describe('with the simple settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpc-peer-policy-'));
    const file = join(dir, 'policy.yml');
    writeFileSync(file, GOOD);
    const load = (env: Record<string, string>) => makeConfigLoader({ POLICY_FILE: file, ...env }, 'local')();

    it('loads the file: approvers from it, ExternalIds per account, secrets scrubbed', async () => {
      const config = await load({});
      expect(config.approvers).toEqual(['S0NETOPS']);
      expect(config.accept.externalIds).toEqual({ '111122223333': 'payments-secret-id' });
      expect(secretValues(config)).toContain('payments-secret-id');
      if (!config.policy) throw new Error('no policy loaded');
      const summary = JSON.stringify(summarisePolicy(config.policy));
      expect(summary).not.toContain('payments-secret-id');
      expect(summary).toContain('[redacted]');
      expect(summary).toContain('111122223333');
      expect(summary).toContain('Year-end change freeze');
    });

    it('refuses APPROVERS that differ from approvals.approvers', async () => {
      await expect(load({ APPROVERS: 'U0CAROL' })).rejects.toThrow(
        /APPROVERS \(U0CAROL\) contradicts POLICY_FILE approvals.approvers \(S0NETOPS\)/,
      );
      await expect(load({ APPROVERS: 'S0NETOPS' })).resolves.toBeDefined();
    });

    it('refuses a team channel outside ALLOWED_CHANNELS and a member outside REQUESTERS', async () => {
      await expect(load({ ALLOWED_CHANNELS: 'C0OTHER' })).rejects.toThrow(
        /teams.payments.channels: C0PAYMENTS not in ALLOWED_CHANNELS/,
      );
      await expect(load({ REQUESTERS: 'U0ALICE' })).rejects.toThrow(
        /teams.data.members: U0BOB not in REQUESTERS/,
      );
    });

    it('names a file that cannot be read', async () => {
      await expect(makeConfigLoader({ POLICY_FILE: join(dir, 'missing.yml') }, 'local')()).rejects.toThrow(
        /POLICY_FILE: cannot read .*missing.yml \(ENOENT\)/,
      );
    });
  });
});

describe('the playground example policy', () => {
  it('parses, and gives alice the playground team account and bob another, with the playground approvers', () => {
    const path = join(__dirname, '..', '..', 'examples', 'playground-policy.yml');
    const policy = parsePolicyText(readFileSync(path, 'utf8'), path);
    expect(policy.teams.payments?.aws_accounts).toEqual([PLAYGROUND_TEAM_ACCOUNT_ID]);
    expect(policy.teams.payments?.members).toEqual(['U0ALICE']);
    expect(policy.teams.data?.members).toEqual(['U0BOB']);
    expect(policy.teams.data?.aws_accounts).not.toContain(PLAYGROUND_TEAM_ACCOUNT_ID);
    expect(policy.approvals?.approvers).toEqual(PLAYGROUND_APPROVERS);
    // Every id names someone or something of the playground's workspace.
    const channels = SEED_CHANNELS.map((c) => c.id);
    for (const team of Object.values(policy.teams)) {
      for (const c of team.channels ?? []) expect(channels).toContain(c);
      for (const m of team.members) expect(SEED_USERS.map((u) => u.id)).toContain(m);
    }
  });
});

describe('which policy is in force at start', () => {
  const SLACK_APP = {
    SLACK_BOT_TOKEN: 'xoxb-real-app-token',
    SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
    AIVEN_SANDBOX: 'true',
  };

  it('the playground (no Slack app) loads the example policy, and says so in the start-up lines', async () => {
    const config = await makeConfigLoader({}, 'local')();
    expect(config.policyFile).toBe(PLAYGROUND_POLICY_FILE);
    expect(config.policy?.teams.payments?.members).toEqual(['U0ALICE']);
    expect(config.policy?.teams.data?.members).toEqual(['U0BOB']);
    expect(config.accept.externalIds).toEqual({ [PLAYGROUND_TEAM_ACCOUNT_ID]: 'playground-payments-ext' });
    const lines = policyLines(config.policy, config.policyFile).join('\n');
    expect(lines).toContain(
      `Policy: ${PLAYGROUND_POLICY_FILE} (the playground's example; set POLICY_FILE to use another)`,
    );
    expect(lines).toContain('payments (U0ALICE: 111122223333); data (U0BOB: 444455556666)');
    expect(lines).toContain('Year-end change freeze (override: U0CAROL)');
  });

  it('an explicit POLICY_FILE wins over the example', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpc-peer-policy-'));
    const file = join(dir, 'own.yml');
    writeFileSync(file, GOOD);
    const config = await makeConfigLoader({ POLICY_FILE: file }, 'local')();
    expect(config.policyFile).toBe(file);
    expect(config.approvers).toEqual(['S0NETOPS']);
    expect(policyLines(config.policy, config.policyFile)[0]).toMatch(
      new RegExp(`^  Policy: ${file}: teams payments`),
    );
  });

  it('a real Slack app gets no default policy', async () => {
    const local = await makeConfigLoader(SLACK_APP, 'local')();
    expect(local.policy).toBeUndefined();
    expect(policyLines(local.policy, local.policyFile)).toEqual([
      '  Policy: none (POLICY_FILE unset): REQUESTERS, APPROVERS and ALLOWED_CHANNELS alone decide.',
    ]);
  });
});
