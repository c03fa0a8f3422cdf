// AcceptNotifier on Slack: every thread message goes through postOnce (one key per purpose), and a
// decision rewrites the clicked message (chat.update) so its buttons become who chose what, when.
import type { WebClient } from '@slack/web-api';
import { AIVEN_DOCUMENTED_AWS_ACCOUNT_ID } from '../../config';
import type { AcceptPlan } from '../../peering/accept/model';
import { AUTO_ACCEPT_DECIDER } from '../../peering/accept/model';
import { acceptDestinations } from '../../peering/accept/plan';
import type { AcceptNotifier } from '../../peering/accept/ports';
import type { PeeringRecord } from '../../peering/model';
import type { MessageDelivery } from '../delivery';
import {
  type DecisionView,
  renderAcceptNotDone,
  renderAcceptPlan,
  renderAcceptRefused,
  renderAcceptResult,
  renderAcceptRunFailed,
} from '../views/accept';
import { renderAttachmentPlan } from '../views/accept-attachment';
import { renderManualAttachmentSteps } from '../views/aws-attachment-steps';
import { renderManualAcceptSteps } from '../views/aws-steps';
import type { SlackMessage } from '../views/peering-message';

function threadOf(record: PeeringRecord) {
  if (!record.thread) throw new Error(`peering ${record.id} has no thread to reply in`);
  return { channelId: record.thread.channelId, threadTs: record.thread.ts };
}

function decisionOf(record: PeeringRecord): DecisionView | undefined {
  const a = record.accept;
  return a?.decidedBy && a.decidedAt && a.lastMode
    ? { by: a.decidedBy, at: a.decidedAt, mode: a.lastMode }
    : undefined;
}

/** The plan as stored: an attachment's (accept-attachment.ts) or a peering's. */
function planMessage(
  record: PeeringRecord,
  plan: AcceptPlan,
  options: { auto: boolean; round: number; decision?: DecisionView },
): SlackMessage {
  const attachment = record.accept?.attachment;
  return attachment
    ? renderAttachmentPlan(record, attachment, options)
    : renderAcceptPlan(record, plan, options);
}

export function makeSlackAcceptNotifier(deps: {
  client: WebClient;
  delivery: MessageDelivery;
  /** AIVEN_AWS_ACCOUNT_ID: an attachment's manual steps share the Transit Gateway with it. */
  aivenAccountId?: string;
}): AcceptNotifier {
  const { client, delivery } = deps;
  const ts = (result: { ts?: string }) => result.ts;
  return {
    async postManualSteps(record, pcxId, reason, routeTableIds) {
      const blocks = pcxId.startsWith('tgw-')
        ? renderManualAttachmentSteps({
            awsAccountId: record.spec.awsAccountId,
            awsRegion: record.spec.awsRegion,
            transitGatewayId: record.spec.awsVpcId,
            aivenAccountId: deps.aivenAccountId ?? AIVEN_DOCUMENTED_AWS_ACCOUNT_ID,
            orgVpcCidr: record.orgVpc.cidr,
            reason: `:wrench: ${reason}`,
            ...(pcxId.startsWith('tgw-attach-') ? { attachmentId: pcxId } : {}),
            ...(routeTableIds ? { routeTableIds } : {}),
          })
        : renderManualAcceptSteps({
            pcxId,
            awsAccountId: record.spec.awsAccountId,
            awsRegion: record.spec.awsRegion,
            awsVpcId: record.spec.awsVpcId,
            destinations: acceptDestinations(record),
            reason: `:wrench: ${reason}`,
            ...(routeTableIds ? { routeTableIds } : {}),
          });
      await delivery.postOnce(`accept-manual:${record.id}:${pcxId}`, threadOf(record), {
        text: `Accept ${pcxId} in AWS account ${record.spec.awsAccountId} by hand`,
        blocks,
      });
    },
    async postRefused(record, pcxId, problems) {
      await delivery.postOnce(
        `accept-refused:${record.id}:${pcxId}`,
        threadOf(record),
        renderAcceptRefused(record, pcxId, problems),
      );
    },
    async postPlan(record, plan, auto) {
      const message = planMessage(record, plan, { auto, round: record.accept?.round ?? 0 });
      // Keyed by what is accepted: the pcx- (the plan's too), or an attachment's tgw-attach-.
      const key = record.accept?.pcxId ?? plan.pcxId;
      return ts(await delivery.postOnce(`accept-plan:${record.id}:${key}`, threadOf(record), message));
    },
    async showDecision(record, which) {
      const accept = record.accept;
      const decision = decisionOf(record);
      if (!accept || !decision || !record.thread) return;
      // The message whose button made this decision: the plan, or the last result / failure notice.
      const shown = which === 'plan' ? undefined : accept.resultMessage;
      const messageTs = which === 'plan' ? accept.planMessageTs : shown?.ts;
      if (!messageTs) return;
      let message: SlackMessage;
      if (shown?.kind === 'failed')
        message = renderAcceptRunFailed(record, shown.reference, accept.round, decision);
      else if (shown?.kind === 'outcome' && accept.lastOutcome)
        message = renderAcceptResult(record, accept.lastOutcome, { round: accept.round, decision });
      else message = planMessage(record, accept.plan, { auto: false, round: accept.round, decision });
      await client.chat.update({ channel: record.thread.channelId, ts: messageTs, ...message });
    },
    async postResult(record, outcome, round) {
      const message = renderAcceptResult(record, outcome, { round });
      return ts(await delivery.postOnce(`accept-result:${record.id}:${round}`, threadOf(record), message));
    },
    async postNotAccepted(record, decidedBy, reason, jobId) {
      const message = renderAcceptNotDone(reason);
      if (decidedBy === AUTO_ACCEPT_DECIDER) {
        await delivery.postOnce(`accept-not-accepted:${jobId}`, threadOf(record), message);
        return;
      }
      if (!record.thread) return;
      // Only the person who clicked needs to know their click did nothing.
      await client.chat.postEphemeral({
        channel: record.thread.channelId,
        thread_ts: record.thread.ts,
        user: decidedBy,
        ...message,
      });
    },
    async postRunFailed(record, reference, round) {
      const message = renderAcceptRunFailed(record, reference, round);
      return ts(await delivery.postOnce(`accept-failed:${record.id}:${round}`, threadOf(record), message));
    },
  };
}
