// The apply-accept job, one for both kinds of request: one decision per round, claimed with a
// compare-and-set on the record before anything changes in AWS; then the kind's run, the result in
// the thread and the peering's history, and the buttons for what's next. Keeping the claim here, not
// in each kind, is what lets a click, a redelivery and AUTO_ACCEPT never run one round twice.
import type { Logger } from '../../logger';
import { recordAuditOnce } from '../audit';
import { BOT_ACTOR } from '../deletion';
import type { PeeringRecord } from '../model';
import { describeRoutes } from '../outcome';
import type { AuditTrail, ClaimStore, Clock, PeeringRecordStore } from '../ports';
import type { AcceptPath, ApplyAcceptJob } from './accept-jobs';
import { updateAccept } from './accept-record';
import { acceptRefusal, mayAcceptIn } from './deletion-guard';
import { type AcceptMode, type AcceptOutcome, type AcceptRecord, AUTO_ACCEPT_DECIDER } from './model';
import type { AcceptNotifier } from './ports';

export interface ApplyAcceptDeps {
  store: PeeringRecordStore & AuditTrail & ClaimStore;
  notifier: AcceptNotifier;
  clock: Clock;
  logger: Logger;
  /** The kind that made the plan runs it (a peering connection or an attachment). */
  pathFor(accept: AcceptRecord): AcceptPath;
}

/** Claims outlive any redelivery of the job. */
const CLAIM_TTL_SECONDS = 30 * 24 * 3600;

/** The state a round must be in for each button to decide it. */
const DECIDES_FROM: Record<AcceptMode, AcceptRecord['status']> = {
  apply: 'planned',
  replace: 'applied',
  retry: 'partial',
};

export function makeApplyAccept(deps: ApplyAcceptDeps) {
  const { store, notifier, clock } = deps;

  async function apply(job: ApplyAcceptJob): Promise<void> {
    const log = deps.logger.child({ peeringId: job.peeringId, jobId: job.id, mode: job.mode });
    const current = await store.getPeering(job.peeringId);
    const refusal = current && (await acceptRefusal(store, current));
    if (current && refusal) {
      log.info({ state: current.state }, 'not accepting: the peering is being deleted or has ended');
      if (await store.claimOnce(`accept-not-accepted:${job.id}`, CLAIM_TTL_SECONDS))
        await notifier.postNotAccepted(current, job.userId, refusal, job.id);
      return;
    }
    const decided = await updateAccept(store, job.peeringId, (record, accept) => {
      if (!accept) return undefined;
      // A redelivery of the job that owns the run resumes it.
      if (accept.status === 'applying' && accept.runJobId === job.id) return accept;
      // Deleted or ended since the check above: the claim is refused with the record's state.
      if (!mayAcceptIn(record)) return undefined;
      if (accept.round !== job.round || accept.status !== DECIDES_FROM[job.mode]) return undefined;
      return {
        ...accept,
        status: 'applying',
        round: accept.round + 1,
        runJobId: job.id,
        decidedBy: job.userId,
        decidedAt: clock.now().toISOString(),
        lastMode: job.mode,
      };
    });
    const accept = decided?.accept;
    if (!decided || !accept) {
      log.info('this round was already decided; nothing to do');
      return;
    }
    await notifier.showDecision(decided, job.mode === 'apply' ? 'plan' : 'result');

    const outcome = await deps.pathFor(accept).run(decided, job.mode, log);
    const { accepted, stopped } = outcome;
    const counts = { added: outcome.added.length, failed: outcome.failed.length };
    log.info({ accepted, ...counts, stopped }, 'accept run finished');
    await finish(job, outcome);
  }

  async function finish(job: ApplyAcceptJob, outcome: AcceptOutcome): Promise<void> {
    const partial = outcome.failed.length > 0 || outcome.stopped !== undefined;
    const done = await updateAccept(store, job.peeringId, (_r, accept) =>
      accept?.runJobId === job.id
        ? { ...accept, status: partial ? 'partial' : 'applied', lastOutcome: outcome }
        : undefined,
    );
    const round = done?.accept?.round;
    if (!done || round === undefined) return;
    await recordAcceptRun(job, done, outcome);
    const ts = await notifier.postResult(done, outcome, round);
    if (ts)
      await updateAccept(
        store,
        job.peeringId,
        (_r, a) => a && { ...a, resultMessage: { ts, kind: 'outcome' } },
      );
  }

  /** What the run did into the peering's history, once per run: the accept and the routes added. */
  async function recordAcceptRun(
    job: ApplyAcceptJob,
    record: PeeringRecord,
    outcome: AcceptOutcome,
  ): Promise<void> {
    const pcx = record.accept?.pcxId ?? '?';
    const at = clock.now().toISOString();
    const actor = job.userId === AUTO_ACCEPT_DECIDER ? BOT_ACTOR : job.userId;
    if (outcome.accepted === 'now')
      await recordAuditOnce(store, deps.logger, `accepted:${job.id}`, {
        peeringId: record.id,
        action: 'accepted-in-aws',
        actor,
        at,
        detail: job.userId === AUTO_ACCEPT_DECIDER ? `${pcx}, AUTO_ACCEPT` : pcx,
      });
    const routes = [...outcome.added, ...outcome.replaced];
    if (routes.length > 0)
      await recordAuditOnce(store, deps.logger, `routes-added:${job.id}`, {
        peeringId: record.id,
        action: 'routes-added',
        actor: BOT_ACTOR,
        at,
        detail: describeRoutes(routes),
      });
  }

  /** The queue gave up: the run is marked partial (Retry resumes it) and the thread is told. */
  async function giveUp(job: ApplyAcceptJob, error: unknown): Promise<void> {
    deps.logger.error({ err: error, peeringId: job.peeringId, jobId: job.id }, 'accept run failed');
    const failed = await updateAccept(store, job.peeringId, (_r, accept) =>
      accept?.status === 'applying' && accept.runJobId === job.id
        ? { ...accept, status: 'partial' }
        : undefined,
    );
    if (!failed?.accept) return;
    const ts = await notifier.postRunFailed(failed, job.id, failed.accept.round);
    if (ts) {
      await updateAccept(
        store,
        job.peeringId,
        (_r, a) => a && { ...a, resultMessage: { ts, kind: 'failed', reference: job.id } },
      );
    }
  }

  return { run: apply, giveUp };
}
