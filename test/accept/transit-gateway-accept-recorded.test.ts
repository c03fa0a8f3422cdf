// Accepting Aiven's attachment: moto answers AcceptTransitGatewayVpcAttachment with HTTP 500 (not
// implemented), so this step is tested against EC2's recorded response shapes: a fake AWS at the SDK's
// HTTP edge, the real SDK clients.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { makeLogger } from '../../src/logger';
import type { AttachmentPlan } from '../../src/peering/accept/attachment-plan';
import { runAttachmentAccept } from '../../src/peering/accept/run-attachment';

const TEAM = '111122223333';
const AIVEN = '675999398324';
const TGW = 'tgw-0a1b2c3d4e5f60718';
const ATTACH = 'tgw-attach-0123456789abcdef0';

const assumeRole = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:vpc-peer</AssumedRoleId><Arn>arn:aws:sts::${TEAM}:assumed-role/vpc-peer-accepter/vpc-peer</Arn></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`;

/** AcceptTransitGatewayVpcAttachment as EC2 answers it (shape from the EC2 API reference). */
const accepted = `<AcceptTransitGatewayVpcAttachmentResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>3</requestId><transitGatewayVpcAttachment>
<transitGatewayAttachmentId>${ATTACH}</transitGatewayAttachmentId><transitGatewayId>${TGW}</transitGatewayId>
<vpcId>vpc-0aiven000000000000</vpcId><vpcOwnerId>${AIVEN}</vpcOwnerId><state>pending</state>
<subnetIds><item>subnet-0aiven00000000000</item></subnetIds><creationTime>2026-12-04T10:00:00.000Z</creationTime>
</transitGatewayVpcAttachment></AcceptTransitGatewayVpcAttachmentResponse>`;

/** The refusal when it was accepted a moment ago by another run, then the attachment as it is now. */
const incorrectState = `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>IncorrectState</Code>
<Message>tgwAttachment ${ATTACH} is in invalid state</Message></Error></Errors><RequestID>4</RequestID></Response>`;
const describeAttachments = `<DescribeTransitGatewayAttachmentsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>5</requestId><transitGatewayAttachments><item>
<transitGatewayAttachmentId>${ATTACH}</transitGatewayAttachmentId><transitGatewayId>${TGW}</transitGatewayId>
<transitGatewayOwnerId>${TEAM}</transitGatewayOwnerId><resourceOwnerId>${AIVEN}</resourceOwnerId>
<resourceType>vpc</resourceType><resourceId>vpc-0aiven000000000000</resourceId><state>pending</state>
</item></transitGatewayAttachments></DescribeTransitGatewayAttachmentsResponse>`;

interface Fake {
  url: string;
  server: Server;
  bodies: string[];
}

async function startFakeEc2(acceptAnswer: { status: number; body: string }): Promise<Fake> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      bodies.push(body);
      const xml = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(text);
      };
      if (body.includes('Action=AssumeRole')) xml(200, assumeRole);
      else if (body.includes('Action=AcceptTransitGatewayVpcAttachment'))
        xml(acceptAnswer.status, acceptAnswer.body);
      else if (body.includes('Action=DescribeTransitGatewayAttachments')) xml(200, describeAttachments);
      else xml(400, '<Response><Errors><Error><Code>UnexpectedCall</Code></Error></Errors></Response>');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, bodies };
}

const logger = makeLogger({ level: 'silent' });

/** Aiven's attachment waits; the team's VPC routes are in place, the Transit Gateway routes by default. */
const plan: AttachmentPlan = {
  transitGatewayId: TGW,
  attachmentId: ATTACH,
  acceptNeeded: true,
  vpcIds: [],
  vpcRoutes: { pcxId: TGW, routeTables: [], destinations: ['10.20.0.0/24'], steps: [], acceptNeeded: true },
  transitGatewayRouting: { kind: 'defaults', routeTableId: 'tgw-rtb-0aa' },
};

async function runAgainst(fake: Fake) {
  const access = makeAwsAccess({
    roles: { roleName: 'vpc-peer-accepter', roles: {} },
    client: {
      endpoint: fake.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    },
    logger,
  });
  const target = { accountId: TEAM, region: 'eu-west-1', peeringId: 'p-tgw-3' };
  const tg = await access.connectTransitGateways(target);
  const net = await access.connect(target);
  if (!tg.ok || !net.ok) throw new Error('no connection');
  return runAttachmentAccept(
    {
      transitGateways: tg.transitGateways,
      network: net.network,
      noted: [],
      note: async () => true,
      forget: async () => undefined,
    },
    plan,
  );
}

describe('accepting the attachment, against recorded EC2 answers', () => {
  let fake: Fake | undefined;
  afterEach(() => {
    fake?.server.close();
    fake = undefined;
  });

  it('sends AcceptTransitGatewayVpcAttachment for Aiven attachment, once', async () => {
    fake = await startFakeEc2({ status: 200, body: accepted });
    const outcome = await runAgainst(fake);
    expect(outcome).toMatchObject({ accepted: 'now', failed: [], added: [] });
    expect(outcome.stopped).toBeUndefined();
    const accepts = fake.bodies.filter((b) => b.includes('Action=AcceptTransitGatewayVpcAttachment'));
    expect(accepts).toHaveLength(1);
    expect(new URLSearchParams(accepts[0]).get('TransitGatewayAttachmentId')).toBe(ATTACH);
  });

  it('a refusal because another run accepted it a moment ago is not a failure', async () => {
    fake = await startFakeEc2({ status: 400, body: incorrectState });
    const outcome = await runAgainst(fake);
    expect(outcome).toMatchObject({ accepted: 'before', failed: [] });
    expect(outcome.stopped).toBeUndefined();
  });
});
