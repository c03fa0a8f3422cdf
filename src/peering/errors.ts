// The domain's typed errors, in one place: what a store, a queue or a notifier throws for a caller
// to handle (a conflict, a stale read, work to try again later). Each has a `name` for the logs.
// JobsNotQueuedError stays with the JobQueue port it belongs to (ports.ts): it carries the jobs.
import type { DeletionRequest } from './deletion';
import type { PeeringRecord } from './model';

/** Thrown by PeeringRecordStore.insertPeering when an open request for the same spec exists. */
export class DuplicatePeeringError extends Error {
  override readonly name = 'DuplicatePeeringError';
  constructor(readonly existing: PeeringRecord) {
    super(`an open request ${existing.id} exists for the same peering`);
  }
}

/** Thrown by PeeringRecordStore.updatePeering when the record changed since it was read. */
export class StaleRecordError extends Error {
  override readonly name = 'StaleRecordError';
  constructor(readonly peeringId: string) {
    super(`peering record ${peeringId} changed since it was read`);
  }
}

/** Thrown by PeeringNotifier.postRoot when the bot may not post in the request's channel. */
export class ChannelUnavailableError extends Error {
  override readonly name = 'ChannelUnavailableError';
  constructor(
    readonly channelId: string,
    readonly reason: string,
  ) {
    super(`cannot post in channel ${channelId}: ${reason}`);
  }
}

/**
 * Thrown by PeeringNotifier.postRoot when Slack may have taken the post without vpc-peer knowing (a
 * timeout, a network failure, an earlier attempt's post not yet found): a later try looks it up.
 */
export class RootInDoubtError extends Error {
  override readonly name = 'RootInDoubtError';
  constructor(
    readonly peeringId: string,
    override readonly cause: unknown,
    /** After this long a look in Slack tells for sure whether it was posted. */
    readonly conclusiveInMs: number,
  ) {
    super(`the root message of ${peeringId} may have been posted; a later try looks for it first`);
  }
}

/** Thrown by DeletionRequestStore.openDeletionRequest when the peering already has an open request. */
export class OpenDeletionRequestError extends Error {
  override readonly name = 'OpenDeletionRequestError';
  constructor(readonly existing: DeletionRequest) {
    super(`peering ${existing.peeringId} already has an open deletion request ${existing.id}`);
  }
}

/** Thrown by DeletionRequestStore.updateDeletionRequest when the request changed since it was read. */
export class StaleDeletionRequestError extends Error {
  override readonly name = 'StaleDeletionRequestError';
  constructor(readonly requestId: string) {
    super(`deletion request ${requestId} changed since it was read`);
  }
}

/** Thrown when a run stops before its deadline, or while another run's create may be in flight. */
export class TryAgainLaterError extends Error {
  override readonly name = 'TryAgainLaterError';
}

/**
 * Thrown by a ProgressNotifier when a message is not known to be out: Slack refused it, failed, or a
 * post is in doubt (another attempt may have landed; delivery looks it up before posting again). The
 * change stays pending and a later run tries again, not before `retryAt` when Slack asked to wait.
 */
export class NotToldYetError extends Error {
  override readonly name = 'NotToldYetError';
  constructor(
    message: string,
    readonly retryAt?: Date,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
