// The two accept jobs. plan-accept: verify the connection Aiven made and post the plan (or the
// manual steps, saying why). apply-accept: one decision per round, claimed with a compare-and-set on
// the record before anything changes in AWS; then the run, the result and the buttons for what's next.
import type { Logger } from '../../logger';
import { recordAuditOnce } from '../audit';
import { BOT_ACTOR } from '../deletion';
import type { PeeringRecord } from '../model';
import { count, describeRoutes } from '../outcome';
import type { AuditTrail, ClaimStore, Clock, PeeringRecordStore } from '../ports';
import { makeAttachmentAccept } from './accept-attachment';
import { updateAccept } from './accept-record';
import { acceptRequestOf, isAttachment, plannedFor } from './attachment-request';
import { acceptRefusal, mayAcceptIn } from './deletion-guard';
import { type AcceptMode, type AcceptRecord, AUTO_ACCEPT_DECIDER } from './model';
import { acceptDestinations, buildAcceptPlan, chooseRouteTables } from './plan';
import type { AcceptNotifier, AwsAccess } from './ports';
import { emptyOutcome, runAccept } from './run-accept';
import type { TransitGatewayAccess } from './transit-gateway-ports';
import { verifyPeeringConnection } from './verify';

export interface AcceptSettings {
  autoAccept: boolean;
  allowRemoteDns: boolean;
  /** ROUTE_TABLES: the route tables to use for a VPC, when not all of them. */
  routeTables: Record<string, string[]>;
}

export interface AcceptPeeringDeps {
  store: PeeringRecordStore & AuditTrail & ClaimStore;
  access: AwsAccess & TransitGatewayAccess;
  notifier: AcceptNotifier;
  clock: Clock;
  logger: Logger;
  settings: AcceptSettings;
  /** AIVEN_AWS_ACCOUNT_ID: a Transit Gateway attachment from it is Aiven's. */
  aivenAccountId: string;
}

export interface PlanAcceptJob {
  id: string;
  peeringId: string;
  /** The pcx- of a peering; for an attachment, the tgw-attach- Aiven named, else its tgw- (accept-attachment.ts). */
  pcxId: string;
}

export interface ApplyAcceptJob {
  id: string;
  peeringId: string;
  /** The round the clicked button was shown in. */
  round: number;
  mode: AcceptMode;
  userId: string;
}

/** Claims outlive any redelivery of the job. */
const CLAIM_TTL_SECONDS = 30 * 24 * 3600;

/** The state a round must be in for each button to decide it. */
const DECIDES_FROM: Record<AcceptMode, AcceptRecord['status']> = {
  apply: 'planned',
  replace: 'applied',
  retry: 'partial',
};

