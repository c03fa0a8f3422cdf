// The steps moto cannot play (it has no cross-account view and no ram:AssociateResourceShare), tested
// against AWS's recorded response shapes: a fake AWS at the SDK's HTTP edge, the real SDK clients.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { makeLogger } from '../../src/logger';
import { makePrepareTransitGateway } from '../../src/peering/accept/prepare-transit-gateway';
import type { PeeringRecord } from '../../src/peering/model';

const TEAM = '111122223333';
const OTHER = '444455556666';
const AIVEN = '675999398324';
const TGW = 'tgw-0a1b2c3d4e5f60718';
const SHARE = `arn:aws:ram:eu-west-1:${TEAM}:resource-share/5ef2b8a4-0000-4000-8000-000000000001`;

const assumeRole = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:vpc-peer</AssumedRoleId><Arn>arn:aws:sts::${TEAM}:assumed-role/vpc-peer-accepter/vpc-peer</Arn></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`;

/** DescribeTransitGateways as EC2 answers it (shape from the EC2 API reference). */
const describeTgw = (
  owner: string,
) => `<DescribeTransitGatewaysResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>2</requestId><transitGatewaySet><item>
<transitGatewayId>${TGW}</transitGatewayId><transitGatewayArn>arn:aws:ec2:eu-west-1:${owner}:transit-gateway/${TGW}</transitGatewayArn>
<state>available</state><ownerId>${owner}</ownerId><description>hub</description>
<options><amazonSideAsn>64512</amazonSideAsn><autoAcceptSharedAttachments>disable</autoAcceptSharedAttachments>
<defaultRouteTableAssociation>enable</defaultRouteTableAssociation><associationDefaultRouteTableId>tgw-rtb-0aa</associationDefaultRouteTableId>
<defaultRouteTablePropagation>enable</defaultRouteTablePropagation><propagationDefaultRouteTableId>tgw-rtb-0aa</propagationDefaultRouteTableId>
<vpnEcmpSupport>enable</vpnEcmpSupport><dnsSupport>enable</dnsSupport></options>
</item></transitGatewaySet></DescribeTransitGatewaysResponse>`;

interface Fake {
  url: string;
  server: Server;
  calls: { path: string; body: string }[];
  owner: string;
}

async function startFakeAws(owner: string): Promise<Fake> {
  const calls: Fake['calls'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      calls.push({ path, body });
      const json = (value: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (body.includes('Action=AssumeRole')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(assumeRole);
      } else if (body.includes('Action=DescribeTransitGateways')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(describeTgw(owner));
      } else if (path === '/getresourceshareassociations') {
        const input = JSON.parse(body) as { associationType: string };
        // The bot's own share holds the Transit Gateway but not (yet) Aiven's account.
        json({
          resourceShareAssociations:
            input.associationType === 'RESOURCE'
              ? [
                  {
                    resourceShareArn: SHARE,
                    resourceShareName: `vpc-peer-${TGW}`,
                    associatedEntity: `arn:aws:ec2:eu-west-1:${TEAM}:transit-gateway/${TGW}`,
                    associationType: 'RESOURCE',
                    status: 'ASSOCIATED',
                    external: false,
                  },
                ]
              : [],
        });
      } else if (path === '/associateresourceshare') {
        json({
          resourceShareAssociations: [
            {
              resourceShareArn: SHARE,
              associatedEntity: AIVEN,
              associationType: 'PRINCIPAL',
              status: 'ASSOCIATING',
              external: true,
            },
          ],
          clientToken: (JSON.parse(body) as { clientToken?: string }).clientToken,
        });
      } else {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'UnexpectedCall', message: path }));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls, owner };
}

const logger = makeLogger({ level: 'silent' });
const record = {
  id: 'p-tgw-2',
  spec: { orgVpcId: 'v', awsAccountId: TEAM, awsVpcId: TGW, awsRegion: 'eu-west-1', extraCidrs: [] },
} as unknown as Pick<PeeringRecord, 'id' | 'spec'>;

function prepareAgainst(fake: Fake) {
  return makePrepareTransitGateway({
    access: makeAwsAccess({
      roles: { roleName: 'vpc-peer-accepter', roles: {} },
      client: {
        endpoint: fake.url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      },
      logger,
    }),
    aivenAccountId: AIVEN,
    logger,
  });
}

describe('preparing a Transit Gateway, against recorded AWS answers', () => {
  let fake: Fake | undefined;
  afterEach(async () => {
    fake?.server.close();
    fake = undefined;
  });

  it('refuses a Transit Gateway owned by another account (shared into this one); RAM is not touched', async () => {
    fake = await startFakeAws(OTHER);
    const outcome = await prepareAgainst(fake)(record, async () => undefined);
    expect(outcome).toEqual({
      outcome: 'refused',
      reason: `Transit Gateway ${TGW} belongs to AWS account ${OTHER}, not ${TEAM}: only its owner can share it with Aiven and accept the attachment.`,
      nextStep: `Request the attachment with AWS account ${OTHER}, then run \`/vpc-peer\` again. Nothing was created in Aiven.`,
    });
    expect(fake.calls.filter((c) => c.path !== '/')).toEqual([]);
  });

  it("adds Aiven's account to the bot's existing share instead of making a second one", async () => {
    fake = await startFakeAws(TEAM);
    const outcome = await prepareAgainst(fake)(record, async () => undefined);
    expect(outcome).toEqual({ outcome: 'ready', share: { arn: SHARE, action: 'principal-added' } });
    const associate = fake.calls.filter((c) => c.path === '/associateresourceshare');
    expect(associate.map((c) => JSON.parse(c.body))).toEqual([
      { resourceShareArn: SHARE, principals: [AIVEN], clientToken: 'vpc-peer-add-p-tgw-2' },
    ]);
    expect(fake.calls.some((c) => c.path === '/createresourceshare')).toBe(false);
  });
});
