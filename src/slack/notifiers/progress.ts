// ProgressNotifier on Slack: every reply goes through MessageDelivery (at most once per key) and every
// root rewrite is claimed per change, so overlapping reconcile runs tell nobody anything twice.
import type { WebClient } from '@slack/web-api';
import { isExternal, type PeeringRecord, type SlackThread } from '../../peering/model';
import { peeringFacts } from '../../peering/outcome';
import type { PeeringStore } from '../../peering/ports';
import type { ProgressNotifier } from '../../peering/progress';
import type { MessageDelivery } from '../delivery';
import { renderPeeringRoot } from '../views/peering-message';
import { renderPendingReminder, renderStateChange } from '../views/progress';

const CLAIM_TTL_SECONDS = 90 * 24 * 3600;

export function makeSlackProgressNotifier(deps: {
  client: WebClient;
  delivery: MessageDelivery;
  store: PeeringStore;
  /** Whether "Accept in AWS" has a role in the account (then it posts a plan instead of manual steps). */
  botAccepts?: (awsAccountId: string) => boolean;
  /** ROUTE_TABLES: the tables the manual steps name for a VPC. */
  routeTablesFor?: (awsVpcId: string) => readonly string[] | undefined;
}): ProgressNotifier {
  const inThread = (thread: SlackThread) => ({ channelId: thread.channelId, threadTs: thread.ts });
  const root = (record: PeeringRecord) => renderPeeringRoot(record, peeringFacts(record, deps.botAccepts));

  return {
    async stateChanged(record, change) {
      if (!record.thread) return;
      await deps.delivery.postOnce(
        `state:${change.key}`,
        inThread(record.thread),
        renderStateChange(record, change, {
          botAccepts: !isExternal(record) && (deps.botAccepts?.(record.spec.awsAccountId) ?? false),
          routeTableIds: deps.routeTablesFor?.(record.spec.awsVpcId),
        }),
      );
    },
    async rootChanged(record, changeKey) {
      if (!record.thread) return;
      if (!(await deps.store.claimOnce(`root:${changeKey}`, CLAIM_TTL_SECONDS))) return;
      await deps.client.chat.update({
        channel: record.thread.channelId,
        ts: record.thread.ts,
        ...root(record),
      });
    },
    async reminder(record, days) {
      if (!record.thread) return;
      const key = `reminder:${record.id}:${record.pendingPeerSince ?? ''}:${days}d`;
      await deps.delivery.postOnce(key, inThread(record.thread), renderPendingReminder(record, days));
    },
    async announceExternal(record: PeeringRecord) {
      if (record.channelId === '') return undefined;
      const result = await deps.delivery.postOnce(
        `external:${record.aivenPeeringId ?? record.id}`,
        { channelId: record.channelId },
        root(record),
      );
      return result.ts ? { channelId: record.channelId, ts: result.ts } : undefined;
    },
  };
}
