// Before an attachment is created in Aiven: the Transit Gateway is checked in the team's account and
// shared with Aiven's AWS account through RAM, once. Real EC2 and RAM clients against moto.
import { CreateResourceShareCommand } from '@aws-sdk/client-ram';
import { makeLogger } from '../../src/logger';
import type { TransitGatewayShare } from '../../src/peering/accept/model';
import { makePrepareTransitGateway } from '../../src/peering/accept/prepare-transit-gateway';
import type { PeeringRecord } from '../../src/peering/model';
import {
  AIVEN,
  accepterAccess,
  createTransitGatewayHub,
  sharesOf,
  useTransitGatewayProxy,
} from '../support/transit-gateway';

const logger = makeLogger({ level: 'silent' });

const proxyOf = useTransitGatewayProxy();

const teamWithTransitGateway = () => createTransitGatewayHub();

const attachment = (
  accountId: string,
  tgwId: string,
  transitGatewayShare?: TransitGatewayShare,
): Pick<PeeringRecord, 'id' | 'spec' | 'transitGatewayShare'> => ({
  id: 'p-tgw-1',
  spec: {
    orgVpcId: 'vpc-org',
    awsAccountId: accountId,
    awsVpcId: tgwId,
    awsRegion: 'eu-west-1',
    extraCidrs: ['10.0.0.0/16'],
  } as PeeringRecord['spec'],
  ...(transitGatewayShare ? { transitGatewayShare } : {}),
});

const prepareWith = (role: 'role' | 'no role' = 'role') =>
  makePrepareTransitGateway({
    access: accepterAccess(proxyOf().url, role),
    aivenAccountId: AIVEN,
    logger,
  });

/** What the create job writes on the record, each with how many shares RAM had been asked to create then. */
function recorder() {
  const written: (TransitGatewayShare & { createsBefore: number })[] = [];
  return {
    written,
    remember: async (share: TransitGatewayShare) => {
      written.push({ ...share, createsBefore: proxyOf().actions('CreateResourceShare').length });
    },
  };
}

