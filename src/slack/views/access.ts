// `/vpc-peer access`: what one user may do, as the policy decides it. Pure: the command gathers the
// facts (teams, approver rules, freezes) and this writes them in Slack mrkdwn.
import type { Freeze } from '../../policy/schema';

export interface AccessFacts {
  userId: string;
  mayRequest: boolean;
  /** ALLOWED_CHANNELS; empty: any. */
  allowedChannels: readonly string[];
  /** Undefined without a policy file. */
  policy?: {
    teams: { name: string; awsAccounts: readonly string[]; channels: readonly string[] }[];
    unlistedAccounts: 'refuse' | 'allow';
    freezesInForce: (Freeze & { mayOverride: boolean })[];
  };
  /** The approvers' list (APPROVERS or approvals.approvers) includes the user. */
  approvesByDefault: boolean;
  /** org VPCs whose own rule (approvals.org_vpcs) names the user, and those that do not. */
  approvesOrgVpcs: string[];
  notForOrgVpcs: string[];
}

const channels = (ids: readonly string[]) =>
  ids.length === 0 ? 'any channel' : ids.map((c) => `<#${c}>`).join(', ');

export function renderAccess(facts: AccessFacts): string {
  const lines = [`*What <@${facts.userId}> may do with vpc-peer*`];
  const where = facts.allowedChannels.length > 0 ? ` (channels: ${channels(facts.allowedChannels)})` : '';
  if (!facts.mayRequest) {
    lines.push('• Request, accept or delete: no, you are not in REQUESTERS.');
  } else if (!facts.policy) {
    lines.push(`• Request, accept or delete: yes, for any AWS account${where}. No policy file is set.`);
  } else {
    const { teams, unlistedAccounts } = facts.policy;
    if (teams.length === 0) lines.push('• Teams: none. You may act on no team-owned AWS account.');
    for (const team of teams)
      lines.push(
        `• Team *${team.name}*: AWS accounts ${team.awsAccounts.join(', ')}, in ${channels(team.channels)}.`,
      );
    lines.push(
      unlistedAccounts === 'allow'
        ? `• Accounts no team lists: allowed for you${where}.`
        : '• Accounts no team lists: refused for everyone.',
    );
  }
  const approves: string[] = [];
  if (facts.approvesByDefault)
    approves.push(
      facts.notForOrgVpcs.length > 0
        ? `every org VPC except ${facts.notForOrgVpcs.join(', ')}`
        : 'every org VPC',
    );
  if (facts.approvesOrgVpcs.length > 0) approves.push(facts.approvesOrgVpcs.join(', '));
  lines.push(
    approves.length > 0
      ? `• Approve deletions: yes, for ${approves.join('; and ')} (never your own request).`
      : '• Approve deletions: no.',
  );
  const freezes = facts.policy?.freezesInForce ?? [];
  if (freezes.length === 0) lines.push('• Change freeze: none in force.');
  for (const f of freezes)
    lines.push(
      // Freezes are parsed and shown; refusing changes during one is issue 17 item 4 (not yet).
      `• Change freeze in force until ${f.to}: ${f.reason}.${f.mayOverride ? ' You may override it, giving a reason.' : ''} (vpc-peer does not enforce freezes yet.)`,
    );
  return lines.join('\n');
}
