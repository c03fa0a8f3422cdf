// Before an attachment is created in Aiven: the Transit Gateway is checked in the team's account and
// shared with Aiven's AWS account through RAM, once. Real EC2 and RAM clients against moto.
import { CreateTransitGatewayCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { CreateResourceShareCommand, GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { AIVEN_DOCUMENTED_AWS_ACCOUNT_ID } from '../../src/config';
import { makeLogger } from '../../src/logger';
import { makePrepareTransitGateway } from '../../src/peering/accept/prepare-transit-gateway';
import type { PeeringRecord } from '../../src/peering/model';
import { awsClientConfig } from '../support/aws';
import { ec2ForAccount, newAccountId } from '../support/aws-accounts';

const logger = makeLogger({ level: 'silent' });
const AIVEN = AIVEN_DOCUMENTED_AWS_ACCOUNT_ID;

async function ramForAccount(accountId: string): Promise<RAMClient> {
  const base = awsClientConfig();
  const sts = new STSClient(base);
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/test-admin`, RoleSessionName: 'test' }),
  );
  sts.destroy();
  const c = out.Credentials;
  return new RAMClient({
    ...base,
    credentials: {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    },
  });
}

async function teamWithTransitGateway() {
  const accountId = newAccountId();
  const ec2: EC2Client = await ec2ForAccount(accountId);
  const tgw = (await ec2.send(new CreateTransitGatewayCommand({ Description: 'hub' }))).TransitGateway;
  const ram = await ramForAccount(accountId);
  return {
    accountId,
    ec2,
    ram,
    tgwId: tgw?.TransitGatewayId as string,
    tgwArn: tgw?.TransitGatewayArn as string,
  };
}

const attachment = (accountId: string, tgwId: string): Pick<PeeringRecord, 'id' | 'spec'> => ({
  id: 'p-tgw-1',
  spec: {
    orgVpcId: 'vpc-org',
    awsAccountId: accountId,
    awsVpcId: tgwId,
    awsRegion: 'eu-west-1',
    extraCidrs: ['10.0.0.0/16'],
  } as PeeringRecord['spec'],
});

const prepareWith = (roleName?: string) =>
  makePrepareTransitGateway({
    access: makeAwsAccess({
      roles: { roles: {}, ...(roleName ? { roleName } : {}) },
      client: awsClientConfig(),
      logger,
    }),
    aivenAccountId: AIVEN,
    logger,
  });

const sharesOf = async (ram: RAMClient) =>
  (await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))).resourceShares ?? [];

describe('preparing a Transit Gateway before Aiven is asked', () => {
  it("shares it with Aiven's account once; a second run (redelivery) creates nothing", async () => {
    const team = await teamWithTransitGateway();
    const prepare = prepareWith('vpc-peer-accepter');
    const first = await prepare(attachment(team.accountId, team.tgwId));
    expect(first).toEqual({ outcome: 'ready', share: { arn: expect.any(String), action: 'created' } });
    const shares = await sharesOf(team.ram);
    expect(shares.map((s) => s.name)).toEqual([`vpc-peer-${team.tgwId}`]);
    expect(shares[0]?.allowExternalPrincipals).toBe(true);

    const second = await prepare(attachment(team.accountId, team.tgwId));
    expect(second).toEqual({
      outcome: 'ready',
      share: { arn: shares[0]?.resourceShareArn, action: 'already-shared' },
    });
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
    const outcome = await prepareWith('vpc-peer-accepter')(attachment(team.accountId, team.tgwId));
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
    const outcome = await prepareWith('vpc-peer-accepter')(attachment(team.accountId, team.tgwId));
    expect(outcome).toMatchObject({ outcome: 'ready', share: { action: 'created' } });
    expect((await sharesOf(team.ram)).map((s) => s.name).sort()).toEqual([
      'internal',
      `vpc-peer-${team.tgwId}`,
    ]);
  });

  it('refuses a Transit Gateway of another account (or region): nothing is shared', async () => {
    const other = await teamWithTransitGateway();
    const team = await teamWithTransitGateway();
    const outcome = await prepareWith('vpc-peer-accepter')(attachment(team.accountId, other.tgwId));
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
    const outcome = await prepareWith()(attachment(team.accountId, team.tgwId));
    expect(outcome).toEqual({
      outcome: 'no-role',
      reason: expect.stringContaining(`vpc-peer has no role in AWS account ${team.accountId}`),
    });
    expect(await sharesOf(team.ram)).toHaveLength(0);
  });
});
