// What `npm start` prints for each kind of set-up: the playground on its own moto, the playground
// without AWS, a real Slack app on the real Aiven, Socket Mode, and a Slack app on the Aiven sandbox.
import { parseConfig } from '../../src/config';
import { type StartupFacts, startupText } from '../../src/entry/startup-text';

const slackApp = {
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99f1a2b3c4d5',
  SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcd',
  AIVEN_API_TOKEN: 'aiven-token',
  AIVEN_ORGANIZATION_ID: 'org4f9a1b2c3d4',
};

const playground: StartupFacts['playground'] = {
  url: 'http://127.0.0.1:3001/',
  slack: { apiUrl: 'http://127.0.0.1:40001/api/' },
  guide: { approvers: '@approvers (carol, dave)' },
};

function facts(env: Record<string, string>, rest: Partial<StartupFacts>): StartupFacts {
  return {
    config: parseConfig(env, 'local'),
    aws: { kind: 'sdk-defaults' },
    organizationId: 'org4f9a1b2c3d4',
    eventsUrl: 'http://127.0.0.1:3000/slack/events',
    signingSecret: 'secret0123',
    aivenSandbox: undefined,
    playground: undefined,
    ...rest,
  };
}

describe('the start-up text', () => {
  it('puts the playground first, then its sandbox, its moto and team VPC, and who approves', () => {
    const env = { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter' };
    const text = startupText(
      facts(env, {
        playground,
        aivenSandbox: { url: 'http://127.0.0.1:40002' },
        aws: {
          kind: 'playground',
          moto: {
            client: { endpoint: 'http://127.0.0.1:5005' },
            team: {
              accountId: '111122223333',
              region: 'eu-west-1',
              vpcId: 'vpc-0team',
              cidr: '10.20.0.0/16',
              transitGatewayId: 'tgw-0team',
            },
            stop: async () => {},
          },
        },
        nodeNote: '  Node: v20.0.0 works; prefer Node 22.',
      }),
    );
    expect(text).toBe(
      [
        '',
        'Playground: open http://127.0.0.1:3001/ to use vpc-peer as in Slack (local only).',
        '',
        'vpc-peer is running.',
        '  Aiven: embedded sandbox at http://127.0.0.1:40002 (organization org4f9a1b2c3d4); set AIVEN_API_TOKEN and AIVEN_ORGANIZATION_ID to use the real API.',
        '  AWS: moto at http://127.0.0.1:5005, started for the playground (stops with it). To try "Accept in AWS",',
        '       request a peering with AWS account 111122223333, region eu-west-1, VPC vpc-0team',
        '       (10.20.0.0/16); the bot assumes role vpc-peer-accepter there.',
        '       For a Transit Gateway attachment, use Transit Gateway tgw-0team of the same account',
        '       with 10.20.0.0/16 as the CIDR behind it; vpc-peer shares it with Aiven and accepts there too.',
        "  Slack: no app configured; the playground is the bot's Slack (Web API at http://127.0.0.1:40001/api/).",
        '         Requests to http://127.0.0.1:3000/slack/events must be signed with the signing secret secret0123.',
        "         Deletions are approved by @approvers (carol, dave) (APPROVERS unset: the playground's approvers group).",
        '  For a real workspace: create the Slack app from manifest.yml and set SLACK_BOT_TOKEN and',
        '        SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) - README "Create the Slack app".',
        '  Policy: none (POLICY_FILE unset): REQUESTERS, APPROVERS and ALLOWED_CHANNELS alone decide.',
        '  Node: v20.0.0 works; prefer Node 22.',
        '',
        '',
      ].join('\n'),
    );
  });

  it('without moto says there is no AWS and why, and names the quorum of configured approvers', () => {
    const text = startupText(
      facts(
        { APPROVERS: 'U0CAROL,U0DAVE', APPROVALS_REQUIRED: '2' },
        {
          playground,
          aivenSandbox: { url: 'http://127.0.0.1:40002' },
          aws: { kind: 'none', reason: 'python3 has no moto' },
        },
      ),
    );
    expect(text).toContain(
      '  AWS: none (python3 has no moto).\n       The threads show the manual steps to accept in AWS; with python3 and moto the bot accepts itself.\n',
    );
    expect(text).toContain('         Deletions are approved by 2 of @approvers (carol, dave).\n');
  });

  it('for a Slack app on the real Aiven names the API, the AWS endpoint and where requests arrive', () => {
    const text = startupText(
      facts(slackApp, {
        aws: {
          kind: 'endpoint',
          endpoint: 'http://127.0.0.1:5000',
          client: { endpoint: 'http://127.0.0.1:5000' },
        },
      }),
    );
    expect(text).toBe(
      [
        '',
        'vpc-peer is running.',
        '  Aiven: https://api.aiven.io/v1 (organization org4f9a1b2c3d4).',
        '  AWS: http://127.0.0.1:5000.',
        '  Slack: requests are served at http://127.0.0.1:3000/slack/events; expose it (e.g. a tunnel) and put the URL in manifest.yml.',
        '  Policy: none (POLICY_FILE unset): REQUESTERS, APPROVERS and ALLOWED_CHANNELS alone decide.',
        '',
        '',
      ].join('\n'),
    );
  });

  it('in Socket Mode says so, and on the Aiven sandbox warns that the peerings are made up', () => {
    const text = startupText(
      facts(
        {
          ...slackApp,
          SLACK_APP_TOKEN: 'xapp-1-A0',
          AIVEN_API_TOKEN: '',
          AIVEN_ORGANIZATION_ID: '',
          AIVEN_SANDBOX: 'true',
        },
        { eventsUrl: undefined, aivenSandbox: { url: 'http://127.0.0.1:40002' } },
      ),
    );
    expect(text).toContain('  Aiven: EMBEDDED SANDBOX (AIVEN_SANDBOX=true) at http://127.0.0.1:40002:');
    expect(text).toContain('  Slack: connected in Socket Mode. Type /vpc-peer in Slack.\n');
    expect(text).not.toContain('AWS:');
    expect(text).not.toContain('Playground');
  });
});
