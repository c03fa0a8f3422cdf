// Wiring of the Terraform hand-over and CIDR edit jobs on the worker side.
import type { Store } from '../adapters/store/roles';
import type { Logger } from '../logger';
import { makeChangePeerCidrs } from '../peering/change-peer-cidrs';
import type { AivenApi, Clock, PeeringNotifier } from '../peering/ports';
import { makeTellHandOver } from '../peering/terraform-hand-over';
import type { MessageDelivery } from '../slack/delivery';
import { makeHandOffNotifiers } from '../slack/notifiers/hand-off';

export function makeHandOffWork(options: {
  aiven: AivenApi;
  store: Store;
  delivery: MessageDelivery;
  notifier: Pick<PeeringNotifier, 'updateRoot'>;
  clock: Clock;
  logger: Logger;
}) {
  const notifiers = makeHandOffNotifiers(options.delivery, options.notifier);
  return {
    'tell-hand-over': makeTellHandOver({
      store: options.store,
      logger: options.logger.child({ job: 'tell-hand-over' }),
      tellThread: notifiers.tellHandOver,
      updateRoot: notifiers.updateRoot,
    }),
    'change-peer-cidrs': makeChangePeerCidrs({
      aiven: options.aiven,
      store: options.store,
      clock: options.clock,
      logger: options.logger.child({ job: 'change-peer-cidrs' }),
      notifier: notifiers.cidrs,
    }),
  };
}
