// Which AWS `npm start` uses: AWS_ENDPOINT_URL when set (e.g. moto), the playground's own moto when
// the playground runs on the Aiven sandbox, or the SDK's defaults.
import type { AwsClientSettings } from '../adapters/ec2/access';
import type { Config, Env } from '../config';
import type { PlaygroundGuide } from '../sandbox/playground/protocol';
import {
  type PlaygroundAws,
  playgroundAwsOptions,
  startPlaygroundAws,
  wantsPlaygroundAws,
  withAccepterRole,
} from './playground-aws';

/** What was chosen, as the start-up text tells it. */
export type LocalAws =
  | { kind: 'playground'; moto: PlaygroundAws }
  | { kind: 'endpoint'; endpoint: string; client: AwsClientSettings }
  /** The playground wanted its own moto and could not start it (python3 or moto missing). */
  | { kind: 'none'; reason: string }
  | { kind: 'sdk-defaults' };

/** Resolves the AWS; with the playground's moto the config gains the role to assume there. */
export async function resolveLocalAws(config: Config, env: Env): Promise<{ config: Config; aws: LocalAws }> {
  const endpoint = env.AWS_ENDPOINT_URL;
  if (endpoint) {
    const hasCredentials = env.AWS_ACCESS_KEY_ID !== undefined || env.AWS_PROFILE !== undefined;
    return {
      config,
      aws: {
        kind: 'endpoint',
        endpoint,
        client: {
          endpoint,
          // moto accepts any key; without one the SDK would refuse to sign.
          ...(hasCredentials ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
        },
      },
    };
  }
  // The playground without an AWS: its own moto, so the accept flow runs for real on this machine.
  if (!wantsPlaygroundAws(config)) return { config, aws: { kind: 'sdk-defaults' } };
  const started = await startPlaygroundAws();
  if ('unavailable' in started) return { config, aws: { kind: 'none', reason: started.unavailable } };
  return { config: withAccepterRole(config), aws: { kind: 'playground', moto: started } };
}

/** startLocalBot's AWS settings and what the playground page tells about AWS. */
export function localAwsOptions(aws: LocalAws): {
  aws?: AwsClientSettings;
  playgroundAws?: PlaygroundGuide['aws'];
} {
  switch (aws.kind) {
    case 'playground':
      return playgroundAwsOptions(aws.moto);
    case 'endpoint':
      return {
        aws: aws.client,
        playgroundAws: {
          manual: `AWS is ${aws.endpoint}: peer a VPC of an account there; with ACCEPTER_ROLE_NAME set the bot accepts it, otherwise the thread shows the manual steps.`,
        },
      };
    case 'none':
      return {
        playgroundAws: {
          manual: `No AWS here (${aws.reason}). After PENDING_PEER the thread shows the manual steps to accept in AWS; any 12-digit account and vpc-… id will do.`,
        },
      };
    case 'sdk-defaults':
      return {};
  }
}

/** Stops the moto this started, if any. */
export async function stopLocalAws(aws: LocalAws): Promise<void> {
  if (aws.kind === 'playground') await aws.moto.stop();
}
