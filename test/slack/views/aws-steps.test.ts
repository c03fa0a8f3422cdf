import { awsPeeringConsoleUrl, renderManualAcceptSteps } from '../../../src/slack/views/aws-steps';

const input = {
  pcxId: 'pcx-0a1b2c3d4e5f67890',
  awsAccountId: '210987654321',
  awsRegion: 'eu-central-1',
  awsVpcId: 'vpc-0123456789abcdef0',
  destinations: ['10.20.0.0/24'],
};

const textOf = (blocks: ReturnType<typeof renderManualAcceptSteps>) =>
  blocks.map((b) => (b.type === 'section' && b.text ? b.text.text : '')).join('\n');

describe('manual accept steps', () => {
  it('links the connection in the console of the VPC region', () => {
    expect(awsPeeringConsoleUrl('eu-central-1', input.pcxId)).toBe(
      'https://eu-central-1.console.aws.amazon.com/vpcconsole/home?region=eu-central-1#PeeringConnectionDetails:VpcPeeringConnectionId=pcx-0a1b2c3d4e5f67890',
    );
  });

  it('gives the accept and route commands with every id filled in', () => {
    const text = textOf(
      renderManualAcceptSteps({ ...input, reason: 'No role is configured for 210987654321.' }),
    );
    expect(text).toMatch(/^No role is configured for 210987654321\./);
    expect(text).toContain('In AWS account 210987654321 (eu-central-1)');
    expect(text).toContain(
      'aws ec2 accept-vpc-peering-connection --region eu-central-1 --vpc-peering-connection-id pcx-0a1b2c3d4e5f67890',
    );
    expect(text).toContain(
      "aws ec2 describe-route-tables --region eu-central-1 --filters Name=vpc-id,Values=vpc-0123456789abcdef0 --query 'RouteTables[].RouteTableId' --output text",
    );
    expect(text).toContain(
      'aws ec2 create-route --region eu-central-1 --route-table-id "$rtb" --destination-cidr-block 10.20.0.0/24 --vpc-peering-connection-id pcx-0a1b2c3d4e5f67890',
    );
  });

  it('adds one route command per destination', () => {
    const text = textOf(
      renderManualAcceptSteps({ ...input, destinations: ['10.20.0.0/24', '10.21.0.0/24'] }),
    );
    expect(text.match(/aws ec2 create-route/g)).toHaveLength(2);
    expect(text).toContain('`10.20.0.0/24`, `10.21.0.0/24`');
  });

  it('names the route tables when they are known (ROUTE_TABLES), one command per table and destination', () => {
    const text = textOf(
      renderManualAcceptSteps({
        ...input,
        routeTableIds: ['rtb-0123456789abcdef0', 'rtb-0fedcba9876543210'],
      }),
    );
    expect(text).toContain(
      '2. In route tables `rtb-0123456789abcdef0`, `rtb-0fedcba9876543210` of `vpc-0123456789abcdef0`',
    );
    expect(text).toContain(
      'aws ec2 create-route --region eu-central-1 --route-table-id rtb-0fedcba9876543210 --destination-cidr-block 10.20.0.0/24 --vpc-peering-connection-id pcx-0a1b2c3d4e5f67890',
    );
    expect(text.match(/aws ec2 create-route/g)).toHaveLength(2);
    expect(text).not.toContain('describe-route-tables');
  });
});
