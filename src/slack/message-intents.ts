// The store role of "post at most once" (delivery.ts): a Slack concept, so it lives beside its user
// rather than in the domain's ports. Both stores play it (src/adapters/store).

/**
 * A Slack message vpc-peer means to post at most once (src/slack/delivery.ts): recorded before the
 * post, completed with the message's ts after it.
 */
export interface MessageIntent {
  /** Unique per purpose, e.g. `root:<peeringId>`. */
  key: string;
  /** Compare-and-set token: 1 for the first run that posts, bumped by each run that takes over. */
  attempt: number;
  /** When the current attempt started posting (ISO). */
  startedAt: string;
  channelId: string;
  threadTs?: string;
  /** The posted message's ts, once known. */
  ts?: string;
  /** Set when the attempt ended without knowing whether Slack took the post (timeout, network). */
  inDoubtSince?: string;
  /**
   * A file (src/slack/file-delivery.ts): the id Slack gave the upload, recorded before the upload is
   * completed, so a later run can look for the share in the thread.
   */
  fileId?: string;
  /** A file: files.completeUploadExternal answered ok (the share's ts may not be known). */
  shared?: boolean;
  /** A file Slack refused (its error code): its content went out as messages instead, for good. */
  fellBack?: string;
}

export interface MessageIntentStore {
  getMessageIntent(key: string): Promise<MessageIntent | undefined>;
  /**
   * Writes the intent if the stored one's attempt equals `expectedAttempt` (0: none may be stored).
   * Returns false when another run changed it first.
   */
  saveMessageIntent(intent: MessageIntent, expectedAttempt: number): Promise<boolean>;
  /** Deletes the intent if its attempt equals `expectedAttempt` (a refused post frees the key). */
  releaseMessageIntent(key: string, expectedAttempt: number): Promise<boolean>;
}
