// What `npm start` prints once it serves: where to go next and what is configured. Pure, so each
// configuration's wording is tested without starting a bot.
import type { Config } from '../config';
import type { LocalAws } from '../container/local-aws';
import { policyLines } from '../policy/summary';

/** The running bot as the text needs it (a LocalBot has all of it). */
export interface StartupFacts {
  config: Pick<Config, 'aiven' | 'accept' | 'approvers' | 'approvalsRequired' | 'policy' | 'policyFile'>;
  aws: LocalAws;
  organizationId: string;
  eventsUrl: string | undefined;
  signingSecret: string;
  aivenSandbox: { url: string } | undefined;
  playground: { url: string; slack: { apiUrl: string }; guide: { approvers: string } } | undefined;
  /** The line about an older Node than Lambda's (entry/node-version.ts), if any. */
  nodeNote?: string | undefined;
}

export function startupText(facts: StartupFacts): string {
  const { config, aws, playground, aivenSandbox } = facts;
  // The playground's URL comes first: it is what someone trying the bot opens next.
  const lines = playground
    ? ['', `Playground: open ${playground.url} to use vpc-peer as in Slack (local only).`, '']
    : [''];
  lines.push('vpc-peer is running.', aivenLine(facts), ...awsLines(aws, config, aivenSandbox !== undefined));
  if (playground) {
    const quorum = config.approvalsRequired > 1 ? `${config.approvalsRequired} of ` : '';
    const unset = config.approvers.length > 0 ? '' : " (APPROVERS unset: the playground's approvers group)";
    lines.push(
      `  Slack: no app configured; the playground is the bot's Slack (Web API at ${playground.slack.apiUrl}).`,
      `         Requests to ${facts.eventsUrl} must be signed with the signing secret ${facts.signingSecret}.`,
      `         Deletions are approved by ${quorum}${playground.guide.approvers}${unset}.`,
      '  For a real workspace: create the Slack app from manifest.yml and set SLACK_BOT_TOKEN and',
      '        SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) - README "Create the Slack app".',
    );
  } else if (facts.eventsUrl) {
    lines.push(
      `  Slack: requests are served at ${facts.eventsUrl}; expose it (e.g. a tunnel) and put the URL in manifest.yml.`,
    );
  } else {
    lines.push('  Slack: connected in Socket Mode. Type /vpc-peer in Slack.');
  }
  lines.push(...policyLines(config.policy, config.policyFile));
  if (facts.nodeNote) lines.push(facts.nodeNote);
  return `${lines.join('\n')}\n\n`;
}

function aivenLine({ config, aivenSandbox, playground, organizationId }: StartupFacts): string {
  if (aivenSandbox && !playground)
    return `  Aiven: EMBEDDED SANDBOX (AIVEN_SANDBOX=true) at ${aivenSandbox.url}: the peerings this Slack app shows are made up; unset AIVEN_SANDBOX and set AIVEN_API_TOKEN and AIVEN_ORGANIZATION_ID for the real API.`;
  if (aivenSandbox)
    return `  Aiven: embedded sandbox at ${aivenSandbox.url} (organization ${organizationId}); set AIVEN_API_TOKEN and AIVEN_ORGANIZATION_ID to use the real API.`;
  return `  Aiven: ${config.aiven.mode === 'api' ? config.aiven.apiUrl : ''} (organization ${organizationId}).`;
}

function awsLines(aws: LocalAws, config: StartupFacts['config'], aivenSandbox: boolean): string[] {
  switch (aws.kind) {
    case 'playground': {
      const { team } = aws.moto;
      return [
        `  AWS: moto at ${aws.moto.client.endpoint}, started for the playground (stops with it). To try "Accept in AWS",`,
        `       request a peering with AWS account ${team.accountId}, region ${team.region}, VPC ${team.vpcId}`,
        `       (${team.cidr}); the bot assumes role ${config.accept.roleName} there.`,
        `       For a Transit Gateway attachment, use Transit Gateway ${team.transitGatewayId} of the same account`,
        `       with ${team.cidr} as the CIDR behind it; vpc-peer shares it with Aiven and accepts there too.`,
      ];
    }
    case 'endpoint':
      return [
        `  AWS: ${aws.endpoint}${aivenSandbox ? ' (the Aiven sandbox makes its peering requests there too)' : ''}.`,
      ];
    case 'none':
      return [
        `  AWS: none (${aws.reason}).`,
        '       The threads show the manual steps to accept in AWS; with python3 and moto the bot accepts itself.',
      ];
    case 'sdk-defaults':
      return [];
  }
}
