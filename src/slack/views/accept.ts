// Thread messages of "Accept in AWS": the plan with its button, the result of each run with what
// can be done next, and refusals. Pure builders; buttons carry the peering and the round they decide.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import {
  type AcceptMode,
  type AcceptOutcome,
  type AcceptPlan,
  AUTO_ACCEPT_DECIDER,
  type RouteStep,
} from '../../peering/accept/model';
import type { PeeringRecord } from '../../peering/model';
import { count } from '../../peering/outcome';
import { ACCEPT_ACTIONS as ACCEPT_ACTION_IDS } from '../ids';
import { context, escapeText, LIMITS, plain, section } from './blocks';
import type { SlackMessage } from './peering-message';

export const ACCEPT_ACTIONS: Record<AcceptMode, string> = ACCEPT_ACTION_IDS;

/** What a button's value holds: the peering and the round it was shown in. */
export interface AcceptButtonValue {
  peeringId: string;
  round: number;
}

export function parseAcceptButtonValue(value: string | undefined): AcceptButtonValue | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<AcceptButtonValue>;
    if (typeof parsed.peeringId === 'string' && Number.isInteger(parsed.round)) {
      return { peeringId: parsed.peeringId, round: parsed.round as number };
    }
  } catch {
    // not ours
  }
  return undefined;
}

/** Characters of step lines one message may carry: Slack refuses messages much over ~13k. */
const MAX_MESSAGE_TEXT = 11_000;

/**
 * Lines packed into as few sections as Slack's 3000-character limit allows, so a VPC with many route
 * tables still shows its steps; past what one message can hold, the rest is counted, not dropped silently.
 */
export function sections(lines: readonly string[]): KnownBlock[] {
  const chunks: string[] = [];
  let current = '';
  let total = 0;
  for (const [index, line] of lines.entries()) {
    if (total + line.length > MAX_MESSAGE_TEXT) {
      current += `\n…and ${lines.length - index} more (the plan is in the log in full).`;
      break;
    }
    total += line.length + 1;
    const next = current ? `${current}\n${line}` : line;
    if (next.length > LIMITS.sectionText - 100 && current) {
      chunks.push(current);
      current = line;
    } else current = next;
  }
  if (current) chunks.push(current);
  return chunks.map(section);
}

const MODE_LABELS: Record<AcceptMode, string> = {
  apply: 'Accept and add routes',
  replace: 'Replace conflicting routes',
  retry: 'Retry',
};

function button(mode: AcceptMode, value: AcceptButtonValue, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: ACCEPT_ACTIONS[mode],
    text: { type: 'plain_text', text: MODE_LABELS[mode] },
    value: JSON.stringify(value),
    ...(style ? { style } : {}),
  };
}

function actions(block_id: string, ...elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id, elements };
}

export interface DecisionView {
  by: string;
  at: string;
  mode: AcceptMode;
}

export function decisionLine(decision: DecisionView): string {
  const when = `<!date^${Math.floor(Date.parse(decision.at) / 1000)}^{date_short_pretty} {time}|${decision.at}>`;
  const who = decision.by === AUTO_ACCEPT_DECIDER ? 'AUTO_ACCEPT' : `<@${decision.by}>`;
  return `:ballot_box_with_check: ${who} chose *${MODE_LABELS[decision.mode]}* · ${when}`;
}

function stepLine(step: RouteStep, pcxId: string): string {
  const route = `\`${step.destination}\` → \`${pcxId}\` in \`${step.routeTableId}\``;
  if (step.kind === 'add') return `• add ${route}`;
  if (step.kind === 'present') return `• ${route} is already there: left alone`;
  return `• conflict: \`${step.destination}\` in \`${step.routeTableId}\` already goes to \`${escapeText(step.currentTarget)}\`: left alone`;
}

function extraCidrsNote(record: PeeringRecord): string | undefined {
  if (record.spec.extraCidrs.length === 0) return undefined;
  return (
    `The extra CIDRs (${record.spec.extraCidrs.join(', ')}) are ranges on your side that Aiven routes towards this VPC; ` +
    'no route is added for them here.'
  );
}

/** Under a plan: who decided, or that AUTO_ACCEPT does it now, or the button that decides it. */
export function planFooter(
  record: PeeringRecord,
  options: { auto: boolean; round: number; decision?: DecisionView },
): KnownBlock {
  if (options.decision) return context(decisionLine(options.decision));
  if (options.auto) return context('AUTO_ACCEPT is on: vpc-peer does this now.');
  return actions('accept_plan', button('apply', { peeringId: record.id, round: options.round }, 'primary'));
}

