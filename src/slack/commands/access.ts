// `/vpc-peer access`: shows the user, privately, their teams, accounts and channels, whether they
// approve (and for which org VPCs), and any freeze in force. Reads only the policy (and the cached
// user-group lists), so it answers within Slack's 3 seconds.
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { type AccessFacts, renderAccess } from '../views/access';

export async function accessFacts(deps: HandlerDeps, userId: string): Promise<AccessFacts> {
  const { guardrails, policy } = deps;
  const approvesByDefault = await policy.mayApprove(userId);
  const base = {
    userId,
    mayRequest: policy.mayRequest(userId),
    allowedChannels: policy.allowedChannels,
    approvesByDefault,
  };
  if (!guardrails) return { ...base, approvesOrgVpcs: [], notForOrgVpcs: [] };
  const approvesOrgVpcs: string[] = [];
  const notForOrgVpcs: string[] = [];
  for (const [name, rule] of Object.entries(guardrails.orgVpcRules)) {
    if (await guardrails.isMember(userId, rule.approvers)) approvesOrgVpcs.push(name);
    else notForOrgVpcs.push(name);
  }
  const inForce = guardrails.freezesAt(deps.clock.now());
  const freezesInForce = await Promise.all(
    inForce.map(async (f) => ({ ...f, mayOverride: await guardrails.isMember(userId, f.override) })),
  );
  return {
    ...base,
    approvesOrgVpcs,
    notForOrgVpcs,
    policy: {
      teams: (await guardrails.teamsOf(userId)).map((t) => ({
        name: t.name,
        awsAccounts: t.awsAccounts,
        channels: t.channels,
      })),
      unlistedAccounts: guardrails.unlistedAccounts,
      freezesInForce,
    },
  };
}

export function makeAccessCommand(deps: HandlerDeps): SubcommandHandler {
  return async ({ ack, command }) => {
    await ack({ response_type: 'ephemeral', text: renderAccess(await accessFacts(deps, command.user_id)) });
  };
}
