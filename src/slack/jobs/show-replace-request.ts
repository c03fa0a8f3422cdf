// The show-replace-request job: posts a Replace request in the peering's thread (once), or rewrites
// its message with the latest tally or outcome. Safe to run any number of times; the request lives
// on the accept record (src/peering/accept/replace-approval.ts).
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import { updateAccept } from '../../peering/accept/accept-record';
import type { ReplaceRequest } from '../../peering/accept/model';
import type { PeeringRecord } from '../../peering/model';
import type { PeeringRecordStore } from '../../peering/ports';
import type { ApproverDirectory } from '../approvers';
import type { MessageDelivery } from '../delivery';
import { renderReplaceRequest } from '../views/replace-request';

export interface ShowReplaceRequestDeps {
  store: PeeringRecordStore;
  client: WebClient;
  delivery: MessageDelivery;
  logger: Logger;
  approvers: ApproverDirectory;
}

type ShowJob = { id: string; peeringId: string; round: number };

/** The request of `round`, with the record it is on. */
async function requestOf(store: PeeringRecordStore, job: ShowJob) {
  const record = await store.getPeering(job.peeringId);
  const request = record?.accept?.replaceRequest;
  return record && request?.round === job.round ? { record, request } : undefined;
}

export function makeShowReplaceRequest(deps: ShowReplaceRequestDeps) {
  const { store } = deps;

  async function render(record: PeeringRecord, request: ReplaceRequest) {
    const undecided =
      request.status === 'open'
        ? await deps.approvers.undecided(request, {
            approvers: request.approvers,
            required: request.required,
          })
        : undefined;
    return renderReplaceRequest(record, request, undecided);
  }

  async function run(job: ShowJob): Promise<void> {
    let found = await requestOf(store, job);
    if (!found?.record.thread) return;
    const thread = found.record.thread;
    if (!found.request.messageTs) {
      // One message per request (a request asked again after a rejection is a new one).
      const key = `replace-request:${job.peeringId}:${job.round}:${found.request.requestedAt}`;
      const posted = await deps.delivery.postOnce(
        key,
        { channelId: thread.channelId, threadTs: thread.ts },
        await render(found.record, found.request),
      );
      if (!posted.ts) return;
      const ts = posted.ts;
      const requestedAt = found.request.requestedAt;
      await updateAccept(store, job.peeringId, (_r, accept) =>
        accept?.replaceRequest?.requestedAt === requestedAt && !accept.replaceRequest.messageTs
          ? { ...accept, replaceRequest: { ...accept.replaceRequest, messageTs: ts } }
          : undefined,
      );
      found = await requestOf(store, job);
      if (!found) return;
    }
    // Approvals land while another run rewrites the message: a run that showed an older version looks
    // again, so the message ends on the latest tally or outcome, whichever run finishes last.
    for (let pass = 0; pass < 3 && found?.request.messageTs; pass++) {
      await deps.client.chat.update({
        channel: thread.channelId,
        ts: found.request.messageTs,
        ...(await render(found.record, found.request)),
      });
      const latest = await requestOf(store, job);
      if (!latest || latest.record.version === found.record.version) return;
      found = latest;
    }
  }

  return {
    run,
    async giveUp(job: ShowJob, error: unknown): Promise<void> {
      deps.logger.error(
        { err: error, peeringId: job.peeringId, round: job.round, reference: job.id },
        'could not show the Replace request in Slack',
      );
    },
  };
}