export function renderAcceptPlan(
  record: PeeringRecord,
  plan: AcceptPlan,
  options: { auto: boolean; round: number; decision?: DecisionView },
): SlackMessage {
  const { spec } = record;
  const main = plan.routeTables.find((t) => t.main);
  const lines = [
    `:clipboard: *Plan for AWS account ${spec.awsAccountId} (${spec.awsRegion}), ${spec.awsVpcId}*`,
    `1. Accept the peering request \`${plan.pcxId}\` from the organization VPC ${escapeText(record.orgVpc.name)} (${record.orgVpc.cidr}).`,
    `2. Route ${plan.destinations.map((d) => `\`${d}\``).join(', ')} through it in ${count(plan.routeTables.length, 'route table')}${main ? ` (the main table is \`${main.id}\`)` : ''}:`,
    ...plan.steps.map((s) => stepLine(s, plan.pcxId)),
  ];
  const blocks: KnownBlock[] = sections(lines);
  const note = extraCidrsNote(record);
  if (note) blocks.push(context(note));
  blocks.push(planFooter(record, options));
  return {
    text: `Plan: accept ${plan.pcxId} and add routes in ${count(plan.routeTables.length, 'route table')}`,
    blocks,
  };
}

export function renderAcceptResult(
  record: PeeringRecord,
  outcome: AcceptOutcome,
  options: { round: number; decision?: DecisionView },
): SlackMessage {
  const accepted = record.accept?.pcxId ?? '?';
  // An attachment's routes go to its Transit Gateway; a peering's to the pcx- it accepted.
  const attachment = record.accept?.attachment;
  const pcx = attachment?.transitGatewayId ?? accepted;
  const route = (r: { routeTableId: string; destination: string }) =>
    `\`${r.destination}\` in \`${r.routeTableId}\``;
  const lines = [
    outcome.accepted === 'now'
      ? `:white_check_mark: Accepted \`${accepted}\`.`
      : `\`${accepted}\` was already accepted.`,
    // Each route's own target: an attachment's static route on the Transit Gateway goes to the attachment.
    ...outcome.added.map((r) => `:white_check_mark: Added ${route(r)} → \`${r.target}\``),
    ...outcome.replaced.map(
      (r) => `:white_check_mark: Replaced ${route(r)}: was \`${r.replacedTarget}\`, now \`${pcx}\``,
    ),
    ...outcome.present.map((s) => `• ${route(s)} → \`${pcx}\` was already there`),
    ...outcome.conflicts.map(
      (s) => `:warning: Left alone: ${route(s)} goes to \`${escapeText(s.currentTarget)}\`, not \`${pcx}\``,
    ),
    ...outcome.failed.map((f) => `:x: Not done: ${route(f.step)}: ${escapeText(f.problem)}`),
    ...(outcome.dnsEnabled ? [':white_check_mark: DNS resolution from the Aiven VPC is allowed.'] : []),
  ];
  if (outcome.stopped) lines.unshift(`:x: Stopped: ${escapeText(outcome.stopped)}`);
  const partial = outcome.failed.length > 0 || outcome.stopped !== undefined;
  const headline = partial
    ? '*Accept in AWS: partly done.* What is listed as done stays done; Retry does the rest.'
    : '*Accept in AWS: done.*';
  const blocks: KnownBlock[] = sections([headline, ...lines]);
  const value = { peeringId: record.id, round: options.round };
  if (options.decision) blocks.push(context(decisionLine(options.decision)));
  else if (partial) blocks.push(actions('accept_result', button('retry', value, 'primary')));
  // Replace is for peerings: an attachment's conflicts stay reported, for people to sort out.
  else if (outcome.conflicts.length > 0 && !attachment)
    blocks.push(
      actions('accept_result', {
        ...button('replace', value, 'danger'),
        // Re-pointing someone's route is the one change here that can break traffic: ask first.
        confirm: {
          title: plain('Replace conflicting routes?', 100),
          text: plain(
            `${count(outcome.conflicts.length, 'route')} will point to ${pcx} instead of their current target. ` +
              'The old targets are recorded and restored when the peering is deleted.',
            300,
          ),
          confirm: plain('Replace', 30),
          deny: plain('Cancel', 30),
          style: 'danger',
        },
      }),
    );
  return { text: partial ? 'Accept in AWS: partly done' : 'Accept in AWS: done', blocks };
}

export function renderAcceptRefused(record: PeeringRecord, pcxId: string, problems: string[]): SlackMessage {
  const why = pcxId.startsWith('tgw-')
    ? 'vpc-peer found no attachment it may accept'
    : 'it is not the connection that was requested';
  const text =
    `:no_entry: *Not accepting \`${pcxId}\`*: ${why}, so nothing was changed in AWS.\n` +
    problems.map((p) => `• ${escapeText(p)}`).join('\n') +
    `\nCheck it in AWS account ${record.spec.awsAccountId} (${record.spec.awsRegion}) before accepting anything by hand.`;
  return { text: `Not accepting ${pcxId}: nothing was changed`, blocks: [section(text)] };
}

export function renderAcceptRunFailed(
  record: PeeringRecord,
  reference: string,
  round: number,
  decision?: DecisionView,
): SlackMessage {
  const text =
    ':x: *Accept in AWS stopped* after several tries: AWS did not answer properly. ' +
    `What is listed above as done stays done; Retry resumes the rest. (reference: ${reference})`;
  return {
    text: 'Accept in AWS stopped',
    blocks: [
      section(text),
      decision
        ? context(decisionLine(decision))
        : actions('accept_failed', button('retry', { peeringId: record.id, round }, 'primary')),
    ],
  };
}

/** Why a decision was not carried out (the peering is being deleted or has ended). */
export function renderAcceptNotDone(reason: string): SlackMessage {
  const text = `:no_entry: ${reason}`;
  return { text, blocks: [section(text)] };
}
