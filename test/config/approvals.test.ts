// APPROVALS_REQUIRED as an operator types it: a whole number of distinct approvers from 1 to 5 that
// the approvers named can reach.
import { ConfigError, parseConfig } from '../../src/config';

const base = { AIVEN_API_TOKEN: 'aiven-token', AIVEN_ORGANIZATION_ID: 'org4f9a1b2c3d4' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig({ ...base, ...env }, 'local');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('APPROVALS_REQUIRED', () => {
  test('defaults to one approval, as before quorums', () => {
    expect(parseConfig(base, 'local').approvalsRequired).toBe(1);
  });

  test('takes 1 to 5 distinct approvers', () => {
    const config = parseConfig({ ...base, APPROVERS: 'S0NETOPS', APPROVALS_REQUIRED: '2' }, 'local');
    expect(config.approvalsRequired).toBe(2);
  });

  test.each(['0', '6', '1.5', 'two', '-1'])('refuses %p, saying what a valid value looks like', (value) => {
    expect(problemsOf({ APPROVALS_REQUIRED: value })).toEqual([
      'APPROVALS_REQUIRED: must be a whole number of distinct approvers from 1 to 5, e.g. 2',
    ]);
  });

  test('refuses a quorum the named approvers cannot reach', () => {
    expect(problemsOf({ APPROVERS: 'U0CAROL,U0DAVE', APPROVALS_REQUIRED: '3' })).toEqual([
      'APPROVALS_REQUIRED: 3 distinct approvers are needed but APPROVERS names only 2; name more users or a user group (S...), or lower APPROVALS_REQUIRED',
    ]);
    // A user group may have any number of members.
    expect(problemsOf({ APPROVERS: 'U0CAROL,S0NETOPS', APPROVALS_REQUIRED: '3' })).toEqual([]);
  });
});
