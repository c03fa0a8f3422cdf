// The listeners' half of the composition root: the Bolt app and what its listeners need. A module of
// its own so the worker and poller bundles, which import index.ts, do not load Bolt at start-up.

import { randomUUID } from 'node:crypto';
import type { Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Store } from '../adapters/store/roles';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Clock, JobQueue } from '../peering/ports';
import { type ApprovalRules, approvalRulesFromSettings } from '../peering/quorum';
import { type Guardrails, makeGuardrails } from '../policy/guardrails';
import { ackPathClientOptions, buildSlackApp } from '../slack/app';
import { makeApproverDirectory } from '../slack/approvers';
import type { ListenerDeps } from '../slack/listeners';
import { makePolicy, type UserGroupMembers } from '../slack/policy';
import { makeUserGroupMembers } from '../slack/user-groups';
import { systemClock } from './clock';

/** What the Slack listeners need: no Aiven client, so the HTTP function never carries one. */
export function makeListenerDeps(options: {
  config: Pick<Config, 'requesters'> &
    Partial<
      Pick<Config, 'approvers' | 'allowedChannels' | 'approvalTtlMinutes' | 'approvalsRequired' | 'policy'>
    >;
  organizationId: string;
  store: Store;
  queue: JobQueue;
  logger: Logger;
  clock?: Clock;
  /** Expands approver user groups (S...); without it only approvers named by user id count. */
  userGroupMembers?: UserGroupMembers;
}): ListenerDeps {
  const { config } = options;
  const guardrails = config.policy ? makeGuardrails(config.policy, options.userGroupMembers) : undefined;
  return {
    store: options.store,
    queue: options.queue,
    logger: options.logger,
    clock: options.clock ?? systemClock,
    policy: makePolicy({
      requesters: config.requesters,
      approvers: config.approvers ?? [],
      allowedChannels: config.allowedChannels ?? [],
      ...(options.userGroupMembers ? { userGroupMembers: options.userGroupMembers } : {}),
    }),
    ...(guardrails ? { guardrails } : {}),
    organizationId: options.organizationId,
    newId: randomUUID,
    approvalTtlMinutes: config.approvalTtlMinutes ?? 60,
    approvalRules: withPolicyRules(
      approvalRulesFromSettings({
        approvers: config.approvers ?? [],
        approvalsRequired: config.approvalsRequired ?? 1,
      }),
      guardrails,
    ),
    approvers: makeApproverDirectory(options.userGroupMembers),
  };
}

/** The policy file's approvals (per org VPC) where it has any; the settings' one rule otherwise. */
function withPolicyRules(settings: ApprovalRules, guardrails: Guardrails | undefined): ApprovalRules {
  if (!guardrails) return settings;
  return {
    approvalRuleFor: (orgVpcName) =>
      guardrails.approvalRuleFor(orgVpcName) ?? settings.approvalRuleFor(orgVpcName),
  };
}

/** Approver groups are read on the ack path: 1 s per call at most, no retries, cached for minutes. */
function makeAckPathUserGroups(slack: { botToken: string; apiUrl: string }, logger: Logger, clock?: Clock) {
  const client = new WebClient(slack.botToken, {
    ...ackPathClientOptions(slack.apiUrl, logger),
    timeout: 1000,
  });
  return makeUserGroupMembers({ client, clock: clock ?? systemClock, logger });
}

/** The Bolt app with every listener, on whichever receiver the entry point brings. */
export function makeSlackApp(options: {
  receiver: Receiver;
  slack: { botToken: string; apiUrl: string };
  listeners: Parameters<typeof makeListenerDeps>[0];
}) {
  return buildSlackApp({
    receiver: options.receiver,
    botToken: options.slack.botToken,
    apiUrl: options.slack.apiUrl,
    logger: options.listeners.logger,
    listeners: makeListenerDeps({
      userGroupMembers: makeAckPathUserGroups(
        options.slack,
        options.listeners.logger,
        options.listeners.clock,
      ),
      ...options.listeners,
    }),
  });
}
