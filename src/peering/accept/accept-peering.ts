// The two accept jobs, for both kinds of request. plan-accept: verify the request Aiven made (a
// peering connection, accept-peering-connection.ts, or a Transit Gateway attachment,
// accept-attachment.ts) and post the plan, or the manual steps saying why. apply-accept: one decision
// per round, then the kind's run (apply-accept.ts). The kind is picked here, once per job.
import type { Logger } from '../../logger';
import { recordAuditOnce } from '../audit';
import { BOT_ACTOR } from '../deletion';
import type { PeeringRecord } from '../model';
import { count } from '../outcome';
import type { AuditTrail, ClaimStore, Clock, PeeringRecordStore } from '../ports';
import { makeAttachmentAccept } from './accept-attachment';
import type { AcceptSettings, ApplyAcceptJob, PlanAcceptJob } from './accept-jobs';
import { makePeeringConnectionAccept } from './accept-peering-connection';
import { updateAccept } from './accept-record';
import { makeApplyAccept } from './apply-accept';
import { acceptRequestOf, isAttachment, plannedFor } from './attachment-request';
import { AUTO_ACCEPT_DECIDER } from './model';
import type { AcceptNotifier, AwsAccess } from './ports';
import type { TransitGatewayAccess } from './transit-gateway-ports';

export type { AcceptSettings, ApplyAcceptJob, PlanAcceptJob } from './accept-jobs';

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

export function makeAcceptPeering(deps: AcceptPeeringDeps) {
  const { store, access, notifier, clock, settings } = deps;
  const routeTablesFor = (vpcId: string) => settings.routeTables[vpcId];
  const manualSteps = (record: PeeringRecord, pcxId: string, reason: string) =>
    notifier.postManualSteps(record, pcxId, reason, routeTablesFor(record.spec.awsVpcId));

  const peeringConnections = makePeeringConnectionAccept({
    store,
    access,
    notifier,
    allowRemoteDns: settings.allowRemoteDns,
    routeTablesFor,
  });
  const attachments = makeAttachmentAccept({
    store,
    access,
    notifier,
    aivenAccountId: deps.aivenAccountId,
    routeTablesFor,
  });
  // A stored plan says its own kind: an attachment's keeps the whole attachment plan.
  const apply = makeApplyAccept({
    store,
    notifier,
    clock,
    logger: deps.logger,
    pathFor: (accept) => (accept.attachment ? attachments : peeringConnections),
  });

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
      const path = isAttachment(record) ? attachments : peeringConnections;
      if (!(await path.makePlan(record, job.pcxId, log))) return;
    }
    await presentPlan(job, log);
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
    if (settings.autoAccept) await apply.run(autoApplyJob(job));
  }

  /** AUTO_ACCEPT decides round 0 inside the plan job, under an id derived from it. */
  const autoApplyJob = (job: PlanAcceptJob): ApplyAcceptJob => ({
    id: `${job.id}:auto`,
    peeringId: job.peeringId,
    round: 0,
    mode: 'apply',
    userId: AUTO_ACCEPT_DECIDER,
  });

  async function giveUpPlan(job: PlanAcceptJob, error: unknown): Promise<void> {
    const record = await store.getPeering(job.peeringId);
    if (!record) return;
    // The automatic run was under way: it ends like a clicked one, with Retry.
    const auto = autoApplyJob(job);
    if (record.accept?.status === 'applying' && record.accept.runJobId === auto.id) {
      await apply.giveUp(auto, error);
      return;
    }
    deps.logger.error({ err: error, peeringId: job.peeringId, jobId: job.id }, 'accept plan failed');
    await manualSteps(
      record,
      job.pcxId,
      `vpc-peer could not read the ${isAttachment(record) ? 'attachment' : 'peering connection'} in AWS (reference: ${job.id}), so here are the steps to do it by hand.`,
    );
  }

  return {
    plan: { run: plan, giveUp: giveUpPlan },
    apply,
  };
}
