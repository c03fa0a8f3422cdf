// One run of "accept the attachment and add routes" for a Transit Gateway attachment: accept Aiven's
// attachment if it still waits, then the VPC-side routes via the tgw-, then the static route on the
// Transit Gateway when its propagation is off. Every route is noted as the bot's BEFORE the AWS call
// (`note`), like the peering's run, so a crash leaves nothing the cleanup does not know about; a
// resumed run re-plans from AWS and skips what is there.

import type { AttachmentPlan } from './attachment-plan';
import type { AcceptOutcome, BotRoute, RouteStep } from './model';
import { type AwsNetwork, AwsRefusal } from './ports';
import { emptyOutcome } from './run-accept';
import type { AwsTransitGateways } from './transit-gateway-ports';

export interface AttachmentRunDeps {
  transitGateways: AwsTransitGateways;
  network: AwsNetwork;
  /** Notes a route as the bot's before it is made; false: stop (the attachment is being deleted). */
  note(route: BotRoute): Promise<boolean>;
  /** Forgets a noted route AWS refused to make. */
  forget(route: BotRoute): Promise<void>;
  /** Routes noted by earlier runs: a static Transit Gateway route among them is not made twice. */
  noted: readonly BotRoute[];
}

const awsWords = (error: AwsRefusal) => `AWS refused it (${error.code}): ${error.message}`;

/** A static route on the Transit Gateway is noted with its tgw-rtb- table and the attachment as target. */
export const isTransitGatewayRoute = (route: Pick<BotRoute, 'routeTableId'>) =>
  route.routeTableId.startsWith('tgw-rtb-');

export async function runAttachmentAccept(
  deps: AttachmentRunDeps,
  plan: AttachmentPlan,
): Promise<AcceptOutcome> {
  const outcome = emptyOutcome();
  const { transitGateways } = deps;
  if (plan.acceptNeeded) {
    try {
      await transitGateways.acceptAttachment(plan.attachmentId);
      outcome.accepted = 'now';
    } catch (error) {
      if (!(error instanceof AwsRefusal)) throw error;
      // A duplicate run of the same decision may have accepted it a moment ago.
      const now = (await transitGateways.vpcAttachmentsOf(plan.transitGatewayId)).find(
        (a) => a.id === plan.attachmentId,
      );
      if (now?.state !== 'available' && now?.state !== 'pending')
        return { ...outcome, stopped: `Accepting ${plan.attachmentId}: ${awsWords(error)}` };
    }
  }
  for (const step of plan.vpcRoutes.steps) {
    if (outcome.stopped) break;
    await vpcStep(deps, plan, step, outcome);
  }
  const routing = plan.transitGatewayRouting;
  if (routing.kind === 'static-route' && !outcome.stopped) {
    const route: BotRoute = {
      routeTableId: routing.routeTableId,
      destination: routing.destination,
      target: plan.attachmentId,
    };
    const step: RouteStep = { kind: 'add', routeTableId: route.routeTableId, destination: route.destination };
    if (
      deps.noted.some((r) => r.routeTableId === route.routeTableId && r.destination === route.destination)
    ) {
      outcome.present.push({ ...step, kind: 'present' });
    } else if (!(await deps.note(route))) {
      outcome.stopped = 'The attachment is being deleted or has ended: vpc-peer added no more routes.';
    } else {
      try {
        await transitGateways.createTransitGatewayRoute(route.routeTableId, route.destination, route.target);
        outcome.added.push(route);
      } catch (error) {
        if (!(error instanceof AwsRefusal)) throw error;
        await deps.forget(route);
        outcome.failed.push({ step, problem: awsWords(error) });
      }
    }
  }
  return outcome;
}

async function vpcStep(
  deps: AttachmentRunDeps,
  plan: AttachmentPlan,
  step: RouteStep,
  outcome: AcceptOutcome,
): Promise<void> {
  if (step.kind === 'present') {
    outcome.present.push(step);
    return;
  }
  // Another target already: reported, never replaced for an attachment (Replace is for peerings).
  if (step.kind === 'conflict') {
    outcome.conflicts.push(step);
    return;
  }
  const route: BotRoute = {
    routeTableId: step.routeTableId,
    destination: step.destination,
    target: plan.transitGatewayId,
  };
  if (!(await deps.note(route))) {
    outcome.stopped = 'The attachment is being deleted or has ended: vpc-peer added no more routes.';
    return;
  }
  try {
    await deps.network.createRoute(step.routeTableId, step.destination, plan.transitGatewayId);
    outcome.added.push(route);
  } catch (error) {
    if (!(error instanceof AwsRefusal)) throw error;
    if (error.is('RouteAlreadyExists')) {
      // A duplicate run made it a moment ago: it is there (its target is checked by the next plan).
      outcome.present.push({
        kind: 'present',
        routeTableId: step.routeTableId,
        destination: step.destination,
      });
      return;
    }
    await deps.forget(route);
    outcome.failed.push({ step, problem: awsWords(error) });
  }
}
