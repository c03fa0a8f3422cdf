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

/** `npm start`'s summary: who owns what, in a few lines (the log has the whole summary). */
export function policyLines(policy: PolicyFile, path: string): string[] {
  const teams = Object.entries(policy.teams).map(
    ([name, t]) => `${name} (${t.members.join(', ')}: ${t.aws_accounts.join(', ')})`,
  );
  const lines = [
    `  Policy: ${path}: teams ${teams.join('; ') || 'none'}; unlisted accounts: ${policy.unlisted_accounts}.`,
  ];
  for (const f of policy.freezes)
    lines.push(`          Freeze ${f.from} to ${f.to}: ${f.reason} (shown, not enforced yet).`);
  return lines;
}