export function makeAcceptPeering(deps: AcceptPeeringDeps) {
  const { store, access, notifier, clock, settings } = deps;
  const routeTablesFor = (vpcId: string) => settings.routeTables[vpcId];
  const connectTo = (record: PeeringRecord) =>
    access.connect({
      accountId: record.spec.awsAccountId,
      region: record.spec.awsRegion,
      peeringId: record.id,
    });

  const attachments = makeAttachmentAccept({
    store,
    access,
    notifier,
    aivenAccountId: deps.aivenAccountId,
    routeTablesFor,
  });

  const manualPath = (record: PeeringRecord, pcxId: string, reason: string) =>
    notifier.postManualSteps(record, pcxId, reason, routeTablesFor(record.spec.awsVpcId));

  async function plan(job: PlanAcceptJob): Promise<void> {
    const log = deps.logger.child({ peeringId: job.peeringId, pcxId: job.pcxId, jobId: job.id });
    const record = await store.getPeering(job.peeringId);
    if (!record) return;
    // An earlier attempt made the plan (and may have begun an automatic run): carry on from there
    // rather than verify again a connection that may be accepted by now.
    if (!plannedFor(record.accept, job.pcxId)) {
      if (record.state !== 'PENDING_PEER' || acceptRequestOf(record) !== job.pcxId) {
        log.info({ state: record.state }, 'no longer waiting for this connection; nothing to plan');
        return;
      }
      const made = isAttachment(record)
        ? await attachments.makePlan(record, job.pcxId, log)
        : await makePlan(record, job, log);
      if (!made) return;
    }
    await presentPlan(job, log);
  }

  /** Verifies the connection and stores the plan; false when it posted why not instead. */
  async function makePlan(record: PeeringRecord, job: PlanAcceptJob, log: Logger): Promise<boolean> {
    const connection = await connectTo(record);
    if (!connection.ok) {
      await manualPath(record, job.pcxId, connection.reason);
      return false;
    }
    const { network } = connection;
    const found = await network.describePeeringConnection(job.pcxId);
    const vpcCidrs = await network.describeVpcCidrs(record.spec.awsVpcId);
    const problems = verifyPeeringConnection(record, job.pcxId, found, vpcCidrs, { allowActive: false });
    const tables = chooseRouteTables(
      await network.listRouteTables(record.spec.awsVpcId),
      routeTablesFor(record.spec.awsVpcId),
    );
    for (const missing of tables.missing)
      problems.push(
        `ROUTE_TABLES names ${missing} for ${record.spec.awsVpcId}, which has no such route table.`,
      );
    if (problems.length > 0) {
      log.warn({ problems }, 'peering connection refused; nothing changed');
      await notifier.postRefused(record, job.pcxId, problems);
      return false;
    }
    const shown = buildAcceptPlan({
      pcxId: job.pcxId,
      destinations: acceptDestinations(record),
      tables: tables.chosen,
      acceptNeeded: true,
    });
    // The first plan for this connection is the one people decide on. Routes added for an earlier
    // connection of the same peering stay listed, for cleanup.
    await updateAccept(store, record.id, (_r, accept) =>
      accept?.pcxId === job.pcxId
        ? undefined
        : { pcxId: job.pcxId, status: 'planned', round: 0, plan: shown, routes: accept?.routes ?? [] },
    );
    return true;
  }

  /** Posts the stored plan (once) and, with AUTO_ACCEPT, decides it. */
  async function presentPlan(job: PlanAcceptJob, log: Logger): Promise<void> {
    const planned = await store.getPeering(job.peeringId);
    const accept = planned?.accept;
    if (!planned || !accept || !plannedFor(accept, job.pcxId)) return;
    log.info({ plan: accept.plan }, 'accept plan');
    const ts = await notifier.postPlan(planned, accept.plan, settings.autoAccept);
    if (ts) await updateAccept(store, planned.id, (_r, a) => a && { ...a, planMessageTs: ts });
    await recordAuditOnce(store, log, `plan-posted:${planned.id}:${accept.pcxId}`, {
      peeringId: planned.id,
      action: 'plan-posted',
      actor: BOT_ACTOR,
      at: clock.now().toISOString(),
      detail: `accept ${accept.pcxId}, routes in ${count(accept.plan.routeTables.length, 'route table')}`,
    });
    if (settings.autoAccept) await apply(autoApplyJob(job));
  }

  /** AUTO_ACCEPT decides round 0 inside the plan job, under an id derived from it. */
  const autoApplyJob = (job: PlanAcceptJob): ApplyAcceptJob => ({
    id: `${job.id}:auto`,
    peeringId: job.peeringId,
    round: 0,
    mode: 'apply',
    userId: AUTO_ACCEPT_DECIDER,
  });

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

    const outcome = accept.attachment
      ? await attachments.run(decided)
      : await runPeering(decided, accept.pcxId, job.mode, log);
    const { accepted, stopped } = outcome;
    const counts = { added: outcome.added.length, failed: outcome.failed.length };
    log.info({ accepted, ...counts, stopped }, 'accept run finished');
    await finish(job, outcome);
  }

  /** A peering's run: accept the pcx- and route through it (run-accept.ts). */
  async function runPeering(
    record: PeeringRecord,
    pcxId: string,
    mode: AcceptMode,
    log: Logger,
  ): Promise<NonNullable<AcceptRecord['lastOutcome']>> {
    const connection = await connectTo(record);
    if (!connection.ok) {
      await manualPath(record, pcxId, connection.reason);
      return { ...emptyOutcome(), stopped: connection.reason };
    }
    const runDeps = { store, logger: log, routeTablesFor, allowRemoteDns: settings.allowRemoteDns };
    return runAccept(runDeps, connection.network, record, pcxId, mode);
  }

  async function finish(
    job: ApplyAcceptJob,
    outcome: NonNullable<AcceptRecord['lastOutcome']>,
  ): Promise<void> {
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
    outcome: NonNullable<AcceptRecord['lastOutcome']>,
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
  async function giveUpApply(job: ApplyAcceptJob, error: unknown): Promise<void> {
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

  async function giveUpPlan(job: PlanAcceptJob, error: unknown): Promise<void> {
    const record = await store.getPeering(job.peeringId);
    if (!record) return;
    // The automatic run was under way: it ends like a clicked one, with Retry.
    const auto = autoApplyJob(job);
    if (record.accept?.status === 'applying' && record.accept.runJobId === auto.id) {
      await giveUpApply(auto, error);
      return;
    }
    deps.logger.error({ err: error, peeringId: job.peeringId, jobId: job.id }, 'accept plan failed');
    await manualPath(
      record,
      job.pcxId,
      `vpc-peer could not read the ${isAttachment(record) ? 'attachment' : 'peering connection'} in AWS (reference: ${job.id}), so here are the steps to do it by hand.`,
    );
  }

  return {
    plan: { run: plan, giveUp: giveUpPlan },
    apply: { run: apply, giveUp: giveUpApply },
  };
}
