// Wiring of "Accept in AWS" for the worker: STS/EC2 access, the Slack notifier, the two jobs, the
// PENDING_PEER hook, pre-flight and cleanup. Only worker-side entry points import this (EC2 and STS
// stay out of the Slack HTTP function).
import { type AwsClientSettings, makeAwsAccess } from '../adapters/ec2/access';
import type { AcceptConfig } from '../config';
import type { JobHandler } from '../jobs';
import { makeAcceptPeering } from '../peering/accept/accept-peering';
import { makeRouteCleanup } from '../peering/accept/cleanup';
import { makeAcceptOnPendingPeer } from '../peering/accept/on-pending-peer';
import type { PeeringChangeHook } from '../peering/accept/ports';
import { makeAcceptPreflight, type Preflight } from '../peering/accept/preflight';
import {
  makePrepareTransitGateway,
  type PrepareTransitGateway,
} from '../peering/accept/prepare-transit-gateway';
import { makeApproverDirectory } from '../slack/approvers';
import { makeShowReplaceRequest } from '../slack/jobs/show-replace-request';
import { makeSlackAcceptNotifier } from '../slack/notifiers/accept';
import { makeUserGroupMembers } from '../slack/user-groups';
import type { WorkerParts } from './parts';

export interface AcceptWork {
  handlers: {
    'plan-accept': JobHandler<'plan-accept'>;
    'apply-accept': JobHandler<'apply-accept'>;
    'show-replace-request': JobHandler<'show-replace-request'>;
  };
  /** For the reconcile loop: reacts to PENDING_PEER. */
  acceptOnPendingPeer: PeeringChangeHook;
  /** Whether a role is configured for the account (the PENDING_PEER reply says what comes next). */
  hasRole(accountId: string): boolean;
  /** ROUTE_TABLES for a VPC (or a Transit Gateway), if set (the manual steps name those tables). */
  routeTablesFor(vpcId: string): readonly string[] | undefined;
  /** AIVEN_AWS_ACCOUNT_ID: the manual steps of an attachment share the Transit Gateway with it. */
  aivenAccountId: string;
  /** For the create job: checks the VPC in AWS before Aiven is asked. */
  preflight: Preflight;
  /** For the create job of an attachment: checks the Transit Gateway and shares it with Aiven (RAM). */
  prepareTransitGateway: PrepareTransitGateway;
  /** For "Delete with approval": removes the routes (and an attachment's share association) this bot added. */
  removeBotRoutes: ReturnType<typeof makeRouteCleanup>;
}

export function makeAcceptWork(
  parts: WorkerParts,
  options: {
    config: AcceptConfig;
    /** SDK settings for STS and EC2; absent: the SDK's defaults (AWS_REGION, AWS_ENDPOINT_URL...). */
    aws?: AwsClientSettings | undefined;
    /** AIVEN_AWS_ACCOUNT_ID: the account Transit Gateways are shared with. */
    aivenAwsAccountId: string;
  },
): AcceptWork {
  const { store, slack, clock } = parts;
  const logger = parts.logger.child({ component: 'accept' });
  // Said once at start, so nobody has to guess which account the Transit Gateways go to.
  logger.info(
    { aivenAwsAccountId: options.aivenAwsAccountId },
    "Transit Gateways are shared with Aiven's AWS account",
  );
  const access = makeAwsAccess({
    roles: {
      roles: options.config.roles,
      ...(options.config.roleName ? { roleName: options.config.roleName } : {}),
      ...(options.config.externalId ? { externalId: options.config.externalId } : {}),
      ...(options.config.externalIds ? { externalIds: options.config.externalIds } : {}),
    },
    ...(options.aws ? { client: options.aws } : {}),
    logger,
  });
  const notifier = makeSlackAcceptNotifier({
    client: slack,
    delivery: parts.delivery,
    aivenAccountId: options.aivenAwsAccountId,
  });
  const accept = makeAcceptPeering({
    store,
    access,
    notifier,
    clock,
    logger,
    aivenAccountId: options.aivenAwsAccountId,
    settings: {
      autoAccept: options.config.autoAccept,
      allowRemoteDns: options.config.allowRemoteDns,
      routeTables: options.config.routeTables,
    },
  });
  return {
    handlers: {
      'plan-accept': accept.plan,
      'apply-accept': accept.apply,
      // Replace waiting for approvers (policy file): its message, with who may still approve.
      'show-replace-request': makeShowReplaceRequest({
        store,
        client: slack,
        delivery: parts.delivery,
        logger,
        approvers: makeApproverDirectory(makeUserGroupMembers({ client: slack, clock, logger })),
      }),
    },
    acceptOnPendingPeer: makeAcceptOnPendingPeer({
      access,
      enqueue: (job) => parts.queue.enqueue(job),
      logger,
    }),
    hasRole: (accountId) => access.hasRole(accountId),
    routeTablesFor: (vpcId) => options.config.routeTables[vpcId],
    aivenAccountId: options.aivenAwsAccountId,
    preflight: makeAcceptPreflight({ access }),
    prepareTransitGateway: makePrepareTransitGateway({
      access,
      aivenAccountId: options.aivenAwsAccountId,
      logger,
      store,
    }),
    removeBotRoutes: makeRouteCleanup({ access, store }),
  };
}
