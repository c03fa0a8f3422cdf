// The show-deletion-request job: posts a deletion request in the peering's thread (broadcast to the
// channel), or rewrites the posted message to show the decision. Safe to run any number of times.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import { logAudit } from '../../peering/audit';
import { BOT_ACTOR, type DeletionRequest, decisionEvent, writeWithRereads } from '../../peering/deletion';
import { StaleDeletionRequestError } from '../../peering/errors';
import { showDeletionRequestJob } from '../../peering/job-ids';
import type { PeeringRecord } from '../../peering/model';
import type { Clock, DeletionRequestStore, PeeringRecordStore } from '../../peering/ports';
import { requiredOf, ruleOf } from '../../peering/quorum';
import type { ApproverDirectory } from '../approvers';
import type { MessageDelivery } from '../delivery';
import { deletionTarget } from '../notifiers/deletion';
import { renderDeletionRequest } from '../views/deletion-request';

export interface ShowDeletionRequestDeps {
  store: PeeringRecordStore & DeletionRequestStore;
  client: WebClient;
  delivery: MessageDelivery;
  clock: Clock;
  logger: Logger;
  /** Names who may still approve a request that needs several approvals. */
  approvers?: ApproverDirectory;
  /** Tells the requester (once) that their request expired. */
  expired?(request: DeletionRequest): Promise<void>;
}

export function makeShowDeletionRequest(deps: ShowDeletionRequestDeps) {
  const { store } = deps;

  /** The message, with who may still approve while a quorum is open (group members read here, on the worker). */
  async function render(request: DeletionRequest, record: PeeringRecord) {
    const quorum = request.status === 'open' && requiredOf(request) > 1 && deps.approvers;
    const undecided = quorum
      ? await quorum.undecided(request, ruleOf(request, { approvers: [], required: 1 }))
      : undefined;
    return renderDeletionRequest(request, record, undecided);
  }

  async function rewrite(request: DeletionRequest): Promise<void> {
    let shown = request;
    // Approvals land while another run rewrites the message: a run that showed an older version looks
    // again, so the message ends on the latest tally or decision, whichever run finishes last.
    for (let pass = 0; pass < 3; pass++) {
      if (!shown.message) return;
      const record = await store.getPeering(shown.peeringId);
      if (!record) return;
      await deps.client.chat.update({
        channel: shown.message.channelId,
        ts: shown.message.ts,
        ...(await render(shown, record)),
      });
      const latest = await store.getDeletionRequest(shown.id);
      if (!latest || latest.version === shown.version) return;
      shown = latest;
    }
  }

  /** Remembers where the message is; a decision may land meanwhile, so the latest request is returned. */
  const saveMessage = (request: DeletionRequest, message: { channelId: string; ts: string }) =>
    writeWithRereads(
      request,
      (current) => store.updateDeletionRequest(current.id, current.version, { message }),
      () => store.getDeletionRequest(request.id),
      (error) => error instanceof StaleDeletionRequestError,
    );

  /** Nobody can approve a request nobody sees: withdraw it (the peering is free to ask again) and tell its author. */
  async function withdraw(requestId: string, reference: string, error: unknown): Promise<void> {
    deps.logger.error({ err: error, reference }, 'could not post deletion request in Slack; withdrawing it');
    const request = await store.getDeletionRequest(requestId);
    if (!request || request.message || request.status !== 'open') return;
    const event = { ...decisionEvent(request, 'cancelled', BOT_ACTOR, deps.clock.now()), detail: reference };
    const { won } = await store.decideDeletionRequest(request.id, 'cancelled', event);
    if (!won) return;
    logAudit(deps.logger, event);
    await deps.client.chat.postMessage({
      channel: request.requestedBy,
      text:
        ':x: I could not post your request to delete a peering, so nobody could approve it; I withdrew it. ' +
        `Run \`/vpc-peer delete\` again in a while. (reference: ${reference})`,
    });
  }

  async function show(job: { id: string; requestId: string }): Promise<void> {
    const request = await store.getDeletionRequest(job.requestId);
    if (!request) {
      deps.logger.warn({ requestId: job.requestId }, 'deletion request not found; nothing to show');
      return;
    }
    if (request.message) {
      await rewrite(request);
      if (request.status === 'expired') await deps.expired?.(request);
      return;
    }
    // Decided before it was ever posted (withdrawn, expired): there is nothing for anyone to decide.
    if (request.status !== 'open') return;
    const record = await store.getPeering(request.peeringId);
    if (!record) return;
    const target = { ...deletionTarget(record, request), broadcast: record.thread !== undefined };
    let posted: { ts?: string };
    try {
      posted = await deps.delivery.postOnce(
        `deletion-request:${request.id}`,
        target,
        await render(request, record),
      );
    } catch (error) {
      // The post was claimed, so a retry would not post it: withdraw now rather than leave it unseen.
      await withdraw(request.id, `${request.id}/${job.id}`, error);
      return;
    }
    if (!posted.ts) return;
    const saved = await saveMessage(request, { channelId: target.channelId, ts: posted.ts });
    // Decided while we were posting: the message must not keep buttons that no longer apply.
    if (saved.status !== request.status) await rewrite(saved);
  }

  return {
    show: (requestId: string) => show(showDeletionRequestJob(requestId)),
    run: show,
    async giveUp(job: { id: string; requestId: string }, error: unknown) {
      await withdraw(job.requestId, `${job.requestId}/${job.id}`, error);
    },
  };
}
