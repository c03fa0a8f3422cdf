// The playground's AWS: a private moto on loopback (when python3 has moto) with a team account and
// VPC in it, so "Accept in AWS" runs for real (plan, click, accept, routes) and the Aiven sandbox
// follows the connection to ACTIVE. Without moto the playground shows the manual path instead. The
// bot and the sandbox reach moto through its front (src/sandbox/moto-front.ts), which stands in for
// what moto lacks so a Transit Gateway attachment can be accepted there too.
import type { AwsClientSettings } from '../adapters/ec2/access';
import type { Config } from '../config';
import { type MotoServer, startMoto } from '../sandbox/moto';
import { startMotoFront } from '../sandbox/moto-front';
import { type PlaygroundTeam, seedTeamAccount } from '../sandbox/team-account';

/** The role the bot assumes in the team account; moto lets any role be assumed. */
export const PLAYGROUND_ACCEPTER_ROLE = 'vpc-peer-accepter';

export interface PlaygroundAws {
  /** SDK settings for the bot and the Aiven sandbox: moto's front, with made-up keys (never real ones). */
  client: AwsClientSettings & { endpoint: string };
  team: PlaygroundTeam;
  /** Stops the front, and the moto this started (none when it was given one). */
  stop(): Promise<void>;
}

/** Only the playground with the Aiven sandbox gets its own AWS: the real Aiven would not use it. */
export function wantsPlaygroundAws(config: Config): boolean {
  return config.slack.mode !== 'app' && config.aiven.mode !== 'api';
}

/**
 * Starts moto (or uses the one at `endpoint`, tests) and seeds the team account. Resolves to why not
 * when python3 or moto is missing, so `npm start` carries on with the manual path.
 */
export async function startPlaygroundAws(
  options: { endpoint?: string; accountId?: string; start?: () => Promise<MotoServer> } = {},
): Promise<PlaygroundAws | { unavailable: string }> {
  let moto: MotoServer | undefined;
  try {
    moto = options.endpoint ? undefined : await (options.start ?? startMoto)();
  } catch (error) {
    return { unavailable: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
  const front = await startMotoFront(options.endpoint ?? (moto as MotoServer).url);
  const client = {
    endpoint: front.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'playground', secretAccessKey: 'playground' },
  };
  const stop = async () => {
    await front.close();
    await moto?.stop();
  };
  try {
    const team = await seedTeamAccount({
      client,
      ...(options.accountId ? { accountId: options.accountId } : {}),
    });
    return { client, team, stop };
  } catch (error) {
    await stop();
    return { unavailable: `moto did not take the team's VPC: ${String(error)}` };
  }
}

/** With the team account in moto the bot gets a role to assume there, unless one is set already. */
export function withAccepterRole(config: Config): Config {
  if (config.accept.roleName) return config;
  return { ...config, accept: { ...config.accept, roleName: PLAYGROUND_ACCEPTER_ROLE } };
}

/** What startLocalBot needs from it: the AWS to use and what the page tells about the team account. */
export function playgroundAwsOptions(aws: PlaygroundAws) {
  const { team } = aws;
  return {
    aws: aws.client,
    playgroundAws: {
      accountId: team.accountId,
      region: team.region,
      vpcId: team.vpcId,
      transitGatewayId: team.transitGatewayId,
      cidr: team.cidr,
    },
  };
}
