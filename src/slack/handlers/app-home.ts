// The bot's Home tab: the same overview as `/vpc-peer list`, for the user who opens it, refreshed on
// every opening. Read from the store only: the event is answered within Slack's 3 seconds.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { loadOverview, RECENTLY_ENDED_DAYS } from '../overview-source';
import { section } from '../views/blocks';
import { renderHomeActions } from '../views/home';
import { renderOverview } from '../views/overview';
import type { HandlerDeps } from './deps';

export function makeAppHomeOpenedHandler(deps: HandlerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    let blocks = [section(':no_entry: You are not on the list of people who may use vpc-peer (REQUESTERS).')];
    if (deps.policy.mayRequest(event.user)) {
      const { snapshot, overview, ended } = await loadOverview(
        deps.store,
        deps.organizationId,
        deps.clock.now(),
      );
      blocks = [
        renderHomeActions(),
        ...renderOverview(overview, {
          fetchedAt: snapshot?.fetchedAt,
          ended,
          endedDays: RECENTLY_ENDED_DAYS,
        }).blocks,
      ];
    }
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
  };
}
