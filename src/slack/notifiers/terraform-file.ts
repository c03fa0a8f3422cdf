// The share-terraform-file job (worker only: the upload stays out of the http function): the file the
// user asked for, shared in the peering's thread once per content. If Slack refuses the file (e.g. the
// app lacks files:write) the same HCL goes to the thread as today's code-block messages instead, so
// the hand-off is never lost, and the log says why.
import { createHash } from 'node:crypto';
import type { Logger } from '../../logger';
import type { PeeringRecordStore, SnapshotStore } from '../../peering/ports';
import { handOverIds, terraformFor } from '../../peering/terraform-source';
import type { MessageDelivery } from '../delivery';
import type { FileDelivery } from '../file-delivery';
import { loadOverview } from '../overview-source';
import { renderTerraformMessages, renderTerraformTooLong } from '../views/terraform';
import { renderTerraformFileComment } from '../views/terraform-file';

/** The key of one version of a peering's file: the same HCL is shared once, a changed one again. */
export function terraformFileKey(peeringId: string, hcl: string): string {
  const digest = createHash('sha256').update(hcl).digest('hex').slice(0, 16);
  return `terraform-file:${peeringId}:${digest}`;
}

export function makeShareTerraformFile(deps: {
  store: PeeringRecordStore & SnapshotStore;
  files: FileDelivery;
  delivery: MessageDelivery;
  organizationId: string;
  logger: Logger;
}) {
  async function run(job: { peeringId: string; userId: string }): Promise<void> {
    const log = deps.logger.child({ peeringId: job.peeringId });
    const record = await deps.store.getPeering(job.peeringId);
    if (!record?.thread) {
      log.warn('no thread to share the Terraform file in; the user had it privately');
      return;
    }
    const { overview } = await loadOverview(deps.store, deps.organizationId);
    const outcome = terraformFor(deps.organizationId, overview, record.id);
    if (outcome.kind !== 'file') {
      log.warn({ outcome: outcome.kind }, 'the peering is not in the overview; no Terraform file to share');
      return;
    }
    const { file } = outcome;
    const key = terraformFileKey(record.id, file.hcl);
    const target = { channelId: record.thread.channelId, threadTs: record.thread.ts };
    const shared = await deps.files.shareOnce(key, target, {
      name: file.fileName,
      content: file.hcl,
      comment: renderTerraformFileComment(file, job.userId, record.aivenPeeringId ?? record.id),
    });
    if (shared.kind === 'pending') throw new Error(`another run is sharing ${key}; trying again later`);
    if (shared.kind === 'shared') return;

    log.warn({ slackError: shared.error, key }, 'posting the Terraform file as messages in the thread');
    const messages = renderTerraformMessages({
      file,
      orgVpcName: outcome.orgVpcName,
      count: outcome.lines.length,
      handOverIds: handOverIds(outcome.lines),
    });
    const fallback =
      'tooLong' in messages
        ? [{ text: renderTerraformTooLong(outcome.orgVpcName, messages.tooLong, [record.id]), blocks: [] }]
        : messages;
    // In order, each once: a retry carries on after the last one posted.
    for (const [index, message] of fallback.entries()) {
      await deps.delivery.postOnce(`${key}:message:${index + 1}`, target, message);
    }
  }

  return {
    run,
    async giveUp(job: { peeringId: string }, error: unknown): Promise<void> {
      deps.logger.error(
        { err: error, peeringId: job.peeringId },
        'could not share the Terraform file in the thread',
      );
    },
  };
}
