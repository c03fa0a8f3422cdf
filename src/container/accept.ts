// Wiring of "Accept in AWS" for the worker: STS/EC2 access, the Slack notifier, the two jobs, the
// PENDING_PEER hook, pre-flight and cleanup. Only worker-side entry points import this (EC2 and STS
// stay out of the Slack HTTP function).

import type { WebClient } from '@slack/web-api';
import { type AwsClientSettings, makeAwsAccess } from '../adapters/ec2/access';
import type { Store } from '../adapters/store/roles';
import type { AcceptConfig } from '../config';
import type { JobHandler } from '../jobs';
import type { Logger } from '../logger';
import { makeAcceptPeering } from '../peering/accept/accept-peering';
import { makeRouteCleanup } from '../peering/accept/cleanup';
import { makeAcceptOnPendingPeer } from '../peering/accept/on-pending-peer';
import type { PeeringChangeHook } from '../peering/accept/ports';
import { makeAcceptPreflight, type Preflight } from '../peering/accept/preflight';
import type { Clock, Job } from '../peering/ports';
import { makeMessageDelivery } from '../slack/delivery';
import { makeSlackAcceptNotifier } from '../slack/notifiers/accept';

export interface AcceptWork {
  handlers: { 'plan-accept': JobHandler<'plan-accept'>; 'apply-accept': JobHandler<'apply-accept'> };
  /** For the reconcile loop: reacts to PENDING_PEER. */
  acceptOnPendingPeer: PeeringChangeHook;
  /** Whether a role is configured for the account (the PENDING_PEER reply says what comes next). */
  hasRole(accountId: string): boolean;
  /** ROUTE_TABLES for a VPC, if set (the manual steps name those tables). */
  routeTablesFor(vpcId: string): readonly string[] | undefined;
  /** For the create job: checks the VPC in AWS before Aiven is asked. */
  preflight: Preflight;
  /** For "Delete with approval": removes the routes this bot added. */
  removeBotRoutes: ReturnType<typeof makeRouteCleanup>;
}

export function makeAcceptWork(options: {
  config: AcceptConfig;
  store: Store;
  slack: WebClient;
  logger: Logger;
  clock: Clock;
  /** Late-bound: the queue is built after the job runner that it feeds. */
  enqueue(job: Job): Promise<void>;
  /** SDK settings for STS and EC2; absent: the SDK's defaults (AWS_REGION, AWS_ENDPOINT_URL...). */
  aws?: AwsClientSettings;
}): AcceptWork {
  const logger = options.logger.child({ component: 'accept' });
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
  const delivery = makeMessageDelivery({
    client: options.slack,
    store: options.store,
    clock: options.clock,
    logger,
  });
  const notifier = makeSlackAcceptNotifier({ client: options.slack, delivery });
  const accept = makeAcceptPeering({
    store: options.store,
    access,
    notifier,
    clock: options.clock,
    logger,
    settings: {
      autoAccept: options.config.autoAccept,
      allowRemoteDns: options.config.allowRemoteDns,
      routeTables: options.config.routeTables,
    },
  });
  return {
    handlers: { 'plan-accept': accept.plan, 'apply-accept': accept.apply },
    acceptOnPendingPeer: makeAcceptOnPendingPeer({ access, enqueue: options.enqueue, logger }),
    hasRole: (accountId) => access.hasRole(accountId),
    routeTablesFor: (vpcId) => options.config.routeTables[vpcId],
    preflight: makeAcceptPreflight({ access }),
    removeBotRoutes: makeRouteCleanup({ access }),
  };
}
