// `/vpc-peer status <Aiven peering id | pcx id | vpc id | request id>`: one peering in detail with its
// whole history, from the store only. Every id a peering ever had finds it, also after it ended: the
// overview answers for live peerings (and ones vpc-peer does not track yet), the records for the rest.
import type { OrgVpc, PeeringRecord } from '../../peering/model';
import {
  classifyPeeringId,
  findInOverview,
  type PeeringLine,
  recordLine,
  requestIdSpellings,
} from '../../peering/overview';
import type { AuditTrail, PeeringRecordStore, SnapshotStore } from '../../peering/ports';
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { loadOverview } from '../overview-source';
import { renderPeeringHistory } from '../views/peering-history';
import type { SlackMessage } from '../views/peering-message';
import {
  renderPeeringStatus,
  renderStatusChoices,
  renderStatusNotFound,
  renderStatusUsage,
} from '../views/status';
import { requestersOnly } from './requesters-only';

/** Records of any age that had this id. */
async function recordsById(
  store: PeeringRecordStore & AuditTrail & SnapshotStore,
  id: string,
): Promise<PeeringRecord[]> {
  switch (classifyPeeringId(id)) {
    case 'pcx':
    case 'aws-vpc':
    case 'transit-gateway':
      return store.findPeeringsByAwsId(id);
    case 'uuid': {
      const record = await store.findByAivenPeeringId(id.toLowerCase());
      return record ? [record] : [];
    }
    case 'request': {
      for (const spelling of requestIdSpellings(id)) {
        const record = await store.getPeering(spelling);
        if (record) return [record];
      }
      return [];
    }
    default:
      return [];
  }
}

export function makeStatusCommand(deps: HandlerDeps): SubcommandHandler {
  /** The peering's history (its request, states, accept, routes, deletion) under its details. */
  async function withHistory(
    message: SlackMessage,
    record: PeeringRecord | undefined,
  ): Promise<SlackMessage> {
    if (!record) return message;
    const events = await deps.store.listAuditEvents(record.id);
    return { ...message, blocks: [...message.blocks, ...renderPeeringHistory(events, record)] };
  }

  return requestersOnly(deps, async ({ ack, args, log }) => {
    const [id, ...extra] = args;
    if (!id || extra.length > 0) {
      await ack({ response_type: 'ephemeral', ...renderStatusUsage() });
      return;
    }
    const [{ overview }, records] = await Promise.all([
      loadOverview(deps.store, deps.organizationId),
      recordsById(deps.store, id),
    ]);
    const matches: { vpc: OrgVpc; line: PeeringLine }[] = findInOverview(overview, id);
    const shown = new Set(matches.flatMap(({ line }) => (line.record ? [line.record.id] : [])));
    for (const record of records) {
      if (shown.has(record.id)) continue;
      // An untracked line of the same Aiven peering gives way to the record, which knows more.
      const untracked = matches.findIndex(
        ({ line }) => !line.record && record.aivenPeeringId && line.aivenPeeringId === record.aivenPeeringId,
      );
      if (untracked >= 0) matches.splice(untracked, 1);
      matches.push({ vpc: record.orgVpc, line: recordLine(record) });
    }
    const [only] = matches;
    if (only && matches.length === 1) {
      const message = await withHistory(renderPeeringStatus(only.vpc, only.line), only.line.record);
      await ack({ response_type: 'ephemeral', ...message });
      return;
    }
    if (matches.length > 1) {
      await ack({ response_type: 'ephemeral', ...renderStatusChoices(id, matches) });
      return;
    }
    log.info({ id, kind: classifyPeeringId(id) }, 'status: no such peering');
    await ack({ response_type: 'ephemeral', ...renderStatusNotFound(id) });
  });
}
