// Without a role in the team's account, the manual steps for a Transit Gateway attachment name every
// id and give AWS CLI commands that can be pasted as they are.
import {
  manualAttachmentCommands,
  manualShareCommands,
  renderManualAttachmentSteps,
} from '../../../src/slack/views/aws-attachment-steps';

const input = {
  awsAccountId: '111122223333',
  awsRegion: 'eu-west-1',
  transitGatewayId: 'tgw-0a1b2c3d4e5f60718',
  aivenAccountId: '675999398324',
  orgVpcCidr: '10.20.0.0/24',
};
const text = (blocks: ReturnType<typeof renderManualAttachmentSteps>) =>
  blocks.map((b) => (b as { text?: { text?: string } }).text?.text ?? '').join('\n');

describe('manual steps for a Transit Gateway attachment', () => {
  it('before the attachment exists: share the Transit Gateway with Aiven (RAM), with every id', () => {
    expect(manualShareCommands(input).split('\n')).toEqual([
      'aws ram create-resource-share --region eu-west-1 --name vpc-peer-tgw-0a1b2c3d4e5f60718 --resource-arns arn:aws:ec2:eu-west-1:111122223333:transit-gateway/tgw-0a1b2c3d4e5f60718 --principals 675999398324 --allow-external-principals',
      "# or, to add Aiven's account to a share that already holds tgw-0a1b2c3d4e5f60718:",
      `aws ram associate-resource-share --region eu-west-1 --resource-share-arn "$(aws ram get-resource-shares --region eu-west-1 --resource-owner SELF --name vpc-peer-tgw-0a1b2c3d4e5f60718 --query 'resourceShares[0].resourceShareArn' --output text)" --principals 675999398324`,
    ]);
    const shown = text(
      renderManualAttachmentSteps({ ...input, reason: 'vpc-peer has no role in AWS account 111122223333.' }),
    );
    expect(shown).toContain('vpc-peer has no role in AWS account 111122223333.');
    expect(shown).toContain(
      "Share Transit Gateway `tgw-0a1b2c3d4e5f60718` with Aiven's AWS account 675999398324",
    );
    expect(shown).not.toContain('accept-transit-gateway-vpc-attachment');
  });

  it('once Aiven asked: accept, Transit Gateway routing and VPC routes in the listed route tables', () => {
    const commands = manualAttachmentCommands({
      ...input,
      attachmentId: 'tgw-attach-0123456789abcdef0',
      routeTableIds: ['rtb-11111111', 'rtb-22222222'],
    }).split('\n');
    expect(commands[0]).toBe(
      'aws ec2 accept-transit-gateway-vpc-attachment --region eu-west-1 --transit-gateway-attachment-id tgw-attach-0123456789abcdef0',
    );
    expect(commands.filter((c) => c.startsWith('aws ec2 create-route '))).toEqual([
      'aws ec2 create-route --region eu-west-1 --route-table-id rtb-11111111 --destination-cidr-block 10.20.0.0/24 --transit-gateway-id tgw-0a1b2c3d4e5f60718',
      'aws ec2 create-route --region eu-west-1 --route-table-id rtb-22222222 --destination-cidr-block 10.20.0.0/24 --transit-gateway-id tgw-0a1b2c3d4e5f60718',
    ]);
    for (const verb of [
      'associate-transit-gateway-route-table',
      'enable-transit-gateway-route-table-propagation',
      'create-transit-gateway-route',
    ]) {
      const line = commands.find((c) => c.startsWith(`aws ec2 ${verb} `));
      expect(line).toContain('--transit-gateway-attachment-id tgw-attach-0123456789abcdef0');
      expect(line).toContain('--transit-gateway-ids tgw-0a1b2c3d4e5f60718');
    }
    expect(commands.find((c) => c.startsWith('aws ec2 create-transit-gateway-route '))).toContain(
      '--destination-cidr-block 10.20.0.0/24',
    );
    const shown = text(
      renderManualAttachmentSteps({
        ...input,
        attachmentId: 'tgw-attach-0123456789abcdef0',
        routeTableIds: ['rtb-11111111'],
      }),
    );
    expect(shown).toContain('Accept the attachment `tgw-attach-0123456789abcdef0`');
    expect(shown).toContain(
      'In route tables `rtb-11111111`, add a route to `10.20.0.0/24` with target `tgw-0a1b2c3d4e5f60718`',
    );
    // No placeholder left for a person to fill in.
    expect(shown).not.toMatch(/<[a-z-]+>|[A-Z]{3,}_[A-Z_]+/);
  });

  it("without ROUTE_TABLES: every route table of the team's own VPCs on the Transit Gateway", () => {
    const commands = manualAttachmentCommands({ ...input, attachmentId: 'tgw-attach-0123456789abcdef0' });
    expect(commands).toContain(
      `--filters Name=transit-gateway-id,Values=tgw-0a1b2c3d4e5f60718 --query "TransitGatewayVpcAttachments[?VpcOwnerId=='111122223333'].VpcId"`,
    );
    expect(commands).toContain(
      'aws ec2 create-route --region eu-west-1 --route-table-id "$rtb" --destination-cidr-block 10.20.0.0/24 --transit-gateway-id tgw-0a1b2c3d4e5f60718',
    );
  });
});
