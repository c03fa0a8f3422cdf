// ProgressNotifier on Slack: every reply goes through MessageDelivery (at most once per key) and every
// root rewrite is claimed per change, so overlapping reconcile runs tell nobody anything twice.
import type { WebClient } from '@slack/web-api';
import { NotToldYetError } from '../../peering/errors';
import { isExternal, type PeeringRecord, type PendingChange, type SlackThread } from '../../peering/model';
import { peeringFacts } from '../../peering/outcome';
import type { ClaimStore, Clock } from '../../peering/ports';
import type { ProgressNotifier } from '../../peering/progress';
import { type MessageDelivery, retryAfterSecondsOf } from '../delivery';
import { SlackRestingError } from '../errors';
import { renderPeeringRoot } from '../views/peering-message';
import { renderAdoptedPeeringChanged, renderPendingReminder, renderStateChange } from '../views/progress';

const CLAIM_TTL_SECONDS = 90 * 24 * 3600;

export function makeSlackProgressNotifier(deps: {
  client: WebClient;
  delivery: MessageDelivery;
  store: ClaimStore;
  clock: Clock;
  /** Whether "Accept in AWS" has a role in the account (then it posts a plan instead of manual steps). */
  botAccepts?: (awsAccountId: string) => boolean;
  /** ROUTE_TABLES: the tables the manual steps name for a VPC. */
  routeTablesFor?: (awsVpcId: string) => readonly string[] | undefined;
  /** AIVEN_AWS_ACCOUNT_ID: an attachment's manual steps share the Transit Gateway with it. */
  aivenAccountId?: string;
}): ProgressNotifier {
  const inThread = (thread: SlackThread) => ({ channelId: thread.channelId, threadTs: thread.ts });
  const root = (record: PeeringRecord) => renderPeeringRoot(record, peeringFacts(record, deps.botAccepts));

  /** Any failure is "not told yet" to the announcer, which keeps the change; Slack's wait goes along. */
  async function telling<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NotToldYetError) throw error;
      const seconds = retryAfterSecondsOf(error);
      const retryAt =
        error instanceof SlackRestingError
          ? error.until
          : seconds !== undefined
            ? new Date(deps.clock.now().getTime() + seconds * 1000)
            : undefined;
      throw new NotToldYetError(`${what}: ${(error as Error).message}`, retryAt, { cause: error });
    }
  }

  return {
    async stateChanged(record, change) {
      const thread = record.thread;
      if (!thread) return;
      const key = `state:${change.key}`;
      const { ts } = await telling(`state reply ${key}`, () =>
        deps.delivery.postOnce(
          key,
          inThread(thread),
          renderStateChange(record, change, {
            botAccepts: !isExternal(record) && (deps.botAccepts?.(record.spec.awsAccountId) ?? false),
            routeTableIds: deps.routeTablesFor?.(record.spec.awsVpcId),
            aivenAccountId: deps.aivenAccountId,
          }),
        ),
      );
      // No ts: another attempt is posting it, or one ended in doubt. Only a ts says it is in the thread.
      if (!ts) throw new NotToldYetError(`state reply ${key} is in doubt; looked up again by the next run`);
    },
    async rootChanged(record, changeKey) {
      const thread = record.thread;
      if (!thread) return;
      if (!(await deps.store.claimOnce(`root:${changeKey}`, CLAIM_TTL_SECONDS))) return;
      await telling(`root rewrite ${changeKey}`, () =>
        deps.client.chat.update({ channel: thread.channelId, ts: thread.ts, ...root(record) }),
      );
    },
    async reminder(record, days) {
      if (!record.thread) return;
      const thread = record.thread;
      const key = `reminder:${record.id}:${record.pendingPeerSince ?? ''}:${days}d`;
      const { ts } = await telling(`reminder ${key}`, () =>
        deps.delivery.postOnce(key, inThread(thread), renderPendingReminder(record, days)),
      );
      if (!ts) throw new NotToldYetError(`reminder ${key} is in doubt; looked up again by the next run`);
    },
    async announceExternal(record: PeeringRecord, change?: PendingChange) {
      if (record.channelId === '') return undefined;
      const result = await telling(`announcement of ${record.id}`, () =>
        deps.delivery.postOnce(
          `external:${record.aivenPeeringId ?? record.id}`,
          { channelId: record.channelId },
          change
            ? renderAdoptedPeeringChanged(record, change, peeringFacts(record, deps.botAccepts))
            : root(record),
        ),
      );
      return result.ts ? { channelId: record.channelId, ts: result.ts } : undefined;
    },
  };
}
