// Before a Transit Gateway attachment is created in Aiven: the Transit Gateway exists in the team's
// account and region, and is shared through RAM with Aiven's AWS account (Aiven can only attach to a
// Transit Gateway it can see). Idempotent: a second run finds the share and creates nothing.
import type { Logger } from '../../logger';
import type { PeeringRecord } from '../model';
import type { PeeringRecordStore } from '../ports';
import type { TransitGatewayShare } from './model';
import type { AwsResourceShare, TransitGatewayAccess } from './transit-gateway-ports';

export type TransitGatewayPreparation =
  | {
      outcome: 'ready';
      /** What RAM needed: nothing (already shared), a new share, or Aiven's account added to the bot's share. */
      share: { arn: string; action: 'already-shared' | 'created' | 'principal-added' };
    }
  | { outcome: 'refused'; reason: string; nextStep: string }
  /** No role in the account (or it was refused): the team shares and accepts by hand. */
  | { outcome: 'no-role'; reason: string };

export type PrepareTransitGateway = (
  record: Pick<PeeringRecord, 'id' | 'spec' | 'transitGatewayShare'>,
  /** Writes what the bot does (or is about to do) with the share on the record: a conditional write. */
  remember: (share: TransitGatewayShare) => Promise<void>,
) => Promise<TransitGatewayPreparation>;

/** The name of the share the bot creates for a Transit Gateway: how it recognises its own. */
export const botShareName = (tgwId: string) => `vpc-peer-${tgwId}`;

const NOTHING_CREATED = 'Nothing was created in Aiven.';

export function makePrepareTransitGateway(deps: {
  access: TransitGatewayAccess;
  /** Aiven's AWS account (AIVEN_AWS_ACCOUNT_ID): the principal the Transit Gateway is shared with. */
  aivenAccountId: string;
  logger: Logger;
  /** The bot's other requests for the Transit Gateway: a share one of them made stays the bot's. */
  store?: Pick<PeeringRecordStore, 'findPeeringsByAwsId'>;
}): PrepareTransitGateway {
  return async (record, remember) => {
    const { id, spec } = record;
    const tgwId = spec.awsVpcId;
    const where = `AWS account ${spec.awsAccountId} (${spec.awsRegion})`;
    const connection = await deps.access.connectTransitGateways({
      accountId: spec.awsAccountId,
      region: spec.awsRegion,
      peeringId: id,
    });
    if (!connection.ok) return { outcome: 'no-role', reason: connection.reason };
    const aws = connection.transitGateways;

    const tgw = await aws.describeTransitGateway(tgwId);
    if (!tgw) {
      return {
        outcome: 'refused',
        reason: `Transit Gateway ${tgwId} does not exist in ${where}.`,
        nextStep: `Check the Transit Gateway id, account and region (VPC console, Transit Gateways), then run \`/vpc-peer\` again. ${NOTHING_CREATED}`,
      };
    }
    // A Transit Gateway shared INTO the team's account is visible there but belongs to another one:
    // only its owner can share it with Aiven and accept the attachment.
    if (tgw.ownerId !== spec.awsAccountId) {
      return {
        outcome: 'refused',
        reason: `Transit Gateway ${tgwId} belongs to AWS account ${tgw.ownerId}, not ${spec.awsAccountId}: only its owner can share it with Aiven and accept the attachment.`,
        nextStep: `Request the attachment with AWS account ${tgw.ownerId}, then run \`/vpc-peer\` again. ${NOTHING_CREATED}`,
      };
    }
    if (tgw.state !== 'available') {
      return {
        outcome: 'refused',
        reason: `Transit Gateway ${tgwId} is \`${tgw.state}\` in AWS, not \`available\`.`,
        nextStep: `Wait until it is available, then run \`/vpc-peer\` again. ${NOTHING_CREATED}`,
      };
    }

    const principal = deps.aivenAccountId;
    const known =
      record.transitGatewayShare?.transitGatewayId === tgwId &&
      record.transitGatewayShare.principal === principal
        ? record.transitGatewayShare
        : undefined;
    const note = async (share: TransitGatewayShare) => {
      if (!sameShare(known, share)) await remember(share);
    };
    const isBots = (share: AwsResourceShare) => share.name === botShareName(tgwId);
    /**
     * The bot made this association for another of its requests: this one records it as the bot's
     * too, so whichever of them is deleted last removes it (delete keeps it while another is open).
     */
    const madeForAnother = async (share: AwsResourceShare) => {
      const others = (await deps.store?.findPeeringsByAwsId(tgwId)) ?? [];
      return others
        .map((other) => (other.id === id ? undefined : other.transitGatewayShare))
        .find(
          (made) =>
            made?.transitGatewayId === tgwId &&
            made.principal === principal &&
            made.action !== 'already-shared' &&
            (made.arn ? made.arn === share.arn : isBots(share)),
        )?.action;
    };
    // The bot's own share first: when it holds Aiven's account, that association is the bot's to remove.
    const shares = (await aws.sharesHolding(tgw.arn)).sort((a, b) => Number(isBots(b)) - Number(isBots(a)));
    for (const share of shares) {
      if (!(await aws.principalsOf(share.arn)).includes(principal)) continue;
      // An earlier run of this request recorded its intent, then stopped before it could say done.
      const ours =
        known && known.action !== 'already-shared' && (known.arn ? known.arn === share.arn : isBots(share));
      const action = ours ? known.action : ((await madeForAnother(share)) ?? 'already-shared');
      await note({ transitGatewayId: tgwId, principal, action, status: 'done', arn: share.arn });
      return { outcome: 'ready', share: { arn: share.arn, action } };
    }
    // The intent is on the record before RAM is called: a process killed in between still knows on
    // delete. The client tokens make a repeated call (a redelivery racing this one) return the same result.
    const own = shares.find(isBots);
    if (own) {
      const share = { transitGatewayId: tgwId, principal, arn: own.arn, action: 'principal-added' } as const;
      await note({ ...share, status: 'intended' });
      await aws.addPrincipal(own.arn, principal, `vpc-peer-add-${id}`);
      await remember({ ...share, status: 'done' });
      deps.logger.info({ peeringId: id, share: own.arn, principal }, "added Aiven's account to the share");
      return { outcome: 'ready', share: { arn: own.arn, action: 'principal-added' } };
    }
    const intent = { transitGatewayId: tgwId, principal, action: 'created' } as const;
    await note({ ...intent, status: 'intended' });
    const arn = await aws.createShare({
      name: botShareName(tgwId),
      resourceArn: tgw.arn,
      principal,
      clientToken: `vpc-peer-share-${id}`,
    });
    await remember({ ...intent, status: 'done', arn });
    deps.logger.info(
      { peeringId: id, share: arn, principal },
      "shared the Transit Gateway with Aiven's account",
    );
    return { outcome: 'ready', share: { arn, action: 'created' } };
  };
}

const sameShare = (a: TransitGatewayShare | undefined, b: TransitGatewayShare) =>
  a !== undefined &&
  a.action === b.action &&
  a.status === b.status &&
  a.arn === b.arn &&
  a.transitGatewayId === b.transitGatewayId &&
  a.principal === b.principal;
