// `/vpc-peer status <Aiven peering id | pcx id | vpc id | request id>`: one peering in detail, from
// the store only. Ended peerings are no longer in the overview; their records still answer by id.
import { classifyPeeringId, findInOverview } from '../../peering/overview';
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

export function makeStatusCommand(deps: HandlerDeps): SubcommandHandler {
  /** The peering's history (deletion requests, decisions, outcomes) under its details. */
  async function withHistory(message: SlackMessage, peeringId: string | undefined): Promise<SlackMessage> {
    if (!peeringId) return message;
    const events = await deps.store.listAuditEvents(peeringId);
    return events.length === 0
      ? message
      : { ...message, blocks: [...message.blocks, ...renderPeeringHistory(events)] };
  }

  return requestersOnly(deps, async ({ ack, args, log }) => {
    const [id, ...extra] = args;
    if (!id || extra.length > 0) {
      await ack({ response_type: 'ephemeral', ...renderStatusUsage() });
      return;
    }
    const { overview } = await loadOverview(deps.store, deps.organizationId);
    const matches = findInOverview(overview, id);
    const [only] = matches;
    if (only && matches.length === 1) {
      const message = await withHistory(renderPeeringStatus(only.vpc, only.line), only.line.record?.id);
      await ack({ response_type: 'ephemeral', ...message });
      return;
    }
    if (matches.length > 1) {
      await ack({ response_type: 'ephemeral', ...renderStatusChoices(id, matches) });
      return;
    }
    const kind = classifyPeeringId(id);
    const record =
      kind === 'uuid' || kind === 'request'
        ? ((await deps.store.getPeering(id)) ?? (await deps.store.findByAivenPeeringId(id)))
        : undefined;
    if (record) {
      const line = {
        state: record.state,
        awsAccountId: record.spec.awsAccountId,
        awsRegion: record.spec.awsRegion,
        awsVpcId: record.spec.awsVpcId,
        record,
        ...(record.aivenPeeringId ? { aivenPeeringId: record.aivenPeeringId } : {}),
        ...(record.stateInfo?.awsPeeringConnectionId
          ? { pcxId: record.stateInfo.awsPeeringConnectionId }
          : {}),
      };
      const message = await withHistory(renderPeeringStatus(record.orgVpc, line), record.id);
      await ack({ response_type: 'ephemeral', ...message });
      return;
    }
    log.info({ id, kind }, 'status: no such peering');
    await ack({ response_type: 'ephemeral', ...renderStatusNotFound(id) });
  });
}
