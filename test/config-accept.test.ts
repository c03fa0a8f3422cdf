// The "Accept in AWS" settings: parsed into the shape the worker uses, and a bad value is named with
// what a valid one looks like.
import { ConfigError, parseConfig, secretValues } from '../src/config';

const parse = (env: Record<string, string>) => parseConfig(env, 'local');
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('accept settings', () => {
  it('default to no role, no auto-accept, every route table, no DNS change', () => {
    expect(parse({}).accept).toEqual({
      roles: {},
      autoAccept: false,
      routeTables: {},
      allowRemoteDns: false,
    });
  });

  it('parse roles, per-account overrides, route tables and flags', () => {
    const config = parse({
      ACCEPTER_ROLE_NAME: 'vpc-peer-accepter',
      ACCEPTER_EXTERNAL_ID: 'vpc-peer-4f9a1b2c',
      ACCEPTER_ROLES: '123456789012=arn:aws:iam::123456789012:role/team/x',
      AUTO_ACCEPT: 'true',
      ROUTE_TABLES: 'vpc-0a1b2c3d=rtb-11111111+rtb-22222222,vpc-0123456789abcdef0=rtb-0123456789abcdef0',
      ALLOW_REMOTE_DNS: 'true',
    });
    expect(config.accept).toEqual({
      roleName: 'vpc-peer-accepter',
      externalId: 'vpc-peer-4f9a1b2c',
      roles: { '123456789012': 'arn:aws:iam::123456789012:role/team/x' },
      autoAccept: true,
      routeTables: {
        'vpc-0a1b2c3d': ['rtb-11111111', 'rtb-22222222'],
        'vpc-0123456789abcdef0': ['rtb-0123456789abcdef0'],
      },
      allowRemoteDns: true,
    });
    // The ExternalId is scrubbed from logs like the tokens.
    expect(secretValues(config)).toContain('vpc-peer-4f9a1b2c');
  });

  it('name the variable and show a valid value when one is wrong', () => {
    const problems = problemsOf({
      ACCEPTER_ROLE_NAME: 'no spaces allowed',
      ACCEPTER_ROLES: '123456789012=arn:aws:iam::210987654321:role/x',
      AUTO_ACCEPT: 'yes',
      ROUTE_TABLES: 'vpc-0a1b2c3d=subnet-11111111',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^ACCEPTER_ROLE_NAME: must be an IAM role name .* e\.g\. vpc-peer-accepter$/),
      expect.stringMatching(
        /^ACCEPTER_ROLES: .* e\.g\. 123456789012=arn:aws:iam::123456789012:role\/vpc-peer-accepter$/,
      ),
      'AUTO_ACCEPT: must be true or false, e.g. AUTO_ACCEPT=true',
      expect.stringMatching(/^ROUTE_TABLES: .* e\.g\. vpc-0a1b2c3d=rtb-11111111\+rtb-22222222$/),
    ]);
  });
});
