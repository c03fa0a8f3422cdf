// AssumeRole with each team's ExternalId (accepter_external_id). moto's STS accepts any ExternalId and
// does not report it back, so the tests read it where it leaves vpc-peer: the STS request the SDK sends,
// recorded by the proxy in front of moto (test/support/aws-proxy.ts).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { makeConfigLoader } from '../../src/container/settings';
import { makeLogger } from '../../src/logger';
import { reachPendingPeer, startAcceptWorld } from '../accept/helpers';
import { awsClientConfig } from '../support/aws';
import { createTeamVpc } from '../support/aws-accounts';
import { startAwsProxy } from '../support/aws-proxy';

function writePolicy(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpc-peer-policy-')), 'policy.yml');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('ExternalId per team', () => {
  it('the accept run assumes the role with its team ExternalId', async () => {
    const w = await startAcceptWorld((team) => ({
      POLICY_FILE: writePolicy([
        'teams:',
        '  payments:',
        '    members: [U0ALICE]',
        `    aws_accounts: ["${team.accountId}"]`,
        '    accepter_external_id: payments-ext-4f9a',
      ]),
    }));
    try {
      await reachPendingPeer(w);
      const calls = w.proxy.actions('AssumeRole');
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.map((c) => c.params.get('ExternalId'))).toEqual(calls.map(() => 'payments-ext-4f9a'));
      // Never in the logs.
      expect(w.t.logs.join('')).not.toContain('payments-ext-4f9a');
    } finally {
      await w.stop();
    }
  });

  it('each team its own; an account without one gets ACCEPTER_EXTERNAL_ID', async () => {
    const [payments, data, other] = await Promise.all([createTeamVpc(), createTeamVpc(), createTeamVpc()]);
    const config = await makeConfigLoader(
      {
        ACCEPTER_ROLE_NAME: 'vpc-peer-accepter',
        ACCEPTER_EXTERNAL_ID: 'default-ext',
        POLICY_FILE: writePolicy([
          'teams:',
          '  payments:',
          '    members: [U0ALICE]',
          `    aws_accounts: ["${payments.accountId}"]`,
          '    accepter_external_id: payments-ext',
          '  data:',
          '    members: [U0BOB]',
          `    aws_accounts: ["${data.accountId}"]`,
          '    accepter_external_id: data-ext',
          'unlisted_accounts: allow',
        ]),
      },
      'local',
    )();
    const proxy = await startAwsProxy(awsClientConfig().endpoint);
    try {
      const access = makeAwsAccess({
        roles: config.accept,
        client: { ...awsClientConfig(), endpoint: proxy.url },
        logger: makeLogger({
          level: 'silent',
          destination: new Writable({ write: (_c, _e, done) => done() }),
        }),
      });
      for (const team of [payments, data, other]) {
        const connected = await access.connect({
          accountId: team.accountId,
          region: 'eu-west-1',
          peeringId: 'p',
        });
        expect(connected.ok).toBe(true);
      }
      expect(
        proxy.actions('AssumeRole').map((c) => [c.params.get('RoleArn'), c.params.get('ExternalId')]),
      ).toEqual([
        [`arn:aws:iam::${payments.accountId}:role/vpc-peer-accepter`, 'payments-ext'],
        [`arn:aws:iam::${data.accountId}:role/vpc-peer-accepter`, 'data-ext'],
        [`arn:aws:iam::${other.accountId}:role/vpc-peer-accepter`, 'default-ext'],
      ]);
    } finally {
      await proxy.close();
      for (const team of [payments, data, other]) team.ec2.destroy();
    }
  });
});
