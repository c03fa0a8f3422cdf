// Reads the environment plus, when SECRETS_ID names one, the Secrets Manager secret holding the
// Slack and Aiven secrets. The environment wins, so a developer can override one value locally.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { makeCachedSecretSettings } from '../adapters/secrets';
import { type Config, type Env, parseConfig, type Runtime, SECRET_SETTING_NAMES } from '../config';

export function makeConfigLoader(env: Env, runtime: Runtime): () => Promise<Config> {
  const secretId = env.SECRETS_ID?.trim();
  const secrets = secretId
    ? makeCachedSecretSettings({
        client: new SecretsManagerClient({}),
        secretId,
        allowedKeys: SECRET_SETTING_NAMES,
      })
    : undefined;
  return async () => {
    const fromSecret = secrets ? await secrets.get() : {};
    const merged: Env = { ...fromSecret };
    for (const [key, value] of Object.entries(env))
      if (value !== undefined && value !== '') merged[key] = value;
    return parseConfig(merged, runtime);
  };
}
