// The sandbox's Aiven account attaches to a team's Transit Gateway on moto only once the bot (or the
// team) shared it with Aiven's account through RAM; it reports the attachment's state and deletes it.
import { DescribeTransitGatewayAttachmentsCommand } from '@aws-sdk/client-ec2';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { makeLogger } from '../../src/logger';
import { makePrepareTransitGateway } from '../../src/peering/accept/prepare-transit-gateway';
import type { PeeringRecord } from '../../src/peering/model';
import { makeSandboxAivenAccount, SANDBOX_AIVEN_ACCOUNT_ID } from '../../src/sandbox/aiven-account';
import { seedTeamAccount } from '../../src/sandbox/team-account';
import { awsClientConfig } from '../support/aws';
import { ec2ForAccount, newAccountId } from '../support/aws-accounts';

const logger = makeLogger({ level: 'silent' });

describe("the sandbox's Aiven account and a team's Transit Gateway", () => {
  it('attaches only after the share, reports the state, and deletes the attachment', async () => {
    const client = awsClientConfig();
    const team = await seedTeamAccount({ client, accountId: newAccountId() });
    const aiven = makeSandboxAivenAccount({ client });
    const request = {
      orgVpcId: 'org-vpc-1',
      orgVpcCidr: '10.20.0.0/24',
      orgVpcRegion: team.region,
      peerAccountId: team.accountId,
      transitGatewayId: team.transitGatewayId,
    };
    await expect(aiven.requestTransitGatewayAttachment(request)).rejects.toThrow(
      `Transit Gateway ${team.transitGatewayId} is not shared with AWS account ${SANDBOX_AIVEN_ACCOUNT_ID}`,
    );

    const prepare = makePrepareTransitGateway({
      access: makeAwsAccess({ roles: { roleName: 'vpc-peer-accepter', roles: {} }, client, logger }),
      aivenAccountId: SANDBOX_AIVEN_ACCOUNT_ID,
      logger,
    });
    const spec = {
      orgVpcId: 'org-vpc-1',
      awsAccountId: team.accountId,
      awsVpcId: team.transitGatewayId,
      awsRegion: team.region,
      extraCidrs: [team.cidr],
    } as PeeringRecord['spec'];
    expect(await prepare({ id: 'p-1', spec }, async () => undefined)).toMatchObject({
      outcome: 'ready',
      share: { action: 'created' },
    });

    const attachmentId = await aiven.requestTransitGatewayAttachment(request);
    expect(attachmentId).toMatch(/^tgw-attach-/);
    // moto makes an attachment available at once (it has no accept): the state is moto's own.
    expect(await aiven.attachmentStatus(attachmentId, team.region)).toBe('available');
    const ec2 = await ec2ForAccount(team.accountId);
    const seen = await ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] }),
    );
    expect(seen.TransitGatewayAttachments?.[0]?.TransitGatewayId).toBe(team.transitGatewayId);

    await aiven.deleteAttachment(attachmentId, team.region);
    expect(await aiven.attachmentStatus(attachmentId, team.region)).toBeUndefined();
    ec2.destroy();
  });
});
