// Deciding a deletion request (Approve, Reject, Cancel; Retry is retry-deletion.ts). Who may: the
// requester may cancel; approvers of the request's rule may approve, reject or retry, never decide
// their own request. The first decision wins in the store, a quorum counts each approver once, and a
// change freeze holds approvals and retries (rejecting or cancelling changes nothing, so it never
// waits). Returns an outcome for the Slack handler to render: this writes and queues, never talks to Slack.
import type { Logger } from '../logger';
import { checkFreeze, freezeClickRefusal } from '../policy/freeze';
import type { Guardrails } from '../policy/guardrails';
import { logAudit, recordAudit } from './audit';
import {
  BOT_ACTOR,
  type DeletionDecision,
  type DeletionRequest,
  decisionEvent,
  isExpired,
  writeWithRereads,
} from './deletion';
import { StaleDeletionRequestError } from './errors';
import { expireDeletionRequest } from './expire-deletions';
import { deletePeeringJob, showDeletionRequestJob } from './job-ids';
import type { PeeringRecord } from './model';
import {
  type AuditTrail,
  type ClaimStore,
  type Clock,
  type DeletionRequestStore,
  type Job,
  type JobQueue,
  JobsNotQueuedError,
  type PeeringRecordStore,
} from './ports';
import { type ApprovalResult, type ApprovalRule, type ApprovalRules, ruleOf } from './quorum';

/** Who may approve under a rule (Slack's user groups expanded: src/slack/approvers.ts). */
export interface ApproverAuthority {
  /** Why `userId` may approve ("member of <!subteam^S…>"), or undefined if they may not. */
  basis(userId: string, approvers: readonly string[]): Promise<string | undefined>;
}

export interface DecideDeletionDeps {
  store: PeeringRecordStore & DeletionRequestStore & AuditTrail & ClaimStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** POLICY_FILE's freezes; undefined without a policy file. */
  guardrails?: Guardrails | undefined;
  approvalRules: ApprovalRules;
  approvers: ApproverAuthority;
}

/** A click by someone who may not decide: `approvers` are the rule's, for the answer to name. */
export type DecisionRefusal = {
  kind: 'refused';
  why: 'not-requester' | 'own-request' | 'not-approver';
  request: DeletionRequest;
  approvers: readonly string[];
};

/** A delete attempt the queue refused to start: recorded as failed, so Retry starts it again. */
export interface DeleteNotStarted {
  request: DeletionRequest;
  record: PeeringRecord | undefined;
  failure: string;
  reference: string;
}

export type DeletionDecisionOutcome =
  | { kind: 'unknown' }
  /** Decided (or expired) before this click; nothing changed. */
  | { kind: 'already-decided'; request: DeletionRequest }
  | DecisionRefusal
  /** A change freeze is in force (approvals only): the plain-words refusal. */
  | { kind: 'frozen'; refusal: string }
  /** This approver's approval counts already. */
  | { kind: 'already-approved'; request: DeletionRequest }
  /**
   * The decision (or one approval of a quorum) is stored. `notStarted`: its delete job did not reach
   * the queue; `messageNotQueued`: the reference of a request-message update that did not.
   */
  | { kind: 'decided'; request: DeletionRequest; notStarted?: DeleteNotStarted; messageNotQueued?: string };

export interface DecisionInput {
  requestId: string;
  decision: Exclude<DeletionDecision, 'expired'>;
  userId: string;
  /** Where the click was, for the audit trail. */
  channelId?: string | undefined;
}

/** The rule a request waits on (requests stored before quorums: today's rule for its org VPC). */
export async function ruleFor(deps: DecideDeletionDeps, request: DeletionRequest): Promise<ApprovalRule> {
  if (request.approvers && request.required) return ruleOf(request, { approvers: [], required: 1 });
  const record = await deps.store.getPeering(request.peeringId);
  return ruleOf(request, deps.approvalRules.approvalRuleFor(record?.orgVpc.name ?? ''));
}

/** Who may make this decision: a refusal, otherwise the authority the clicker acts on. */
async function authorityFor(
  deps: DecideDeletionDeps,
  request: DeletionRequest,
  input: DecisionInput,
): Promise<DecisionRefusal | { basis: string }> {
  const refused = (why: DecisionRefusal['why'], approvers: readonly string[]): DecisionRefusal => ({
    kind: 'refused',
    why,
    request,
    approvers,
  });
  if (input.decision === 'cancelled')
    return input.userId === request.requestedBy ? { basis: 'the requester' } : refused('not-requester', []);
  const rule = await ruleFor(deps, request);
  // The requester never counts towards a quorum, even as an approver.
  if (input.userId === request.requestedBy) return refused('own-request', rule.approvers);
  const basis = await deps.approvers.basis(input.userId, rule.approvers);
  return basis ? { basis } : refused('not-approver', rule.approvers);
}

/** The plain-words refusal of a click during a change freeze, if one is in force. */
export async function frozenFor(deps: DecideDeletionDeps, userId: string, what: string) {
  return freezeClickRefusal(await checkFreeze(deps.guardrails, { now: deps.clock.now(), userId, what }));
}

