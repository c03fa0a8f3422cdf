// Thread replies of the Terraform hand-over and of CIDR edits, each at most once per purpose
// (src/slack/delivery.ts): job retries and redeliveries never post twice.
import type { CidrChangeNotifier } from '../../peering/change-peer-cidrs';
import type { PeeringRecord } from '../../peering/model';
import type { PeeringNotifier } from '../../peering/ports';
import type { MessageDelivery } from '../delivery';
import { renderCidrChangeAnswered, renderCidrChangeSending, renderHandedOver } from '../views/cidr-form';
import type { SlackMessage } from '../views/peering-message';

function inThread(delivery: MessageDelivery, key: string, record: PeeringRecord, message: SlackMessage) {
  // A peering made outside vpc-peer without NOTIFY_CHANNEL has no thread: the user saw the answer privately.
  if (!record.thread) return Promise.resolve();
  return delivery.postOnce(key, { channelId: record.thread.channelId, threadTs: record.thread.ts }, message);
}

export function makeHandOffNotifiers(delivery: MessageDelivery, root: Pick<PeeringNotifier, 'updateRoot'>) {
  const cidrs: CidrChangeNotifier = {
    async sending(record, change) {
      await inThread(delivery, `cidrs:${change.id}:sending`, record, renderCidrChangeSending(change));
    },
    async answered(record, change) {
      await inThread(delivery, `cidrs:${change.id}:answer`, record, renderCidrChangeAnswered(record, change));
    },
    updateRoot: (record) => root.updateRoot(record),
  };
  return {
    cidrs,
    tellHandOver: async (key: string, record: PeeringRecord) => {
      await inThread(delivery, key, record, renderHandedOver(record));
    },
    updateRoot: (record: PeeringRecord) => root.updateRoot(record),
  };
}
