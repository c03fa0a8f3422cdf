// `/vpc-peer list [org VPC name]`: the org VPCs and their peerings, seen only by the user who asked.
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { filterOverview, loadOverview, RECENTLY_ENDED_DAYS } from '../overview-source';
import { escapeText } from '../views/blocks';
import { renderOverview } from '../views/overview';
import { requestersOnly } from './requesters-only';

export function makeListCommand(deps: HandlerDeps): SubcommandHandler {
  return requestersOnly(deps, async ({ ack, args }) => {
    const { snapshot, overview, ended } = await loadOverview(
      deps.store,
      deps.organizationId,
      deps.clock.now(),
    );
    const filter = args.join(' ').trim();
    if (!filter) {
      await ack({
        response_type: 'ephemeral',
        ...renderOverview(overview, {
          fetchedAt: snapshot?.fetchedAt,
          ended,
          endedDays: RECENTLY_ENDED_DAYS,
        }),
      });
      return;
    }
    const matching = filterOverview(overview, filter);
    if (matching.length === 0) {
      const names = overview.map((o) => `\`${escapeText(o.vpc.name)}\``).join(', ') || 'none yet';
      await ack({
        response_type: 'ephemeral',
        text: `:mag: No org VPC is called \`${escapeText(filter)}\`. Org VPCs: ${names}. Use \`/vpc-peer list <org VPC name>\`.`,
      });
      return;
    }
    const vpcIds = new Set(matching.map((o) => o.vpc.id));
    await ack({
      response_type: 'ephemeral',
      ...renderOverview(matching, {
        fetchedAt: snapshot?.fetchedAt,
        filter: matching[0]?.vpc.name ?? filter,
        ended: ended.filter((r) => vpcIds.has(r.spec.orgVpcId)),
        endedDays: RECENTLY_ENDED_DAYS,
      }),
    });
  });
}
