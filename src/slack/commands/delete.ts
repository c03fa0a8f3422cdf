// `/vpc-peer delete [Aiven peering id | pcx id]`: opens the deletion form (with the peering chosen
// when named). Reads the store only: the form must open within the trigger_id's 3 seconds.

import { listDeletablePeerings } from '../../peering/deletable';
import { findPeeringForDeletionJob } from '../../peering/job-ids';
import { isManagedByTerraform, isOpen, MANAGED_BY_TERRAFORM, type PeeringRecord } from '../../peering/model';
import { freezeInForce } from '../../policy/freeze';
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { refuseChange } from '../handlers/refusals';
import { escapeText } from '../views/blocks';
import { renderDeletionForm } from '../views/deletion-form';
import { looksLikePeeringId, renderLookingInAiven } from '../views/deletion-lookup';
import { renderNoApprovers } from '../views/deletion-replies';
import { renderUsage } from '../views/usage';

/** A peering named by its Aiven id, its AWS pcx id or vpc-peer's own request id. */
export function findPeering(records: readonly PeeringRecord[], name: string): PeeringRecord | undefined {
  const wanted = name.toLowerCase();
  return records.find(
    (r) =>
      r.aivenPeeringId?.toLowerCase() === wanted ||
      r.stateInfo?.awsPeeringConnectionId?.toLowerCase() === wanted ||
      r.id.toLowerCase() === wanted,
  );
}

/** The peerings a deletion may be asked for, for the form. */
export function deletablePeerings(deps: HandlerDeps): Promise<PeeringRecord[]> {
  return listDeletablePeerings(deps.store, deps.organizationId);
}

/** Whether vpc-peer has any record, open or ended, named by this Aiven peering id or pcx id. */
async function hasRecordOf(deps: HandlerDeps, name: string): Promise<boolean> {
  const wanted = name.toLowerCase();
  if (await deps.store.findByAivenPeeringId(wanted)) return true;
  return wanted.startsWith('pcx-') && (await deps.store.findPeeringsByAwsId(wanted)).length > 0;
}

export function makeDeleteCommand(deps: HandlerDeps): SubcommandHandler {
  return async ({ command, ack, client, context, args, log }) => {
    const tell = (text: string) => ack({ response_type: 'ephemeral', text });
    if (args.length > 1) {
      await tell(renderUsage(command.text.trim()));
      return;
    }
    const refusal = refuseChange(deps.policy, command.user_id, command.channel_id);
    if (refusal) {
      log.warn('refused: not a requester or not an allowed channel');
      await tell(refusal);
      return;
    }
    if (!deps.policy.hasApprovers) {
      await tell(renderNoApprovers());
      return;
    }
    if (context.retryNum !== undefined) {
      await ack();
      return;
    }
    const peerings = await deletablePeerings(deps);
    const managed = (await deps.store.listOpenPeerings()).filter(
      (record) => isManagedByTerraform(record) && isOpen(record.state),
    );
    const named = args[0];
    const chosen = named === undefined ? undefined : findPeering(peerings, named);
    // An id vpc-peer has a record of but cannot delete now (ended, being deleted) gets the answer below
    // at once; only one it has never seen is worth asking Aiven about.
    const unseen =
      named !== undefined && !chosen && looksLikePeeringId(named) && !(await hasRecordOf(deps, named));
    if (named !== undefined && unseen) {
      // Not in the store (yet): Aiven may have it. The worker looks and answers through response_url.
      const job = findPeeringForDeletionJob(command.trigger_id, {
        name: named,
        userId: command.user_id,
        channelId: command.channel_id,
        responseUrl: command.response_url,
      });
      const id = job.id;
      try {
        await deps.queue.enqueue(job);
      } catch (error) {
        log.error({ err: error, reference: id }, 'could not queue the Aiven lookup of a peering to delete');
        await tell(
          `:warning: vpc-peer could not start looking for \`${escapeText(named)}\` in Aiven. ` +
            `Try again in a minute (reference: ${id}).`,
        );
        return;
      }
      log.info({ name: named }, 'looking for the peering to delete in Aiven');
      await tell(renderLookingInAiven(named));
      return;
    }
    if (named !== undefined && !chosen) {
      if (findPeering(managed, named)) {
        await tell(`:building_construction: ${MANAGED_BY_TERRAFORM}`);
        return;
      }
      await tell(
        `:question: No peering vpc-peer can delete is called \`${escapeText(named)}\`. ` +
          'Give its Aiven peering id (a UUID such as 4d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a2b) or its AWS ' +
          'peering id (pcx- and 8 or 17 hex characters), or run `/vpc-peer delete` to pick it from a list.',
      );
      return;
    }
    if (peerings.length === 0) {
      await tell(
        ':information_source: There is no peering vpc-peer can delete: none that Aiven has created is open.',
      );
      return;
    }
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: renderDeletionForm(
        { channelId: command.channel_id },
        peerings,
        chosen?.id,
        managed.length,
        freezeInForce(deps.guardrails, deps.clock.now()),
      ),
    });
  };
}
