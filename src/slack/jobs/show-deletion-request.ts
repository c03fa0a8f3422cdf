// The show-deletion-request job: posts a deletion request in the peering's thread (broadcast to the
// channel), or rewrites the posted message to show the decision. Safe to run any number of times.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import { type DeletionRequest, StaleDeletionRequestError } from '../../peering/deletion';
import type { PeeringStore } from '../../peering/ports';
import type { MessageDelivery } from '../delivery';
import { deletionTarget } from '../notifiers/deletion';
import { renderDeletionRequest } from '../views/deletion-request';

export interface ShowDeletionRequestDeps {
  store: PeeringStore;
  client: WebClient;
  delivery: MessageDelivery;
  logger: Logger;
}

export function makeShowDeletionRequest(deps: ShowDeletionRequestDeps) {
  const { store } = deps;

  async function rewrite(request: DeletionRequest): Promise<void> {
    if (!request.message) return;
    const record = await store.getPeering(request.peeringId);
    if (!record) return;
    await deps.client.chat.update({
      channel: request.message.channelId,
      ts: request.message.ts,
      ...renderDeletionRequest(request, record),
    });
  }

  /** Remembers where the message is; a decision may land meanwhile, so the latest request is returned. */
  async function saveMessage(request: DeletionRequest, message: { channelId: string; ts: string }) {
    let current = request;
    for (let attempt = 1; ; attempt++) {
      try {
        return await store.updateDeletionRequest(current.id, current.version, { message });
      } catch (error) {
        if (!(error instanceof StaleDeletionRequestError) || attempt >= 5) throw error;
        current = (await store.getDeletionRequest(current.id)) ?? current;
      }
    }
  }

  async function show(requestId: string): Promise<void> {
    const request = await store.getDeletionRequest(requestId);
    if (!request) {
      deps.logger.warn({ requestId }, 'deletion request not found; nothing to show');
      return;
    }
    if (request.message) {
      await rewrite(request);
      return;
    }
    const record = await store.getPeering(request.peeringId);
    if (!record) return;
    const target = { ...deletionTarget(record, request), broadcast: record.thread !== undefined };
    const posted = await deps.delivery.postOnce(
      `deletion-request:${request.id}`,
      target,
      renderDeletionRequest(request, record),
    );
    if (!posted.ts) return;
    const saved = await saveMessage(request, { channelId: target.channelId, ts: posted.ts });
    // Decided while we were posting: the message must not keep buttons that no longer apply.
    if (saved.status !== request.status) await rewrite(saved);
  }

  return {
    show,
    run: (job: { requestId: string }) => show(job.requestId),
    async giveUp(job: { requestId: string }, error: unknown) {
      deps.logger.error({ err: error, requestId: job.requestId }, 'could not show deletion request in Slack');
    },
  };
}
