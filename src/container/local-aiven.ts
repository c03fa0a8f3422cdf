// Which Aiven `npm start` talks to: the real API when AIVEN_API_TOKEN is set, else its own Aiven
// sandbox on loopback, so the bot runs with nothing configured.
import type { AwsClientSettings } from '../adapters/ec2/access';
import type { Config } from '../config';
import { makeSandboxAivenAccount } from '../sandbox/aiven-account';
import { type AivenSandbox, startAivenSandbox } from '../sandbox/aiven-sandbox';
import type { AivenApiConfig } from './index';

export async function resolveAiven(
  config: Config,
  aws: AwsClientSettings | undefined,
): Promise<{ aiven: AivenApiConfig; sandbox?: AivenSandbox }> {
  if (config.aiven.mode === 'api') return { aiven: config.aiven };
  // Next to moto, the sandbox makes real peering requests in AWS and follows them, as Aiven does.
  const endpoint = aws?.endpoint;
  const sandbox = await startAivenSandbox({
    clock: 'real',
    // A real Slack app on the sandbox (AIVEN_SANDBOX=true): every org VPC name says it is made up.
    ...(config.slack.mode === 'app' ? { namePrefix: '[sandbox] ' } : {}),
    ...(endpoint ? { aws: makeSandboxAivenAccount({ client: { ...aws, endpoint } }) } : {}),
  });
  return {
    sandbox,
    aiven: {
      mode: 'api',
      apiUrl: sandbox.url,
      token: sandbox.token,
      organizationId: sandbox.organizationId,
      timeoutMs: 10_000,
    },
  };
}
