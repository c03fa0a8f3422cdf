// The attachment half of the accept jobs (accept-peering.ts): a Transit Gateway attachment is planned
// and run with attachment-plan.ts and run-attachment.ts; the decision between the two (the click, its
// compare-and-set, Retry) is the same as a peering's (apply-accept.ts). The accept record keeps the
// tgw-attach- where a peering keeps its pcx-, and the whole plan in `attachment`.
import type { Logger } from '../../logger';
import type { PeeringRecord } from '../model';
import type { PeeringRecordStore } from '../ports';
import { updateAccept, withoutRoute, withRoute } from './accept-record';
import { planAttachment } from './attachment-plan';
import { namedAttachmentId, plannedFor } from './attachment-request';
import { mayAcceptIn } from './deletion-guard';
import type { AcceptOutcome } from './model';
import type { AcceptNotifier, AwsAccess, AwsNetwork } from './ports';
import { emptyOutcome } from './run-accept';
import { runAttachmentAccept } from './run-attachment';
import type { AwsTransitGateways, TransitGatewayAccess } from './transit-gateway-ports';

export interface AttachmentAcceptDeps {
  store: PeeringRecordStore;
  access: AwsAccess & TransitGatewayAccess;
  notifier: AcceptNotifier;
  /** AIVEN_AWS_ACCOUNT_ID: an attachment from it is Aiven's. */
  aivenAccountId: string;
  routeTablesFor(vpcId: string): string[] | undefined;
}

type Connected =
  | { ok: true; transitGateways: AwsTransitGateways; network: AwsNetwork }
  | { ok: false; reason: string };

export function makeAttachmentAccept(deps: AttachmentAcceptDeps) {
  const { store, access, notifier } = deps;

  async function connect(record: PeeringRecord): Promise<Connected> {
    const target = {
      accountId: record.spec.awsAccountId,
      region: record.spec.awsRegion,
      peeringId: record.id,
    };
    const tg = await access.connectTransitGateways(target);
    if (!tg.ok) return tg;
    const net = await access.connect(target);
    return net.ok ? { ok: true, transitGateways: tg.transitGateways, network: net.network } : net;
  }

  const readPlan = (record: PeeringRecord, aws: Extract<Connected, { ok: true }>, attachmentId?: string) =>
    planAttachment({
      record,
      ...aws,
      aivenAccountId: deps.aivenAccountId,
      attachmentId,
      routeTablesFor: deps.routeTablesFor,
    });

  /** Reads the attachment and stores its plan; false when it posted why not instead. */
  async function makePlan(record: PeeringRecord, key: string, log: Logger): Promise<boolean> {
    const aws = await connect(record);
    if (!aws.ok) {
      await notifier.postManualSteps(record, key, aws.reason, deps.routeTablesFor(record.spec.awsVpcId));
      return false;
    }
    const planned = await readPlan(record, aws, namedAttachmentId(record));
    if (!planned.ok) {
      log.warn({ problems: planned.problems }, 'attachment refused; nothing changed');
      await notifier.postRefused(record, key, planned.problems);
      return false;
    }
    const { plan } = planned;
    await updateAccept(store, record.id, (_r, accept) =>
      plannedFor(accept, key)
        ? undefined
        : {
            pcxId: plan.attachmentId,
            ...(key === plan.attachmentId ? {} : { planKey: key }),
            attachment: plan,
            status: 'planned',
            round: 0,
            plan: plan.vpcRoutes,
            routes: accept?.routes ?? [],
          },
    );
    return true;
  }

  /**
   * One run for the decided record: re-read from AWS as it is now (a resumed run skips what is done),
   * then accept and route. Every route is noted before it is made, as for a peering.
   */
  async function run(record: PeeringRecord): Promise<AcceptOutcome> {
    const accept = record.accept;
    if (!accept) return { ...emptyOutcome(), stopped: 'There is no plan to carry out.' };
    const aws = await connect(record);
    if (!aws.ok) {
      await notifier.postManualSteps(
        record,
        accept.pcxId,
        aws.reason,
        deps.routeTablesFor(record.spec.awsVpcId),
      );
      return { ...emptyOutcome(), stopped: aws.reason };
    }
    const planned = await readPlan(record, aws, accept.pcxId);
    if (!planned.ok) return { ...emptyOutcome(), stopped: planned.problems.join(' ') };
    return runAttachmentAccept(
      {
        ...aws,
        noted: accept.routes,
        note: async (route) =>
          (await updateAccept(store, record.id, (current, a) =>
            a && mayAcceptIn(current) ? withRoute(a, route) : undefined,
          )) !== undefined,
        forget: async (route) => {
          await updateAccept(store, record.id, (_r, a) => a && withoutRoute(a, route));
        },
      },
      planned.plan,
    );
  }

  return { makePlan, run };
}
