// `/vpc-peer delete <id>` for an id vpc-peer has no record of: right after a deploy, or a minute after
// someone made the peering in the Aiven Console, the store does not know it yet. The worker reads
// Aiven (a failed read is a failure, never "not there"), adopts the peering as made outside vpc-peer
// (the shape reconcile gives them, src/peering/external.ts) and tells the user privately, with a
// button that opens the deletion form: the command's trigger_id expired seconds after it was typed.
import type { WebClient } from '@slack/web-api';
import type { JobHandler } from '../../jobs';
import type { Logger } from '../../logger';
import { listDeletablePeerings, recordForDeletion } from '../../peering/deletable';
import { isDeletable } from '../../peering/deletion';
import { ADOPTED_PREFIX } from '../../peering/external';
import { isOpen, type OrgVpcSnapshot, type PeeringRecord } from '../../peering/model';
import type { AivenApi, ClaimStore, Clock, PeeringRecordStore, SnapshotStore } from '../../peering/ports';
import { refreshSnapshot } from '../../peering/snapshot';
import {
  renderFoundInAiven,
  renderFoundNotDeletable,
  renderLookupFailed,
  renderNotInAiven,
} from '../views/deletion-lookup';
import type { SlackMessage } from '../views/peering-message';

type FindJob = {
  id: string;
  name: string;
  userId: string;
  channelId: string;
  responseUrl: string;
};

export interface FindForDeletionDeps {
  aiven: AivenApi;
  store: PeeringRecordStore & ClaimStore & SnapshotStore;
  clock: Clock;
  organizationId: string;
  client: WebClient;
  postToResponseUrl(url: string, message: SlackMessage): Promise<void>;
  logger: Logger;
}

/** The Aiven peering called `name` (its id or its pcx id) in a fresh read of the organization. */
function findInSnapshot(snapshot: OrgVpcSnapshot, name: string) {
  const wanted = name.toLowerCase();
  for (const { peerings } of snapshot.vpcs) {
    const found = peerings.find(
      (p) => p.id.toLowerCase() === wanted || p.stateInfo.awsPeeringConnectionId?.toLowerCase() === wanted,
    );
    if (found) return found;
  }
  return undefined;
}

export function makeFindPeeringForDeletion(
  deps: FindForDeletionDeps,
): JobHandler<'find-peering-for-deletion'> {
  /** Told once per command: a redelivered job does not answer twice. */
  async function tell(job: FindJob, message: SlackMessage): Promise<void> {
    if (!(await deps.store.claimOnce(`told:${job.id}`, 24 * 3600))) return;
    try {
      await deps.postToResponseUrl(job.responseUrl, message);
    } catch (error) {
      // A response_url works 30 minutes and 5 times: a direct message from the bot still reaches them.
      deps.logger.warn({ err: error, jobId: job.id }, 'response_url refused the answer; sending it directly');
      await deps.client.chat.postMessage({ channel: job.userId, ...message });
    }
  }

  /** The record to offer: vpc-peer's own if it has one by now, or the peering adopted now. */
  async function recordFor(job: FindJob, aivenPeeringId: string): Promise<PeeringRecord | undefined> {
    const known = await deps.store.findByAivenPeeringId(aivenPeeringId);
    if (known) return known;
    return recordForDeletion(deps.store, deps.organizationId, {
      id: `${ADOPTED_PREFIX}${aivenPeeringId}`,
      userId: job.userId,
      channelId: job.channelId,
    });
  }

  return {
    async run(job) {
      const log = deps.logger.child({ jobId: job.id, userId: job.userId });
      // Throws when Aiven cannot be read: the queue retries, and giveUp tells the user.
      const snapshot = await refreshSnapshot(deps);
      const peering = findInSnapshot(snapshot, job.name);
      if (!peering) {
        log.info({ name: job.name }, 'peering to delete not found in Aiven either');
        const deletable = await listDeletablePeerings(deps.store, deps.organizationId);
        await tell(job, renderNotInAiven(job.name, deletable));
        return;
      }
      const record = await recordFor(job, peering.id);
      if (!record || !isOpen(record.state) || !isDeletable(record)) {
        await tell(job, renderFoundNotDeletable(job.name, record?.state ?? peering.state));
        return;
      }
      log.info({ peeringId: record.id, aivenPeeringId: peering.id }, 'peering to delete found in Aiven');
      await tell(job, renderFoundInAiven(record));
    },
    async giveUp(job, error) {
      const reference = job.id;
      deps.logger.error({ err: error, reference }, 'could not look up a peering to delete in Aiven');
      await tell(job, renderLookupFailed(job.name, reference));
    },
  };
}
