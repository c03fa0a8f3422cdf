// The /vpc-peer create modal. Block ids double as the keys of validation errors, so they are named
// after the form fields of PeeringRequestInput.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { OrgVpc } from '../../peering/model';
import { AWS_REGIONS } from '../../peering/regions';
import type { RequestField } from '../../peering/rules';
import { CREATE_FORM_CALLBACK_ID } from '../ids';
import { escapeText, LIMITS, plain, section } from './blocks';
import { freezeOverrideInput } from './freeze-override';

export { CREATE_FORM_CALLBACK_ID };

export const FIELD_BLOCKS: Record<RequestField, { blockId: string; actionId: string }> = {
  orgVpcId: { blockId: 'org_vpc', actionId: 'org_vpc' },
  awsAccountId: { blockId: 'aws_account_id', actionId: 'aws_account_id' },
  awsRegion: { blockId: 'aws_region', actionId: 'aws_region' },
  awsVpcId: { blockId: 'aws_vpc_id', actionId: 'aws_vpc_id' },
  extraCidrs: { blockId: 'extra_cidrs', actionId: 'extra_cidrs' },
};

/**
 * Carried through the modal: where the command was typed, and how to reach the user privately. A form
 * opened from the Home tab has no channel: it asks for one (CHANNEL_BLOCK).
 */
export type CreateFormContext = { channelId: string; responseUrl?: string } | { fromHome: true };

/** The Home tab's form: the channel where the request and its thread go. */
export const CHANNEL_BLOCK = { blockId: 'channel', actionId: 'channel' } as const;

function channelInput(): KnownBlock {
  return {
    type: 'input',
    block_id: CHANNEL_BLOCK.blockId,
    label: plain('Post the request in'),
    hint: plain('The channel where the request and its progress thread are posted.'),
    element: {
      type: 'conversations_select',
      action_id: CHANNEL_BLOCK.actionId,
      placeholder: plain('Choose a channel'),
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    },
  };
}

const MAX_OPTIONS = 100;

export function orgVpcLabel(vpc: OrgVpc): string {
  return `${vpc.name} · ${vpc.cloudName} · ${vpc.cidr}`;
}

function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, LIMITS.plainOption), value };
}

function baseModal(context: CreateFormContext): Omit<ModalView, 'blocks'> {
  return {
    type: 'modal',
    callback_id: CREATE_FORM_CALLBACK_ID,
    title: plain('Peer an AWS VPC', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(context),
  };
}

/** Shown at once while the worker reads the org VPCs from Aiven (trigger_id lives only 3 s). */
export function renderLoadingForm(context: CreateFormContext): ModalView {
  return {
    ...baseModal(context),
    blocks: [section(':hourglass_flowing_sand: Loading your Aiven organization VPCs…')],
  };
}

export function renderLoadFailedForm(context: CreateFormContext, reason: string): ModalView {
  return {
    ...baseModal(context),
    blocks: [
      section(`:x: Could not read the organization VPCs from Aiven: ${escapeText(reason)}`),
      section('Close this window and try `/vpc-peer` again in a minute.'),
    ],
  };
}

export function renderCreateForm(
  context: CreateFormContext,
  orgVpcs: readonly OrgVpc[],
  /** The change freeze in force, described: adds the "Freeze override reason" input. */
  freeze?: string,
): ModalView {
  const peerable = orgVpcs.filter((vpc) => vpc.state === 'ACTIVE' && vpc.awsRegion);
  if (peerable.length === 0) {
    const building = orgVpcs.filter((vpc) => vpc.state === 'APPROVED').map((vpc) => vpc.name);
    return {
      ...baseModal(context),
      blocks: [
        section(
          ':warning: No organization VPC on AWS is ready to peer.' +
            (building.length > 0 ? ` Still being built: ${escapeText(building.join(', '))}.` : '') +
            ' Create one in the Aiven Console (Organization > VPCs) and try again.',
        ),
      ],
    };
  }
  const vpcOptions = peerable.slice(0, MAX_OPTIONS).map((vpc) => option(orgVpcLabel(vpc), vpc.id));
  const only = peerable.length === 1 ? vpcOptions[0] : undefined;
  const blocks: KnownBlock[] = [
    ...('fromHome' in context ? [channelInput()] : []),
    {
      type: 'input',
      block_id: FIELD_BLOCKS.orgVpcId.blockId,
      label: plain('Aiven organization VPC'),
      element: {
        type: 'static_select',
        action_id: FIELD_BLOCKS.orgVpcId.actionId,
        placeholder: plain('Choose a VPC'),
        options: vpcOptions,
        ...(only ? { initial_option: only } : {}),
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCKS.awsAccountId.blockId,
      label: plain('AWS account ID'),
      hint: plain('The 12-digit ID of the account that owns your VPC.'),
      element: {
        type: 'plain_text_input',
        action_id: FIELD_BLOCKS.awsAccountId.actionId,
        placeholder: plain('123456789012'),
        max_length: 20,
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCKS.awsRegion.blockId,
      label: plain('AWS VPC region'),
      optional: true,
      hint: plain("Leave empty if your VPC is in the organization VPC's region."),
      element: {
        type: 'static_select',
        action_id: FIELD_BLOCKS.awsRegion.actionId,
        placeholder: plain("Same as the organization VPC's"),
        options: AWS_REGIONS.map((region) => option(`${region.id} · ${region.name}`, region.id)),
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCKS.awsVpcId.blockId,
      label: plain('AWS VPC ID or Transit Gateway ID'),
      hint: plain(
        'A vpc- ID peers your VPC. A tgw- ID attaches the organization VPC to your Transit Gateway instead: then list the ranges behind it below.',
      ),
      element: {
        type: 'plain_text_input',
        action_id: FIELD_BLOCKS.awsVpcId.actionId,
        placeholder: plain('vpc-0a1b2c3d4e5f67890'),
        max_length: 30,
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCKS.extraCidrs.blockId,
      // Slack adds "(optional)" to an optional input's label itself.
      label: plain('Extra CIDRs in your VPC'),
      optional: true,
      hint: plain(
        "Other private IPv4 ranges of your VPC to route through the peering, besides the VPC's own. For a Transit Gateway, required: the ranges reachable through it.",
      ),
      element: {
        type: 'plain_text_input',
        action_id: FIELD_BLOCKS.extraCidrs.actionId,
        multiline: true,
        placeholder: plain('10.50.0.0/16, one per line'),
      },
    },
    ...(freeze ? [freezeOverrideInput(freeze)] : []),
  ];
  if (peerable.length > MAX_OPTIONS) {
    blocks.push(section(`Showing the first ${MAX_OPTIONS} of ${peerable.length} organization VPCs.`));
  }
  return { ...baseModal(context), submit: plain('Create peering', LIMITS.modalTitle), blocks };
}

export function parseCreateFormContext(privateMetadata: string | undefined): CreateFormContext | undefined {
  try {
    const parsed = JSON.parse(privateMetadata ?? '') as {
      channelId?: unknown;
      responseUrl?: unknown;
      fromHome?: unknown;
    };
    if (typeof parsed.channelId === 'string') {
      return {
        channelId: parsed.channelId,
        ...(typeof parsed.responseUrl === 'string' ? { responseUrl: parsed.responseUrl } : {}),
      };
    }
    return parsed.fromHome === true ? { fromHome: true } : undefined;
  } catch {
    return undefined;
  }
}
