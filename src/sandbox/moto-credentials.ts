// Credentials for acting in one account on moto: moto binds AssumeRole credentials to the role's
// account, which is how the sandbox acts as Aiven, and the playground as the team. Local use only.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClientSettings } from '../adapters/ec2/access';

export type MotoClientSettings = AwsClientSettings & { endpoint: string };

/** SDK settings (endpoint, region, credentials) for a client acting as `roleName` in `accountId`. */
export async function settingsInMotoAccount(options: {
  client: MotoClientSettings;
  accountId: string;
  region: string;
  roleName: string;
}): Promise<MotoClientSettings & { region: string }> {
  const { client, accountId, region, roleName } = options;
  const sts = new STSClient({ ...client, region });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
        RoleSessionName: roleName,
      }),
    );
    const c = out.Credentials;
    return {
      ...client,
      region,
      credentials: {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken ?? '',
      },
    };
  } finally {
    sts.destroy();
  }
}
