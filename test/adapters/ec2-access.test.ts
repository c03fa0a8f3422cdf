// AssumeRole into the accepter role: which role, with what, and how long the credentials are reused.
import { Writable } from 'node:stream';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { makeLogger } from '../../src/logger';
import { awsClientConfig } from '../support/aws';
import { createTeamVpc, newAccountId } from '../support/aws-accounts';
import { type AwsProxy, startAwsProxy } from '../support/aws-proxy';

describe('accepter role access', () => {
  let proxy: AwsProxy;
  const logs: string[] = [];
  const logger = makeLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  beforeEach(async () => {
    proxy = await startAwsProxy(awsClientConfig().endpoint);
  });
  afterEach(async () => {
    await proxy.close();
  });

  it('reuses credentials per account until five minutes before they expire', async () => {
    let now = Date.now();
    const access = makeAwsAccess({
      roles: { roleName: 'vpc-peer-accepter', roles: {} },
      client: { ...awsClientConfig(), endpoint: proxy.url },
      logger,
      now: () => now,
    });
    const team = await createTeamVpc();
    const other = newAccountId();
    const target = { accountId: team.accountId, region: 'eu-west-1', peeringId: 'p-1' };
    const first = await access.connect(target);
    await access.connect({ ...target, peeringId: 'p-2' });
    expect(proxy.actions('AssumeRole')).toHaveLength(1);
    await access.connect({ ...target, accountId: other });
    expect(proxy.actions('AssumeRole').map((c) => c.params.get('RoleArn'))).toEqual([
      `arn:aws:iam::${team.accountId}:role/vpc-peer-accepter`,
      `arn:aws:iam::${other}:role/vpc-peer-accepter`,
    ]);
    // The credentials work in the team's account: its VPC is visible.
    if (!first.ok) throw new Error(first.reason);
    expect(await first.network.describeVpcCidrs(team.vpcId)).toEqual(['10.0.0.0/16']);

    now += 56 * 60_000; // moto's credentials last an hour
    await access.connect(target);
    expect(proxy.actions('AssumeRole')).toHaveLength(3);
    expect(logs.join('')).not.toMatch(/(ASIA|AKIA)[A-Z0-9]{12,}/);
  });

  it('uses the ACCEPTER_ROLES override and no role at all for an account without one', async () => {
    const account = newAccountId();
    const access = makeAwsAccess({
      roles: { roles: { [account]: `arn:aws:iam::${account}:role/team-specific` }, externalId: 'ext-1' },
      client: { ...awsClientConfig(), endpoint: proxy.url },
      logger,
    });
    expect(access.hasRole(account)).toBe(true);
    expect(access.hasRole('999999999999')).toBe(false);
    const refused = await access.connect({ accountId: '999999999999', region: 'eu-west-1', peeringId: 'p' });
    expect(refused).toEqual({
      ok: false,
      reason: expect.stringContaining('has no role in AWS account 999999999999'),
    });
    expect((await access.connect({ accountId: account, region: 'eu-west-1', peeringId: 'p' })).ok).toBe(true);
    const call = proxy.actions('AssumeRole')[0]?.params;
    expect(call?.get('RoleArn')).toBe(`arn:aws:iam::${account}:role/team-specific`);
    expect(call?.get('ExternalId')).toBe('ext-1');
  });

  it('treats an AWS outage as retryable, not as a refused role', async () => {
    const access = makeAwsAccess({
      roles: { roleName: 'r', roles: {} },
      client: { ...awsClientConfig(), endpoint: proxy.url },
      logger,
    });
    proxy.refuseNext({
      action: 'AssumeRole',
      code: 'InternalFailure',
      message: 'boom',
      status: 500,
      times: 5,
    });
    await expect(
      access.connect({ accountId: newAccountId(), region: 'eu-west-1', peeringId: 'p' }),
    ).rejects.toThrow();
  });
});
