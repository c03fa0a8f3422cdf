// The one table of `/vpc-peer` subcommands. The command's dispatch (handlers/command.ts), the help
// (views/usage.ts), the playground's usage hint and the test of manifest.yml's `usage_hint` all read
// it, so they cannot drift apart. Adding a subcommand is one row here (and the same text in
// manifest.yml's `usage_hint`, which a test compares with usageHint()).
//
// Each row loads its handler module with import() on its first use: this file holds only words and
// loaders, so the HTTP function's cold start does not grow with the subcommands.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../logger';
import type { HandlerDeps } from './handlers/deps';
import { COMMAND } from './ids';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface SubcommandInput extends CommandArgs {
  /** The words after the subcommand, e.g. `["pcx-0a1b2c3d"]` for `/vpc-peer status pcx-0a1b2c3d`. */
  args: string[];
  log: Logger;
}

export type SubcommandHandler = (input: SubcommandInput) => Promise<void>;

export interface Subcommand {
  /** The word after the command, e.g. `list`. */
  name: string;
  /** Its arguments as the usage hint shows them (`<required>`, `[optional]`); empty when none. */
  args: string;
  /** One line of help (Slack mrkdwn), after the usage. */
  summary: string;
  /** Imports the handler module and builds the handler (once per process, see handlers/command.ts). */
  load(deps: HandlerDeps): Promise<SubcommandHandler>;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: 'create',
    args: '',
    summary: 'open the form to request a new peering',
    load: async (deps) => (await import('./commands/create.js')).makeCreateCommand(deps),
  },
  {
    name: 'list',
    args: '[org VPC name]',
    summary: 'the org VPCs and their peerings, with links to their threads',
    load: async (deps) => (await import('./commands/list.js')).makeListCommand(deps),
  },
  {
    name: 'status',
    args: '<id>',
    summary: 'one peering in detail, by Aiven peering id, `pcx-…`, `vpc-…` or request id',
    load: async (deps) => (await import('./commands/status.js')).makeStatusCommand(deps),
  },
  {
    name: 'delete',
    args: '[peering id | pcx-id]',
    summary: 'ask to delete a peering (the form lists them); an approver other than you must approve it',
    load: async (deps) => (await import('./commands/delete.js')).makeDeleteCommand(deps),
  },
  {
    name: 'terraform',
    args: '<id | org VPC name>',
    summary:
      'the Terraform file (import blocks and resources) for a peering, or for every peering of an org VPC, seen only by you',
    load: async (deps) => (await import('./commands/terraform.js')).makeTerraformCommand(deps),
  },
  {
    name: 'cidrs',
    args: '<id>',
    summary: "edit the extra CIDRs of a live peering (Aiven's API for it is experimental)",
    load: async (deps) => (await import('./commands/cidrs.js')).makeCidrsCommand(deps),
  },
  {
    name: 'access',
    args: '',
    summary: 'what you may do: your teams, their AWS accounts and channels, what you approve, any freeze',
    load: async (deps) => (await import('./commands/access.js')).makeAccessCommand(deps),
  },
  {
    name: 'help',
    args: '',
    summary: 'show this help',
    load: async () => (await import('./commands/help.js')).makeHelpCommand(),
  },
];

/** `/vpc-peer` alone means `create`: the form is what most people come for. */
export const DEFAULT_SUBCOMMAND = 'create';

/** What the slash command is for: manifest.yml's `description`, and the playground's hint. */
export const COMMAND_DESCRIPTION =
  'Request, follow or delete Aiven organization VPC peerings with your AWS VPCs';

export function findSubcommand(name: string): Subcommand | undefined {
  return SUBCOMMANDS.find((s) => s.name === name);
}

/** e.g. `list [org VPC name]`. */
export function subcommandUsage(subcommand: Pick<Subcommand, 'name' | 'args'>): string {
  return subcommand.args ? `${subcommand.name} ${subcommand.args}` : subcommand.name;
}

/** Slack's usage hint (manifest.yml `usage_hint`): `[create | list [org VPC name] | ... | help]`. */
export function usageHint(): string {
  return `[${SUBCOMMANDS.map(subcommandUsage).join(' | ')}]`;
}

export { COMMAND };
