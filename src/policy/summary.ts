// The policy as the start-up log shows it (no YAML parser here: the summary is logged on every boot).
import type { PolicyFile } from './schema';

/** What the start-up log shows: who and which accounts, never an ExternalId. */
export function summarisePolicy(policy: PolicyFile) {
  return {
    teams: Object.fromEntries(
      Object.entries(policy.teams).map(([name, t]) => [
        name,
        {
          members: t.members,
          awsAccounts: t.aws_accounts,
          channels: t.channels ?? 'any',
          accepterExternalId: t.accepter_external_id ? '[redacted]' : 'default',
        },
      ]),
    ),
    unlistedAccounts: policy.unlisted_accounts,
    approvals: policy.approvals ?? 'APPROVERS, 1 approval',
    freezes: policy.freezes.map((f) => ({ from: f.from, to: f.to, reason: f.reason, override: f.override })),
  };
}

/**
 * The playground's policy when POLICY_FILE is unset (`npm start` with no Slack app): alice (payments)
 * and bob (data), so the refusals can be tried. Relative to the repository, where npm runs start.
 */
export const PLAYGROUND_POLICY_FILE = 'examples/playground-policy.yml';

/** `npm start`'s summary: which policy is in force and who owns what (the log has the whole summary). */
export function policyLines(policy: PolicyFile | undefined, path: string | undefined): string[] {
  if (!policy)
    return ['  Policy: none (POLICY_FILE unset): REQUESTERS, APPROVERS and ALLOWED_CHANNELS alone decide.'];
  const teams = Object.entries(policy.teams).map(
    ([name, t]) => `${name} (${t.members.join(', ')}: ${t.aws_accounts.join(', ')})`,
  );
  const source =
    path === PLAYGROUND_POLICY_FILE
      ? `${path} (the playground's example; set POLICY_FILE to use another)`
      : (path ?? '');
  const lines = [
    `  Policy: ${source}: teams ${teams.join('; ') || 'none'}; unlisted accounts: ${policy.unlisted_accounts}.`,
  ];
  for (const f of policy.freezes)
    lines.push(
      `          Freeze ${f.from} to ${f.to}: ${f.reason} (override: ${f.override.join(', ') || 'nobody'}).`,
    );
  return lines;
}
