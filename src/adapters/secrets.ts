import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SecretSettingsOptions {
  client: SecretsManagerClient;
  secretId: string;
  /** Setting names the secret may hold; anything else is refused rather than silently ignored. */
  allowedKeys: readonly string[];
}

export class SecretSettingsError extends Error {
  override readonly name = 'SecretSettingsError';
}

/**
 * Reads a Secrets Manager secret holding a JSON object of settings. Error messages name the secret and
 * the offending keys but never quote a value: they end up in logs.
 */
export async function readSecretSettings(options: SecretSettingsOptions): Promise<Record<string, string>> {
  const { client, secretId, allowedKeys } = options;
  const where = `Secrets Manager secret "${secretId}"`;

  let secretString: string | undefined;
  try {
    const response = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    secretString = response.SecretString;
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name === 'ResourceNotFoundException') {
      throw new SecretSettingsError(`${where} was not found (SECRETS_ID)`);
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SecretSettingsError(`${where} could not be read (SECRETS_ID): ${reason}`, { cause: error });
  }
  if (secretString === undefined) {
    throw new SecretSettingsError(`${where} has no text value; store the settings as a JSON object`);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // No cause: JSON.parse messages quote the text, which is the secret.
    throw new SecretSettingsError(`${where} is not valid JSON; store the settings as a JSON object`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SecretSettingsError(
      `${where} must hold a JSON object of settings, e.g. {"SLACK_BOT_TOKEN": "..."}`,
    );
  }

  const entries = Object.entries(parsed);
  const unknown = entries.map(([key]) => key).filter((key) => !allowedKeys.includes(key));
  if (unknown.length > 0) {
    throw new SecretSettingsError(
      `${where} holds ${unknown.map((k) => `"${k}"`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} ` +
        `not allowed there; allowed keys: ${allowedKeys.join(', ')}`,
    );
  }
  const notText = entries.filter(([, value]) => typeof value !== 'string').map(([key]) => key);
  if (notText.length > 0) {
    throw new SecretSettingsError(`${where}: the values of ${notText.join(', ')} must be strings`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export interface CachedSecretSettings {
  /** The settings, read from Secrets Manager on the first call only (a failed read is retried next call). */
  get(): Promise<Record<string, string>>;
}

/** Memoizes readSecretSettings for the life of the object, i.e. one read per Lambda container. */
export function makeCachedSecretSettings(options: SecretSettingsOptions): CachedSecretSettings {
  let cached: Promise<Record<string, string>> | undefined;
  return {
    get() {
      if (!cached) {
        const reading = readSecretSettings(options);
        cached = reading;
        // Forget failures so a transient error does not poison the container for its lifetime.
        reading.catch(() => {
          if (cached === reading) cached = undefined;
        });
      }
      return cached;
    },
  };
}
