// The /vpc-peer delete modal: pick a peering (grouped by org VPC) and say why. Read from the store,
// never from Aiven, so it opens within Slack's 3 seconds.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { PeeringRecord } from '../../peering/model';
import { STATE_DESCRIPTIONS } from '../../peering/states';
import { DELETION_FORM_CALLBACK_ID } from '../ids';
import { LIMITS, plain, section } from './blocks';
import { freezeOverrideInput } from './freeze-override';

export { DELETION_FORM_CALLBACK_ID };
export const DELETION_FORM_BLOCKS = {
  peering: { blockId: 'peering', actionId: 'peering' },
  reason: { blockId: 'reason', actionId: 'reason' },
} as const;

const MAX_GROUPS = 100;
const MAX_OPTIONS_PER_GROUP = 100;
const MAX_REASON = 500;

/** Carried through the modal: where the request was made. */
export interface DeletionFormContext {
  channelId: string;
}

export function parseDeletionFormContext(raw: string): DeletionFormContext | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<DeletionFormContext>;
    return typeof parsed.channelId === 'string' ? { channelId: parsed.channelId } : undefined;
  } catch {
    return undefined;
  }
}

function peeringOption(record: PeeringRecord): PlainTextOption {
  const { spec } = record;
  const label = `${spec.awsAccountId} · ${spec.awsRegion} · ${spec.awsVpcId} · ${STATE_DESCRIPTIONS[record.state].label}`;
  return { text: plain(label, LIMITS.plainOption), value: record.id };
}

export function renderDeletionForm(
  formContext: DeletionFormContext,
  peerings: readonly PeeringRecord[],
  chosenId?: string,
  /** Live peerings handed over to Terraform: not offered, and the form says why. */
  managedByTerraform = 0,
  /** The change freeze in force, described: adds the "Freeze override reason" input. */
  freeze?: string,
): ModalView {
  const groups = new Map<string, PeeringRecord[]>();
  for (const record of peerings) {
    const key = `${record.orgVpc.name} · ${record.orgVpc.cloudName} · ${record.orgVpc.cidr}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const optionGroups = [...groups.entries()].slice(0, MAX_GROUPS).map(([label, records]) => ({
    label: plain(label, LIMITS.plainOption),
    options: records.slice(0, MAX_OPTIONS_PER_GROUP).map(peeringOption),
  }));
  const chosen = peerings.find((record) => record.id === chosenId);
  const blocks: KnownBlock[] = [
    section(
      'Pick the peering to delete. An approver other than you must approve it before anything is removed.' +
        (managedByTerraform > 0
          ? `\n:building_construction: ${managedByTerraform} peering${managedByTerraform === 1 ? ' is' : 's are'} not listed: managed by Terraform: change ${managedByTerraform === 1 ? 'it' : 'them'} there.`
          : ''),
    ),
    {
      type: 'input',
      block_id: DELETION_FORM_BLOCKS.peering.blockId,
      label: plain('Peering (AWS account · region · VPC · state)', 2000),
      element: {
        type: 'static_select',
        action_id: DELETION_FORM_BLOCKS.peering.actionId,
        placeholder: plain('Choose a peering', 150),
        option_groups: optionGroups,
        ...(chosen ? { initial_option: peeringOption(chosen) } : {}),
      },
    },
    {
      type: 'input',
      block_id: DELETION_FORM_BLOCKS.reason.blockId,
      optional: true,
      label: plain('Reason (shown to the approvers)', 2000),
      element: {
        type: 'plain_text_input',
        action_id: DELETION_FORM_BLOCKS.reason.actionId,
        multiline: true,
        max_length: MAX_REASON,
      },
    },
    ...(freeze ? [freezeOverrideInput(freeze)] : []),
  ];
  return {
    type: 'modal',
    callback_id: DELETION_FORM_CALLBACK_ID,
    title: plain('Delete a peering', LIMITS.modalTitle),
    submit: plain('Ask for approval', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(formContext),
    blocks,
  };
}
