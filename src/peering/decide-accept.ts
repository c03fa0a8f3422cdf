// The buttons of "Accept in AWS" (plan: Accept; result: Replace conflicting routes, Retry). Who may:
// requesters (REQUESTERS), with a policy file only members of the team owning the peering's AWS
// account in its channels, never during a change freeze. Within Slack's 3 seconds this only checks,
// reads and queues: the apply job decides with a compare-and-set which click of a round wins, so AWS
// changes once. With a policy file, Replace first waits for approvers (decide-replace.ts). Returns an
// outcome for the Slack handler to render: this writes and queues, never talks to Slack.
import { checkFreeze, freezeClickRefusal } from '../policy/freeze';
import type { AccountRefusal } from '../policy/guardrails';
import { acceptRefusal } from './accept/deletion-guard';
import type { AcceptMode, AcceptRecord } from './accept/model';
import { askReplaceApproval, type DecideReplaceDeps, type ReplaceAskOutcome } from './decide-replace';
import { applyAcceptJob } from './job-ids';
import type { Job } from './ports';

/** Who may request peerings (REQUESTERS); src/slack/policy.ts. */
export interface Requesters {
  mayRequest(userId: string): boolean;
}

export interface DecideAcceptDeps extends DecideReplaceDeps {
  policy: Requesters;
}

const FROZEN: Record<AcceptMode, string> = {
  apply: 'accepting a peering and adding routes',
  replace: 'replacing routes',
  retry: 'retrying the work in AWS',
};

export type AcceptDecisionOutcome =
  /** Not among REQUESTERS. */
  | { kind: 'not-requester' }
  /** The policy file's team rule (owner of the AWS account, its channels). */
  | { kind: 'not-owner'; refusal: AccountRefusal }
  /** A change freeze is in force: the plain-words refusal. */
  | { kind: 'frozen'; refusal: string }
  /** The peering may no longer be accepted (Terraform owns it, deletion approved, ended). */
  | { kind: 'not-acceptable'; refusal: string }
  /** The clicked round's run stopped half-way: the Retry of the latest message carries on. */
  | { kind: 'run-stopped' }
  /** Another click (or AUTO_ACCEPT) decided this round; `accept` says who, when known. */
  | { kind: 'already-decided'; accept: AcceptRecord | undefined }
  /** Replace with a policy file: asked for approval instead of running. */
  | { kind: 'replace'; asked: ReplaceAskOutcome }
  /** The apply job is queued; its compare-and-set picks the one click of the round that runs. */
  | { kind: 'queued'; job: Job };

export interface AcceptClick {
  peeringId: string;
  round: number;
  mode: AcceptMode;
  userId: string;
  channelId?: string | undefined;
  /** Slack's `action_ts`: its retries of the same click share it, so they queue the same job. */
  actionTs: string;
}

/** With a policy file: only members of the team owning the peering's AWS account, in its channels. */
async function ownerRefusal(
  deps: DecideAcceptDeps,
  click: AcceptClick,
  record: { spec: { awsAccountId: string }; channelId?: string | undefined },
): Promise<AccountRefusal | undefined> {
  return deps.guardrails?.refuseAccount({
    userId: click.userId,
    accountId: record.spec.awsAccountId,
    channelId: click.channelId ?? record.channelId,
  });
}

export async function decideAccept(
  deps: DecideAcceptDeps,
  click: AcceptClick,
): Promise<AcceptDecisionOutcome> {
  const { userId, peeringId, mode, round } = click;
  if (!deps.policy.mayRequest(userId)) return { kind: 'not-requester' };
  const record = await deps.store.getPeering(peeringId);
  const owned = record && (await ownerRefusal(deps, click, record));
  if (owned) {
    deps.logger.warn({ userId, peeringId, mode }, 'accept click refused by the policy file');
    return { kind: 'not-owner', refusal: owned };
  }
  const frozen = freezeClickRefusal(
    await checkFreeze(deps.guardrails, { now: deps.clock.now(), userId, what: FROZEN[mode] }),
  );
  if (frozen) {
    deps.logger.warn({ userId, peeringId, mode }, 'accept click refused by a change freeze');
    return { kind: 'frozen', refusal: frozen };
  }
  const refusal = record && (await acceptRefusal(deps.store, record));
  if (refusal) return { kind: 'not-acceptable', refusal };
  const accept = record?.accept;
  // A run that failed or died (the sweeper ends dead runs): its Retry is the way on, not this.
  if (accept && accept.round !== round && accept.status === 'partial') return { kind: 'run-stopped' };
  if (!record || !accept || accept.round !== round) return { kind: 'already-decided', accept };
  // Replace changes a route someone else made: with a policy file it waits for approvers.
  if (mode === 'replace' && deps.guardrails)
    return {
      kind: 'replace',
      asked: await askReplaceApproval(deps, { record, round, userId, channelId: click.channelId }),
    };
  const job = applyAcceptJob({ peeringId, round, mode, userId }, click.actionTs);
  deps.logger.info({ userId, peeringId, round, mode, jobId: job.id }, 'accept decision queued');
  await deps.queue.enqueue(job);
  return { kind: 'queued', job };
}
