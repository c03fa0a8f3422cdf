// Fills the create modal that the slash command opened in its loading state.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import { isAivenFailure } from '../../peering/ports';
import { refreshSnapshot, type SnapshotDeps } from '../../peering/snapshot';
import { slackErrorCode } from '../notifiers/peering';
import { type CreateFormContext, renderCreateForm, renderLoadFailedForm } from '../views/create-form';

export interface LoadCreateFormDeps extends SnapshotDeps {
  client: WebClient;
  logger: Logger;
}

type LoadJob = { viewId: string; channelId?: string; responseUrl?: string; freeze?: string };

function contextOf(job: LoadJob): CreateFormContext {
  if (job.channelId === undefined) return { fromHome: true };
  return { channelId: job.channelId, ...(job.responseUrl ? { responseUrl: job.responseUrl } : {}) };
}

export function makeLoadCreateForm(deps: LoadCreateFormDeps) {
  async function show(viewId: string, view: ReturnType<typeof renderCreateForm>): Promise<void> {
    try {
      await deps.client.views.update({ view_id: viewId, view });
    } catch (error) {
      // The user closed the modal while we read Aiven: nothing left to show.
      if (slackErrorCode(error) === 'not_found') {
        deps.logger.info({ viewId }, 'modal closed before it was filled');
        return;
      }
      throw error;
    }
  }

  return {
    async run(job: LoadJob): Promise<void> {
      const context = contextOf(job);
      try {
        const snapshot = await refreshSnapshot(deps);
        await show(
          job.viewId,
          renderCreateForm(
            context,
            snapshot.vpcs.map((d) => d.vpc),
            job.freeze,
          ),
        );
      } catch (error) {
        if (!isAivenFailure(error) || error.retryable) throw error;
        await show(job.viewId, renderLoadFailedForm(context, error.aivenMessage));
      }
    },
    async giveUp(job: LoadJob, error: unknown): Promise<void> {
      const reason = isAivenFailure(error) ? error.aivenMessage : 'Aiven did not answer';
      await show(job.viewId, renderLoadFailedForm(contextOf(job), reason));
    },
  };
}
