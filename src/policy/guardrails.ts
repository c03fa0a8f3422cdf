// Who may act on which AWS account, by the policy file: an account belongs to the team that lists it;
// only that team's members (users, or members of its user groups) may create, accept, replace routes
// or ask to delete there, and only in the team's channels when it lists any. Without a policy file
// there are no guardrails (HandlerDeps.guardrails is undefined) and the simple settings alone decide.
import type { Freeze, PolicyFile } from './schema';

/** Members of a Slack user group; the cached, bounded read of src/slack/user-groups.ts. */
export type GroupMembers = (groupId: string) => Promise<readonly string[]>;

export interface Team {
  name: string;
  members: readonly string[];
  awsAccounts: readonly string[];
  /** Empty: any channel (that ALLOWED_CHANNELS allows). */
  channels: readonly string[];
}

export interface ApprovalRule {
  approvers: readonly string[];
  required: number;
}

/** Why an action on an account is refused, for the words of each surface (modal, ephemeral). */
export type AccountRefusal =
  | { kind: 'unlisted'; accountId: string }
  | { kind: 'not-member'; accountId: string; team: Team }
  | { kind: 'wrong-channel'; accountId: string; team: Team };

export interface Guardrails {
  teams: readonly Team[];
  unlistedAccounts: 'refuse' | 'allow';
  freezes: readonly Freeze[];
  /** approvals.org_vpcs: the org VPCs with approvers of their own. */
  orgVpcRules: Readonly<Record<string, ApprovalRule>>;
  /** The team owning an AWS account, if any lists it. */
  ownerOf(accountId: string): Team | undefined;
  /** The teams whose members include the user (directly or through a user group). */
  teamsOf(userId: string): Promise<Team[]>;
  /** Undefined: allowed. `channelId` undefined skips the channel rule (it is checked elsewhere). */
  refuseAccount(input: {
    userId: string;
    accountId: string;
    channelId: string | undefined;
  }): Promise<AccountRefusal | undefined>;
  /** The approvers and quorum of an org VPC (approvals.org_vpcs, else approvals), if the file says. */
  approvalRuleFor(orgVpcName: string): ApprovalRule | undefined;
  /** Freezes whose window contains `now`. */
  freezesAt(now: Date): Freeze[];
  isMember(userId: string, members: readonly string[]): Promise<boolean>;
}

export function makeGuardrails(policy: PolicyFile, groupMembers?: GroupMembers): Guardrails {
  const teams: Team[] = Object.entries(policy.teams).map(([name, t]) => ({
    name,
    members: t.members,
    awsAccounts: t.aws_accounts,
    channels: t.channels ?? [],
  }));
  const owner = new Map<string, Team>();
  for (const team of teams) for (const account of team.awsAccounts) owner.set(account, team);

  async function isMember(userId: string, members: readonly string[]): Promise<boolean> {
    if (members.includes(userId)) return true;
    const groups = members.filter((m) => m.startsWith('S'));
    if (!groupMembers || groups.length === 0) return false;
    const lists = await Promise.all(groups.map((g) => groupMembers(g)));
    return lists.some((list) => list.includes(userId));
  }

  return {
    teams,
    unlistedAccounts: policy.unlisted_accounts,
    freezes: policy.freezes,
    orgVpcRules: policy.approvals?.org_vpcs ?? {},
    ownerOf: (accountId) => owner.get(accountId),
    async teamsOf(userId) {
      const checks = await Promise.all(teams.map((t) => isMember(userId, t.members)));
      return teams.filter((_, i) => checks[i]);
    },
    async refuseAccount({ userId, accountId, channelId }) {
      const team = owner.get(accountId);
      if (!team) return policy.unlisted_accounts === 'allow' ? undefined : { kind: 'unlisted', accountId };
      if (!(await isMember(userId, team.members))) return { kind: 'not-member', accountId, team };
      if (channelId !== undefined && team.channels.length > 0 && !team.channels.includes(channelId))
        return { kind: 'wrong-channel', accountId, team };
      return undefined;
    },
    approvalRuleFor(orgVpcName) {
      const approvals = policy.approvals;
      if (!approvals) return undefined;
      const rule = approvals.org_vpcs[orgVpcName];
      return rule
        ? { approvers: rule.approvers, required: rule.required }
        : { approvers: approvals.approvers, required: approvals.required };
    },
    freezesAt: (now) => policy.freezes.filter((f) => new Date(f.from) <= now && now < new Date(f.to)),
    isMember,
  };
}

const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);

/** Slack mrkdwn, for a private reply to a click. */
export function describeRefusal(refusal: AccountRefusal, action: string): string {
  const { accountId } = refusal;
  if (refusal.kind === 'unlisted')
    return `:no_entry: AWS account ${accountId} belongs to no team in the vpc-peer policy, and unlisted accounts are refused. Ask your vpc-peer administrators to add it to a team.`;
  const { team } = refusal;
  if (refusal.kind === 'not-member')
    return `:no_entry: AWS account ${accountId} belongs to team *${team.name}*: only its members (${team.members.map(mention).join(', ')}) may ${action}.`;
  return `:no_entry: Team *${team.name}* acts on AWS account ${accountId} only in ${team.channels.map((c) => `<#${c}>`).join(', ')}. Ask there.`;
}

/** Plain text, for an error under a modal's field (Slack shows no mentions there). */
export function describeRefusalPlain(refusal: AccountRefusal, action = 'request peerings with it'): string {
  const { accountId } = refusal;
  if (refusal.kind === 'unlisted')
    return `AWS account ${accountId} belongs to no team in the vpc-peer policy; unlisted accounts are refused. Ask your vpc-peer administrators to add it to a team.`;
  const { team } = refusal;
  if (refusal.kind === 'not-member')
    return `AWS account ${accountId} belongs to team ${team.name}; only its members may ${action}.`;
  return `Team ${team.name} acts on AWS account ${accountId} only in its channels (${team.channels.join(', ')}).`;
}
