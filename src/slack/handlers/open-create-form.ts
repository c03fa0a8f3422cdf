// Opens the create modal: at once with the org VPCs when the poller's list is fresh, otherwise in its
// loading state, filled by the worker (load-create-form). The trigger_id lives 3 seconds, so Aiven is
// never called here. Used by `/vpc-peer create` and the Home tab's "Request a peering" button.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import { isFresh } from '../../peering/snapshot';
import { freezeInForce } from '../../policy/freeze';
import { type CreateFormContext, renderCreateForm, renderLoadingForm } from '../views/create-form';
import type { HandlerDeps } from './deps';

export async function openCreateForm(
  deps: HandlerDeps,
  opening: { client: WebClient; triggerId: string; userId: string; context: CreateFormContext },
  log: Logger,
): Promise<void> {
  const { client, triggerId, userId, context } = opening;
  const snapshot = await deps.store.loadSnapshot(deps.organizationId);
  const freeze = freezeInForce(deps.guardrails, deps.clock.now());
  if (isFresh(snapshot, deps.clock.now())) {
    await client.views.open({
      trigger_id: triggerId,
      view: renderCreateForm(
        context,
        snapshot.vpcs.map((d) => d.vpc),
        freeze,
      ),
    });
    return;
  }
  const opened = await client.views.open({ trigger_id: triggerId, view: renderLoadingForm(context) });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  await deps.queue.enqueue({
    kind: 'load-create-form',
    id: deps.newId(),
    viewId,
    userId,
    ...(freeze ? { freeze } : {}),
    ...('channelId' in context
      ? {
          channelId: context.channelId,
          ...(context.responseUrl ? { responseUrl: context.responseUrl } : {}),
        }
      : {}),
  });
  log.info({ viewId }, 'create form opened; loading org VPCs');
}
