// The playground's front to moto stands in for what moto lacks for Aiven's Transit Gateway
// attachment: it waits in `pendingAcceptance` from Aiven's account until the Transit Gateway's account
// accepts it, once, with EC2's answers; every other attachment and call is moto's own.
import {
  AcceptTransitGatewayVpcAttachmentCommand,
  DescribeTransitGatewayAttachmentsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { type PlaygroundAws, startPlaygroundAws } from '../../src/container/playground-aws';
import { makeSandboxAivenAccount, SANDBOX_AIVEN_ACCOUNT_ID } from '../../src/sandbox/aiven-account';
import { awsClientConfig } from '../support/aws';
import { ec2ForAccount, newAccountId } from '../support/aws-accounts';
import { shareWithAiven } from '../support/team-share';

async function attachments(ec2: EC2Client, tgwId: string) {
  const out = await ec2.send(
    new DescribeTransitGatewayAttachmentsCommand({
      Filters: [{ Name: 'transit-gateway-id', Values: [tgwId] }],
    }),
  );
  return (out.TransitGatewayAttachments ?? [])
    .map((a) => ({ id: a.TransitGatewayAttachmentId, owner: a.ResourceOwnerId, state: a.State }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { name?: string }) => error.name,
  );

describe("the playground's front to moto", () => {
  let aws: PlaygroundAws;
  beforeAll(async () => {
    const started = await startPlaygroundAws({
      endpoint: awsClientConfig().endpoint,
      accountId: newAccountId(),
    });
    if ('unavailable' in started) throw new Error(started.unavailable);
    aws = started;
  });
  afterAll(async () => {
    await aws?.stop();
  });

  it("keeps Aiven's attachment waiting for acceptance until the team's account accepts it, once", async () => {
    const { team, client } = aws;
    expect(await shareWithAiven(client, team)).toMatchObject({ outcome: 'ready' });
    const aiven = makeSandboxAivenAccount({ client });
    const attachmentId = await aiven.requestTransitGatewayAttachment({
      orgVpcId: 'org-vpc-1',
      orgVpcCidr: '10.20.0.0/24',
      orgVpcRegion: team.region,
      peerAccountId: team.accountId,
      transitGatewayId: team.transitGatewayId,
    });

    const teamEc2 = await ec2ForAccount(team.accountId, client.endpoint);
    const otherEc2 = await ec2ForAccount(newAccountId(), client.endpoint);
    try {
      // Aiven's attachment waits, from Aiven's account; the team's own VPC attachment is moto's.
      const before = await attachments(teamEc2, team.transitGatewayId);
      expect(before).toContainEqual({
        id: attachmentId,
        owner: SANDBOX_AIVEN_ACCOUNT_ID,
        state: 'pendingAcceptance',
      });
      const own = before.find((a) => a.id !== attachmentId);
      expect(own).toMatchObject({ owner: team.accountId, state: 'available' });
      expect(await aiven.attachmentStatus(attachmentId, team.region)).toBe('pendingAcceptance');

      // Another account does not see it; the team's account accepts it once, as EC2 answers.
      const accept = (ec2: EC2Client, id: string) =>
        ec2.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: id }));
      await expect(refusal(accept(otherEc2, attachmentId))).resolves.toBe(
        'InvalidTransitGatewayAttachmentID.NotFound',
      );
      const accepted = await accept(teamEc2, attachmentId);
      expect(accepted.TransitGatewayVpcAttachment).toMatchObject({
        TransitGatewayAttachmentId: attachmentId,
        TransitGatewayId: team.transitGatewayId,
        VpcOwnerId: SANDBOX_AIVEN_ACCOUNT_ID,
        State: 'pending',
      });
      await expect(refusal(accept(teamEc2, attachmentId))).resolves.toBe('IncorrectState');
      await expect(refusal(accept(teamEc2, own?.id as string))).resolves.toBe('IncorrectState');

      // Accepted: available for both sides, so the sandbox's Aiven moves to ACTIVE.
      expect(await attachments(teamEc2, team.transitGatewayId)).toContainEqual({
        id: attachmentId,
        owner: SANDBOX_AIVEN_ACCOUNT_ID,
        state: 'available',
      });
      expect(await aiven.attachmentStatus(attachmentId, team.region)).toBe('available');
    } finally {
      teamEc2.destroy();
      otherEc2.destroy();
    }
  });
});
