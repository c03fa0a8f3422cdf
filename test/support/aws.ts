import { randomBytes } from 'node:crypto';

export const TEST_REGION = 'eu-west-1';

/** SDK client settings that point at the run's moto server (see global-setup), or at `endpoint`. */
export function awsClientConfig(endpoint = process.env.MOTO_URL): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  if (!endpoint)
    throw new Error('MOTO_URL is not set: run the tests through jest (global-setup starts moto)');
  return {
    endpoint,
    region: TEST_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

/** A name no other test file uses on the shared moto server (letters, digits and dashes only). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
