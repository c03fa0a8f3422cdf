// Reads the environment plus, when SECRETS_ID names one, the Secrets Manager secret holding the
// Slack and Aiven secrets. The environment wins, so a developer can override one value locally.
// The Secrets Manager client is loaded only when SECRETS_ID is set, and only when first read.
import type { CachedSecretSettings } from '../adapters/secrets';
import { type Config, type Env, parseConfig, type Runtime, SECRET_SETTING_NAMES } from '../config';
import { once } from '../once';
import { PLAYGROUND_POLICY_FILE } from '../policy/summary';

async function loadSecretSettings(secretId: string): Promise<CachedSecretSettings> {
  const [{ SecretsManagerClient }, { makeCachedSecretSettings }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('../adapters/secrets.js'),
  ]);
  return makeCachedSecretSettings({
    client: new SecretsManagerClient({}),
    secretId,
    allowedKeys: SECRET_SETTING_NAMES,
  });
}

export function makeConfigLoader(env: Env, runtime: Runtime): () => Promise<Config> {
  const secretId = env.SECRETS_ID?.trim();
  const secrets = secretId ? once(() => loadSecretSettings(secretId)) : undefined;
  return async () => {
    const fromSecret = secrets ? await (await secrets()).get() : {};
    const merged: Env = { ...fromSecret };
    for (const [key, value] of Object.entries(env))
      if (value !== undefined && value !== '') merged[key] = value;
    const config = parseConfig(merged, runtime);
    // The playground (`npm start`, no Slack app) has its example policy unless POLICY_FILE names one,
    // so its refusals can be tried as they are; a real Slack app never gets a default.
    const policyFile =
      config.policyFile ??
      (runtime === 'local' && config.slack.mode !== 'app' ? PLAYGROUND_POLICY_FILE : undefined);
    if (!policyFile) return config;
    // Only with a policy file: the YAML parser stays out of every cold start that does not need it.
    const { loadPolicy } = await import('../policy/load.js');
    return loadPolicy({ ...config, policyFile }, policyFile);
  };
}
