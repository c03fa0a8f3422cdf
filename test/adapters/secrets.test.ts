import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { makeCachedSecretSettings, readSecretSettings } from '../../src/adapters/secrets';
import { awsClientConfig, uniqueName } from '../support/aws';

const allowedKeys = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'AIVEN_API_TOKEN'] as const;
let client: SecretsManagerClient;

beforeAll(() => {
  client = new SecretsManagerClient(awsClientConfig());
});
afterAll(() => {
  client.destroy();
});

async function createSecret(value: string): Promise<string> {
  const name = uniqueName('vpc-peer/settings');
  await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  return name;
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(() => undefined).catch((e: unknown) => e as Error);

describe('Secrets Manager settings', () => {
  test('reads a JSON object of settings', async () => {
    const secretId = await createSecret(
      JSON.stringify({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', AIVEN_API_TOKEN: 'aiven-token-value' }),
    );
    await expect(readSecretSettings({ client, secretId, allowedKeys })).resolves.toEqual({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      AIVEN_API_TOKEN: 'aiven-token-value',
    });
  });

  test('names a missing secret and the setting that points at it', async () => {
    const secretId = uniqueName('vpc-peer/missing');
    const error = await errorOf(readSecretSettings({ client, secretId, allowedKeys }));
    expect(error?.message).toBe(`Secrets Manager secret "${secretId}" was not found (SECRETS_ID)`);
  });

  test('refuses a value that is not JSON without quoting it', async () => {
    const secretId = await createSecret('SLACK_BOT_TOKEN=xoxb-very-secret');
    const error = await errorOf(readSecretSettings({ client, secretId, allowedKeys }));
    expect(error?.message).toContain(`"${secretId}" is not valid JSON`);
    expect(error?.message).not.toContain('very-secret');
  });

  test('refuses JSON that is not an object', async () => {
    const secretId = await createSecret('["xoxb-very-secret"]');
    const error = await errorOf(readSecretSettings({ client, secretId, allowedKeys }));
    expect(error?.message).toContain('must hold a JSON object');
    expect(error?.message).not.toContain('very-secret');
  });

  test('names keys that are not allowed', async () => {
    const secretId = await createSecret(
      JSON.stringify({ SLACK_BOT_TOKEN: 'xoxb-1', DATABASE_PATH: '/tmp/x.db' }),
    );
    const error = await errorOf(readSecretSettings({ client, secretId, allowedKeys }));
    expect(error?.message).toContain('"DATABASE_PATH"');
    expect(error?.message).not.toContain('/tmp/x.db');
  });

  test('names keys whose values are not strings', async () => {
    const secretId = await createSecret(JSON.stringify({ SLACK_BOT_TOKEN: 12345678 }));
    const error = await errorOf(readSecretSettings({ client, secretId, allowedKeys }));
    expect(error?.message).toContain('SLACK_BOT_TOKEN must be strings');
    expect(error?.message).not.toContain('12345678');
  });

  test('the cache reads the secret once', async () => {
    const secretId = await createSecret(JSON.stringify({ SLACK_BOT_TOKEN: 'xoxb-1' }));
    const send = jest.spyOn(client, 'send');
    try {
      const settings = makeCachedSecretSettings({ client, secretId, allowedKeys });
      const [first, second] = await Promise.all([settings.get(), settings.get()]);
      await settings.get();
      expect(first).toEqual({ SLACK_BOT_TOKEN: 'xoxb-1' });
      expect(second).toBe(first);
      expect(send).toHaveBeenCalledTimes(1);
    } finally {
      send.mockRestore();
    }
  });

  test('the cache tries again after a failed read', async () => {
    const secretId = uniqueName('vpc-peer/later');
    const settings = makeCachedSecretSettings({ client, secretId, allowedKeys });
    await expect(settings.get()).rejects.toThrow(/was not found/);
    await client.send(new CreateSecretCommand({ Name: secretId, SecretString: '{"AIVEN_API_TOKEN":"t"}' }));
    await expect(settings.get()).resolves.toEqual({ AIVEN_API_TOKEN: 't' });
  });
});
