// The policy files a team attaches to the accepter role match what the EC2 adapter really calls:
// nothing missing (the bot would fail), nothing extra (least privilege).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2_ACTIONS_USED } from '../../src/adapters/ec2/network';
import { TRANSIT_GATEWAY_ACTIONS_USED } from '../../src/adapters/ec2/transit-gateway';

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string>>;
};
const root = join(__dirname, '..', '..');
const policy = (name: string) =>
  JSON.parse(readFileSync(join(root, 'iam', name), 'utf8')) as { Version: string; Statement: Statement[] };
const asArray = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('accepter role policies', () => {
  const permissions = policy('accepter-role-permissions.json');

  it('allows exactly the EC2 and RAM actions the adapters call', () => {
    const allowed = new Set(permissions.Statement.flatMap((s) => asArray(s.Action)));
    expect([...allowed].sort()).toEqual([...EC2_ACTIONS_USED, ...TRANSIT_GATEWAY_ACTIONS_USED].sort());
  });

  it('lists every command the Transit Gateway adapter sends', () => {
    const source = readFileSync(join(root, 'src/adapters/ec2/transit-gateway.ts'), 'utf8');
    const sent = [...source.matchAll(/new (\w+)Command\(/g)].map((m) =>
      /Resource/.test(m[1] as string) ? `ram:${m[1]}` : `ec2:${m[1]}`,
    );
    expect([...new Set(sent)].sort()).toEqual([...TRANSIT_GATEWAY_ACTIONS_USED].sort());
  });

  it('lists every command the adapter sends (so the list above cannot drift from the code)', () => {
    const source = readFileSync(join(root, 'src/adapters/ec2/network.ts'), 'utf8');
    const sent = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => `ec2:${m[1]}`);
    expect([...new Set(sent)].sort()).toEqual([...EC2_ACTIONS_USED].sort());
  });

  it('uses Resource "*" only for Describe actions and the RAM actions that cannot be scoped', () => {
    for (const statement of permissions.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const action of asArray(statement.Action)) expect(action).not.toContain('*');
      if (asArray(statement.Resource).includes('*')) {
        for (const action of asArray(statement.Action))
          expect(action).toMatch(
            /^(ec2:Describe|ram:GetResourceShareAssociations$|ram:CreateResourceShare$)/,
          );
      }
    }
    // Creating a share is narrowed by conditions instead: this account's Transit Gateways, Aiven only.
    const create = permissions.Statement.find((s) => asArray(s.Action).includes('ram:CreateResourceShare'));
    expect(create?.Condition?.StringEquals).toEqual({
      'ram:RequestedResourceType': 'ec2:TransitGateway',
      'ram:Principal': 'AIVEN_AWS_ACCOUNT_ID',
    });
    expect(create?.Condition?.ArnLike).toEqual({
      'ram:ResourceArn': 'arn:aws:ec2:*:TEAM_ACCOUNT_ID:transit-gateway/*',
    });
    const associate = permissions.Statement.find((s) =>
      asArray(s.Action).includes('ram:AssociateResourceShare'),
    );
    expect(associate?.Condition?.StringEquals).toEqual({ 'ram:Principal': 'AIVEN_AWS_ACCOUNT_ID' });
    expect(associate?.Condition?.StringLike).toEqual({ 'ram:ResourceShareName': 'vpc-peer-tgw-*' });
    const routes = permissions.Statement.find((s) => asArray(s.Action).includes('ec2:CreateRoute'));
    expect(asArray(routes?.Resource)).toEqual(['arn:aws:ec2:*:TEAM_ACCOUNT_ID:route-table/*']);
    // On delete: only Aiven's account, only from the bot's own shares; only the bot's tagged shares deleted.
    const disassociate = permissions.Statement.find((s) =>
      asArray(s.Action).includes('ram:DisassociateResourceShare'),
    );
    expect(asArray(disassociate?.Resource)).toEqual(['arn:aws:ram:*:TEAM_ACCOUNT_ID:resource-share/*']);
    expect(disassociate?.Condition?.StringEquals).toEqual({ 'ram:Principal': 'AIVEN_AWS_ACCOUNT_ID' });
    expect(disassociate?.Condition?.StringLike).toEqual({ 'ram:ResourceShareName': 'vpc-peer-tgw-*' });
    const remove = permissions.Statement.find((s) => asArray(s.Action).includes('ram:DeleteResourceShare'));
    expect(remove?.Condition?.StringEquals).toEqual({ 'aws:ResourceTag/managed-by': 'vpc-peer' });
    expect(remove?.Condition?.StringLike).toEqual({ 'ram:ResourceShareName': 'vpc-peer-tgw-*' });
    const search = permissions.Statement.find((s) =>
      asArray(s.Action).includes('ec2:SearchTransitGatewayRoutes'),
    );
    expect(asArray(search?.Resource)).toEqual([
      'arn:aws:ec2:*:TEAM_ACCOUNT_ID:transit-gateway-route-table/*',
    ]);
  });

  it("narrows accepting to this account's VPCs and routes to route tables of its VPCs (condition keys)", () => {
    const scoped = (action: string) =>
      permissions.Statement.filter((s) => asArray(s.Action).includes(action));
    // Every statement allowing a change names the team's account: a role's credentials act only there,
    // but the file says so rather than relying on it.
    for (const action of EC2_ACTIONS_USED.filter((a) => !a.startsWith('ec2:Describe')))
      for (const statement of scoped(action))
        for (const resource of asArray(statement.Resource)) expect(resource).toContain(':TEAM_ACCOUNT_ID:');
    const peerings = scoped('ec2:AcceptVpcPeeringConnection').find((s) =>
      asArray(s.Resource).some((r) => r.includes('vpc-peering-connection')),
    );
    expect(peerings?.Condition?.ArnLike).toEqual({
      'ec2:AccepterVpc': 'arn:aws:ec2:*:TEAM_ACCOUNT_ID:vpc/*',
    });
    for (const action of ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'])
      expect(scoped(action).map((s) => s.Condition?.ArnLike)).toEqual([
        { 'ec2:Vpc': 'arn:aws:ec2:*:TEAM_ACCOUNT_ID:vpc/*' },
      ]);
  });

  it('trusts only the bot worker role, and only with the ExternalId', () => {
    const trust = policy('accepter-role-trust.json');
    expect(trust.Statement).toHaveLength(1);
    const [statement] = trust.Statement;
    expect(statement?.Action).toBe('sts:AssumeRole');
    expect(statement?.Principal).toEqual({ AWS: 'arn:aws:iam::BOT_ACCOUNT_ID:root' });
    expect(statement?.Condition?.StringEquals).toEqual({ 'sts:ExternalId': 'ACCEPTER_EXTERNAL_ID' });
    expect(statement?.Condition?.ArnLike?.['aws:PrincipalArn']).toMatch(/:role\/vpc-peer-\*-WorkerRole-\*$/);
  });
});
