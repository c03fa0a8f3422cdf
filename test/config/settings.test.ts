// Settings as an operator types them: valid values start the bot, unsafe or mistaken ones stop it
// with a message naming the variable, what was expected and what kind of value was found.
import { ConfigError, credentialKinds, parseConfig } from '../../src/config';

const SIGNING_SECRET = '8f742231b10e8888abcd99f1a2b3c4d5';
const base = {
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcd',
  AIVEN_API_TOKEN: 'aiven-token',
  AIVEN_ORGANIZATION_ID: 'org4f9a1b2c3d4',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig({ ...base, ...env }, 'local');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Slack credentials', () => {
  test.each([
    ['with an underscore', 'xoxb-1234-5678-ab_cd'],
    ['rotated (xoxe.xoxb-)', 'xoxe.xoxb-1-MS0yLTEyMzQ1Njc4OTAtMTIzNDU2Nzg5MA'],
  ])('accepts a bot token %s', (_, token) => {
    const config = parseConfig({ ...base, SLACK_BOT_TOKEN: token }, 'local');
    expect(config.slack).toMatchObject({ mode: 'app', botToken: token });
  });

  test('accepts an app-level token with other characters', () => {
    const config = parseConfig({ ...base, SLACK_APP_TOKEN: 'xapp-1-A0_B/C+D=' }, 'local');
    expect(config.slack).toMatchObject({ appToken: 'xapp-1-A0_B/C+D=' });
  });

  test('refuses a bot token pasted as the signing secret, saying what was expected and found', () => {
    const problems = problemsOf({ SLACK_SIGNING_SECRET: 'xoxb-1234-5678-abcdefghijklmnop' });
    expect(problems).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: .*32 hex characters.*\(found: a bot token\)$/),
    ]);
    expect(problems.join()).not.toContain('abcdefghijklmnop');
  });

  test('refuses a signing secret that is not 32 hex characters', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'not-a-secret-but-long-enough' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: .*32 hex characters.*found: an unrecognised value/),
    ]);
  });

  test('refuses a user token as the bot token', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxp-1234-5678' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: must be a bot token starting with xoxb-.*found: a user token/),
    ]);
  });

  test('names the kinds of credentials found, never their values, for the start-up log', () => {
    const config = parseConfig({ ...base, SLACK_APP_TOKEN: 'xapp-1-secret' }, 'local');
    const kinds = credentialKinds(config);
    expect(kinds).toEqual({
      SLACK_SIGNING_SECRET: 'signing secret (32 hex characters)',
      SLACK_BOT_TOKEN: 'bot token',
      SLACK_APP_TOKEN: 'app-level token',
    });
    expect(JSON.stringify(kinds)).not.toMatch(/xoxb-1234|xapp-1-secret|8f742231/);
  });
});

describe('API URLs carry tokens, so only https leaves the machine', () => {
  test.each(['SLACK_API_URL', 'AIVEN_API_URL'])('%s refuses http:// to another host', (name) => {
    expect(problemsOf({ [name]: 'http://api.example.com/api/' })).toEqual([
      expect.stringMatching(
        new RegExp(`^${name}: must be an https URL.*http:// is accepted only for localhost`),
      ),
    ]);
  });

  test.each([
    'http://127.0.0.1:3999/api/',
    'http://localhost:3999/api/',
    'http://[::1]:3999/api/',
    'https://slack.example.com/api/',
  ])('accepts %s', (url) => {
    expect(problemsOf({ SLACK_API_URL: url, AIVEN_API_URL: url })).toEqual([]);
  });
});

describe('the embedded Aiven sandbox is never chosen silently', () => {
  const slackOnly = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcd' };
  const problems = (env: Record<string, string>) => {
    try {
      parseConfig(env, 'local');
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  test('Slack settings without Aiven settings stop the start, naming both variables', () => {
    expect(problems(slackOnly)).toEqual([
      expect.stringMatching(/^AIVEN_API_TOKEN: is required when Slack settings are set.*AIVEN_SANDBOX=true/),
      expect.stringMatching(/^AIVEN_ORGANIZATION_ID: is required when Slack settings are set/),
    ]);
  });

  test('AIVEN_SANDBOX=true runs the sandbox with a real Slack app, on purpose', () => {
    const config = parseConfig({ ...slackOnly, AIVEN_SANDBOX: 'true' }, 'local');
    expect(config.aiven).toEqual({ mode: 'sandbox' });
    expect(config.slack.mode).toBe('app');
  });

  test('AIVEN_SANDBOX=true with an Aiven token is refused: which one was meant is unclear', () => {
    expect(problemsOf({ AIVEN_SANDBOX: 'true' })).toEqual([
      'AIVEN_SANDBOX: must not be true when AIVEN_API_TOKEN is set',
    ]);
  });

  test('nothing configured is still the playground', () => {
    expect(parseConfig({}, 'local').aiven).toEqual({ mode: 'sandbox' });
  });
});
