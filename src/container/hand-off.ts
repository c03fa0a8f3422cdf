// Wiring of the Terraform hand-off (the file in the thread, the hand-over) and CIDR edit jobs on the
// worker side.
import type { WebClient } from '@slack/web-api';
import type { Store } from '../adapters/store/roles';
import type { Logger } from '../logger';
import { makeChangePeerCidrs } from '../peering/change-peer-cidrs';
import type { AivenApi, Clock, PeeringNotifier } from '../peering/ports';
import { makeTellHandOver } from '../peering/terraform-hand-over';
import type { MessageDelivery } from '../slack/delivery';
import { makeFileDelivery } from '../slack/file-delivery';
import { makeHandOffNotifiers } from '../slack/notifiers/hand-off';
import { makeShareTerraformFile } from '../slack/notifiers/terraform-file';

export function makeHandOffWork(options: {
  aiven: AivenApi;
  store: Store;
  slack: WebClient;
  delivery: MessageDelivery;
  organizationId: string;
  notifier: Pick<PeeringNotifier, 'updateRoot'>;
  clock: Clock;
  logger: Logger;
}) {
  const notifiers = makeHandOffNotifiers(options.delivery, options.notifier);
  const files = makeFileDelivery({
    client: options.slack,
    store: options.store,
    clock: options.clock,
    logger: options.logger.child({ component: 'file-delivery' }),
  });
  return {
    'share-terraform-file': makeShareTerraformFile({
      store: options.store,
      files,
      delivery: options.delivery,
      organizationId: options.organizationId,
      logger: options.logger.child({ job: 'share-terraform-file' }),
    }),
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
