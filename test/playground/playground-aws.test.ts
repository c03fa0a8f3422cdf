// `npm start` in playground mode brings its own moto with a team VPC, or says why not and carries on.
import { DescribeRouteTablesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { startPlaygroundAws } from '../../src/container/playground-aws';
import { ec2ForAccount } from '../support/aws-accounts';

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

it('starts moto on loopback, seeds the team VPC with a subnet table and the main one, and stops it', async () => {
  const aws = await startPlaygroundAws();
  if ('unavailable' in aws) throw new Error(aws.unavailable);
  try {
    expect(aws.client.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(aws.team).toMatchObject({ accountId: '111122223333', region: 'eu-west-1', cidr: '10.0.0.0/16' });
    const ec2 = await ec2ForAccount(aws.team.accountId, aws.client.endpoint);
    const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [aws.team.vpcId] }));
    expect(vpcs.Vpcs?.[0]?.CidrBlock).toBe('10.0.0.0/16');
    const tables = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [aws.team.vpcId] }] }),
    );
    const kinds = (tables.RouteTables ?? []).map((t) =>
      t.Associations?.some((a) => a.Main)
        ? 'main'
        : t.Associations?.some((a) => a.SubnetId)
          ? 'subnet'
          : 'none',
    );
    expect(kinds.sort()).toEqual(['main', 'subnet']);
    // Someone else's route to prod-eu's CIDR in the main table: the conflict Replace is tried on.
    const main = tables.RouteTables?.find((t) => t.Associations?.some((a) => a.Main));
    const conflict = main?.Routes?.find((r) => r.DestinationCidrBlock === '10.20.0.0/24');
    expect(conflict?.GatewayId).toMatch(/^igw-/);
    ec2.destroy();
  } finally {
    await aws.stop();
  }
  await expect(answers(aws.client.endpoint)).resolves.toBe(false);
  // Starting a moto of its own is slow on a busy machine: a generous bound.
}, 120_000);

it('says why there is no AWS when moto cannot start, so npm start carries on with the manual path', async () => {
  const aws = await startPlaygroundAws({
    start: () => Promise.reject(new Error('moto needs python3, which was not found on PATH\nmore')),
  });
  expect(aws).toEqual({ unavailable: 'moto needs python3, which was not found on PATH' });
});
