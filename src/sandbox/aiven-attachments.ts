// The sandbox's Aiven attaching its VPC for an org VPC to a team's Transit Gateway on moto, as Aiven
// does for an `aws-tgw-vpc-attachment`: only once the team shared the Transit Gateway with Aiven's
// account through RAM. Local use only (npm start, tests).
//
// moto keeps accounts apart for Transit Gateways and has no cross-account RAM view: Aiven's account
// can neither see the share nor attach to another account's Transit Gateway there. So the sandbox
// reads the share in the team's account, and attaches a stand-in VPC (the org VPC's CIDR, tagged as
// Aiven's) that lives in the team's account. moto also makes the attachment `available` at once (it
// has no AcceptTransitGatewayVpcAttachment): the state reported is moto's, unless the playground's
// front (moto-front.ts), which knows the attachment by its ATTACHED_FROM_TAG, stands in for AWS:
// then it waits in `pendingAcceptance` until the team accepts it.
import {
  CreateSubnetCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { GetResourceShareAssociationsCommand, RAMClient } from '@aws-sdk/client-ram';
import type { AwsClientSettings } from '../adapters/ec2/access';
import type { SandboxAwsSide } from './aiven/aws-follow';
import { settingsInMotoAccount } from './moto-credentials';
import { ATTACHED_FROM_TAG } from './moto-front';

type Client = AwsClientSettings & { endpoint: string };
type AttachmentSide = Pick<
  SandboxAwsSide,
  'requestTransitGatewayAttachment' | 'attachmentStatus' | 'deleteAttachment'
>;

async function ramInMotoAccount(client: Client, accountId: string, region: string): Promise<RAMClient> {
  return new RAMClient(await settingsInMotoAccount({ client, accountId, region, roleName: 'aiven-sandbox' }));
}

/** Whether some share of the Transit Gateway's owner holds it with `principal` (Aiven's account). */
async function isSharedWith(ram: RAMClient, resourceArn: string, principal: string): Promise<boolean> {
  const held = await ram.send(
    new GetResourceShareAssociationsCommand({ associationType: 'RESOURCE', resourceArn }),
  );
  for (const share of held.resourceShareAssociations ?? []) {
    if (share.status !== 'ASSOCIATED' || !share.resourceShareArn) continue;
    const principals = await ram.send(
      new GetResourceShareAssociationsCommand({
        associationType: 'PRINCIPAL',
        resourceShareArns: [share.resourceShareArn],
      }),
    );
    if (
      (principals.resourceShareAssociations ?? []).some(
        (p) => p.associatedEntity === principal && p.status === 'ASSOCIATED',
      )
    )
      return true;
  }
  return false;
}

export function makeSandboxAttachments(options: {
  client: Client;
  aivenAccountId: string;
  /** EC2 acting in an account on moto (AssumeRole). */
  ec2In(accountId: string, region: string): Promise<EC2Client>;
}): AttachmentSide {
  /** Attachment id -> the EC2 client of the account it lives in (see the note above). */
  const owners = new Map<string, EC2Client>();

  return {
    async requestTransitGatewayAttachment(input) {
      const { client, aivenAccountId } = options;
      const region = input.orgVpcRegion;
      const team = await options.ec2In(input.peerAccountId, region);
      const tgw = (
        await team.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [input.transitGatewayId] }))
      ).TransitGateways?.find((t) => t.TransitGatewayId === input.transitGatewayId);
      if (!tgw?.TransitGatewayArn)
        throw new Error(
          `Transit Gateway ${input.transitGatewayId} does not exist in account ${input.peerAccountId}`,
        );
      const ram = await ramInMotoAccount(client, input.peerAccountId, region);
      try {
        if (!(await isSharedWith(ram, tgw.TransitGatewayArn, aivenAccountId)))
          throw new Error(
            `Transit Gateway ${input.transitGatewayId} is not shared with AWS account ${aivenAccountId}`,
          );
      } finally {
        ram.destroy();
      }
      const vpcId = (
        await team.send(
          new CreateVpcCommand({
            CidrBlock: input.orgVpcCidr,
            TagSpecifications: [
              { ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: `aiven-sandbox ${input.orgVpcId}` }] },
            ],
          }),
        )
      ).Vpc?.VpcId as string;
      const subnetId = (
        await team.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: input.orgVpcCidr }))
      ).Subnet?.SubnetId as string;
      const out = await team.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: input.transitGatewayId,
          VpcId: vpcId,
          SubnetIds: [subnetId],
          TagSpecifications: [
            {
              ResourceType: 'transit-gateway-attachment',
              Tags: [{ Key: ATTACHED_FROM_TAG, Value: aivenAccountId }],
            },
          ],
        }),
      );
      const id = out.TransitGatewayVpcAttachment?.TransitGatewayAttachmentId;
      if (!id) throw new Error('AWS returned no Transit Gateway attachment id');
      owners.set(id, team);
      return id;
    },
    async attachmentStatus(attachmentId) {
      const ec2 = owners.get(attachmentId);
      if (!ec2) return undefined;
      const out = await ec2.send(
        new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] }),
      );
      const state = out.TransitGatewayAttachments?.find(
        (a) => a.TransitGatewayAttachmentId === attachmentId,
      )?.State;
      return state === 'deleted' ? undefined : state;
    },
    async deleteAttachment(attachmentId) {
      const ec2 = owners.get(attachmentId);
      if (!ec2) return;
      try {
        await ec2.send(
          new DeleteTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId }),
        );
      } catch (error) {
        if (!/notfound/i.test((error as { name?: string }).name ?? '')) throw error;
      }
    },
  };
}