describe('preparing a Transit Gateway before Aiven is asked', () => {
  it("shares it with Aiven's account once, writing the intent before RAM is asked; a redelivery creates nothing", async () => {
    const team = await teamWithTransitGateway();
    const prepare = prepareWith();
    const creates = proxyOf().actions('CreateResourceShare').length;
    const first = recorder();
    const outcome = await prepare(attachment(team.accountId, team.tgwId), first.remember);
    expect(outcome).toEqual({ outcome: 'ready', share: { arn: expect.any(String), action: 'created' } });
    const shares = await sharesOf(team.ram);
    expect(shares.map((s) => s.name)).toEqual([`vpc-peer-${team.tgwId}`]);
    expect(shares[0]?.allowExternalPrincipals).toBe(true);
    const arn = shares[0]?.resourceShareArn;
    const share = { transitGatewayId: team.tgwId, principal: AIVEN, action: 'created' } as const;
    // The intent is on the record before the create; the ARN once RAM answered.
    expect(first.written).toEqual([
      { ...share, status: 'intended', createsBefore: creates },
      { ...share, status: 'done', arn, createsBefore: creates + 1 },
    ]);
    const sent = proxyOf().actions('CreateResourceShare').slice(creates);
    expect(sent.map((c) => c.json)).toEqual([
      expect.objectContaining({
        name: `vpc-peer-${team.tgwId}`,
        principals: [AIVEN],
        clientToken: 'vpc-peer-share-p-tgw-1',
      }),
    ]);

    // A redelivery reads the record as written: the share is still the bot's, nothing is written or created.
    const again = recorder();
    const second = await prepare(
      attachment(team.accountId, team.tgwId, { ...share, status: 'done', arn }),
      again.remember,
    );
    expect(second).toEqual({ outcome: 'ready', share: { arn, action: 'created' } });
    expect(again.written).toEqual([]);
    expect(proxyOf().actions('CreateResourceShare')).toHaveLength(creates + 1);
  });

  it('a process killed between the RAM call and the write still knows the share is its own', async () => {
    const team = await teamWithTransitGateway();
    const prepare = prepareWith();
    const killed = recorder();
    const dies = async (share: TransitGatewayShare) => {
      await killed.remember(share);
      if (share.status === 'done') throw new Error('killed before the write');
    };
    await expect(prepare(attachment(team.accountId, team.tgwId), dies)).rejects.toThrow('killed');
    const intent = killed.written[0];
    expect(intent).toMatchObject({ action: 'created', status: 'intended' });
    const { createsBefore: _, ...onRecord } = intent as NonNullable<typeof intent>;

    // The retry finds the bot's share by its name and records it as created by the bot, not "already shared".
    const retry = recorder();
    const outcome = await prepare(attachment(team.accountId, team.tgwId, onRecord), retry.remember);
    const arn = (await sharesOf(team.ram))[0]?.resourceShareArn;
    expect(outcome).toEqual({ outcome: 'ready', share: { arn, action: 'created' } });
    expect(retry.written).toEqual([
      expect.objectContaining({ action: 'created', status: 'done', arn, transitGatewayId: team.tgwId }),
    ]);
    expect(await sharesOf(team.ram)).toHaveLength(1);
  });

  it("finds a share the team made with Aiven's account and creates nothing", async () => {
    const team = await teamWithTransitGateway();
    const made = await team.ram.send(
      new CreateResourceShareCommand({
        name: 'network-hub',
        resourceArns: [team.tgwArn],
        principals: [AIVEN],
        allowExternalPrincipals: true,
      }),
    );
    const outcome = await prepareWith()(attachment(team.accountId, team.tgwId), recorder().remember);
    expect(outcome).toEqual({
      outcome: 'ready',
      share: { arn: made.resourceShare?.resourceShareArn, action: 'already-shared' },
    });
    expect((await sharesOf(team.ram)).map((s) => s.name)).toEqual(['network-hub']);
  });

  it("creates its own share when the team's shares do not include Aiven's account", async () => {
    const team = await teamWithTransitGateway();
    await team.ram.send(
      new CreateResourceShareCommand({
        name: 'internal',
        resourceArns: [team.tgwArn],
        principals: ['123456789012'],
      }),
    );
    const outcome = await prepareWith()(attachment(team.accountId, team.tgwId), recorder().remember);
    expect(outcome).toMatchObject({ outcome: 'ready', share: { action: 'created' } });
    expect((await sharesOf(team.ram)).map((s) => s.name).sort()).toEqual([
      'internal',
      `vpc-peer-${team.tgwId}`,
    ]);
  });

  it('refuses a Transit Gateway of another account (or region): nothing is shared', async () => {
    const other = await teamWithTransitGateway();
    const team = await teamWithTransitGateway();
    const outcome = await prepareWith()(attachment(team.accountId, other.tgwId), recorder().remember);
    expect(outcome).toEqual({
      outcome: 'refused',
      reason: `Transit Gateway ${other.tgwId} does not exist in AWS account ${team.accountId} (eu-west-1).`,
      nextStep: expect.stringContaining('Nothing was created in Aiven.'),
    });
    expect(await sharesOf(team.ram)).toHaveLength(0);
    expect(await sharesOf(other.ram)).toHaveLength(0);
  });

  it('without a role says so, and AWS is not touched', async () => {
    const team = await teamWithTransitGateway();
    const outcome = await prepareWith('no role')(attachment(team.accountId, team.tgwId), recorder().remember);
    expect(outcome).toEqual({
      outcome: 'no-role',
      reason: expect.stringContaining(`vpc-peer has no role in AWS account ${team.accountId}`),
    });
    expect(await sharesOf(team.ram)).toHaveLength(0);
  });
});