export async function decideDeletion(
  deps: DecideDeletionDeps,
  input: DecisionInput,
): Promise<DeletionDecisionOutcome> {
  const log = deps.logger;
  const request = await deps.store.getDeletionRequest(input.requestId);
  if (!request) return { kind: 'unknown' };
  if (request.status !== 'open') return { kind: 'already-decided', request };
  const now = deps.clock.now();
  if (isExpired(request, now)) {
    // The poller may not have run yet: a click on an expired request expires it, never decides it.
    const showDecision = async (expired: DeletionRequest) =>
      deps.queue.enqueue(showDeletionRequestJob(expired.id, 'decided'));
    await expireDeletionRequest({ ...deps, showDecision }, request);
    return { kind: 'already-decided', request: (await deps.store.getDeletionRequest(request.id)) ?? request };
  }
  const authority = await authorityFor(deps, request, input);
  if ('kind' in authority) {
    log.warn('deletion decision refused');
    return authority;
  }
  const event = {
    ...decisionEvent(request, input.decision, input.userId, now),
    ...(input.channelId ? { channelId: input.channelId } : {}),
  };
  if (input.decision === 'approved') {
    const frozen = await frozenFor(deps, input.userId, 'approving a deletion');
    if (frozen) {
      log.warn('deletion approval refused by a change freeze');
      return { kind: 'frozen', refusal: frozen };
    }
    return approve(
      deps,
      request,
      { userId: input.userId, at: now.toISOString(), basis: authority.basis },
      event,
    );
  }
  // The decision and its job (the message update) are one write (outbox).
  const show = showDeletionRequestJob(request.id, 'decided');
  let decided: DeletionRequest;
  let won: boolean;
  let notQueued: readonly Job[] = [];
  try {
    ({ request: decided, won } = await deps.store.decideDeletionRequest(request.id, input.decision, event, [
      show,
    ]));
  } catch (error) {
    if (!(error instanceof JobsNotQueuedError)) throw error;
    // The decision is stored; some of its jobs did not reach the queue.
    log.error({ err: error.cause, jobs: error.jobs.map((j) => j.id) }, 'could not queue the decision jobs');
    decided = (await deps.store.getDeletionRequest(request.id)) ?? request;
    won = true;
    notQueued = error.jobs;
  }
  if (!won) return { kind: 'already-decided', request: decided };
  logAudit(log, event);
  return reportNotQueued(deps, decided, notQueued, show);
}

/**
 * One approval: its own conditional write, counted once per approver. The write that completes the
 * quorum approves the request and carries the delete job; the others only update the message.
 */
async function approve(
  deps: DecideDeletionDeps,
  request: DeletionRequest,
  approval: { userId: string; at: string; basis: string },
  event: ReturnType<typeof decisionEvent>,
): Promise<DeletionDecisionOutcome> {
  const show = showDeletionRequestJob(request.id, `approval-${approval.userId}`);
  const complete = [deletePeeringJob(request.id, 1), show];
  let result: ApprovalResult;
  let notQueued: readonly Job[] = [];
  try {
    result = await deps.store.approveDeletionRequest(request.id, approval, event, {
      counted: [show],
      complete,
    });
  } catch (error) {
    if (!(error instanceof JobsNotQueuedError)) throw error;
    deps.logger.error(
      { err: error.cause, jobs: error.jobs.map((j) => j.id) },
      'could not queue the approval jobs',
    );
    const stored = (await deps.store.getDeletionRequest(request.id)) ?? request;
    result = { kind: stored.status === 'approved' ? 'complete' : 'counted', request: stored, event };
    notQueued = error.jobs;
  }
  if (result.kind !== 'counted' && result.kind !== 'complete')
    return result.kind === 'decided'
      ? { kind: 'already-decided', request: result.request }
      : { kind: 'already-approved', request: result.request };
  logAudit(deps.logger, result.event);
  return reportNotQueued(deps, result.request, notQueued, show);
}

/** Jobs of a stored decision that did not reach the queue: a lost delete is a failed attempt (Retry). */
async function reportNotQueued(
  deps: DecideDeletionDeps,
  decided: DeletionRequest,
  notQueued: readonly Job[],
  show: Job,
): Promise<DeletionDecisionOutcome> {
  if (notQueued.some((job) => job.kind === 'delete-peering')) {
    // One answer per click: a failed start says the more important thing.
    const notStarted = await deleteNotQueued(deps, decided, deletePeeringJob(decided.id, 1).id);
    return { kind: 'decided', request: decided, notStarted };
  }
  if (notQueued.some((job) => job.id === show.id)) {
    const reference = `${decided.id}/${show.id}`;
    deps.logger.error({ reference }, 'could not queue the request message update');
    return { kind: 'decided', request: decided, messageNotQueued: reference };
  }
  return { kind: 'decided', request: decided };
}

/** Why a delete attempt did not start when the queue refused its job. */
const NOT_QUEUED = 'vpc-peer could not start it (its job queue was unavailable)';

/** Records the attempt as failed (so Retry starts it again) with an audit event and a reference. */
export async function deleteNotQueued(
  deps: DecideDeletionDeps,
  request: DeletionRequest,
  jobId: string,
): Promise<DeleteNotStarted> {
  const reference = `${request.id}/${jobId}`;
  deps.logger.error({ reference }, 'the delete job was not queued');
  const failed = await writeWithRereads(
    request,
    async (current) =>
      current.attempt === request.attempt && !current.failure
        ? deps.store.updateDeletionRequest(current.id, current.version, { failure: NOT_QUEUED })
        : current,
    () => deps.store.getDeletionRequest(request.id),
    (e) => e instanceof StaleDeletionRequestError,
  );
  await recordAudit(deps.store, deps.logger, {
    peeringId: request.peeringId,
    action: 'deletion-failed',
    actor: BOT_ACTOR,
    at: deps.clock.now().toISOString(),
    requestId: request.id,
    detail: `${NOT_QUEUED} (reference: ${reference})`,
  });
  const record = await deps.store.getPeering(request.peeringId);
  return { request: failed, record, failure: NOT_QUEUED, reference };
}
