// `/vpc-peer <subcommand> [args]`: picks the subcommand's handler from the registry in listeners.ts.
// Every subcommand answers within Slack's 3 seconds and leaves Aiven and AWS to the worker.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logger';
import { renderUsage } from '../views/usage';
import type { HandlerDeps } from './deps';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface SubcommandInput extends CommandArgs {
  /** The words after the subcommand, e.g. `["pcx-0a1b2c3d"]` for `/vpc-peer status pcx-0a1b2c3d`. */
  args: string[];
  log: Logger;
}

export type SubcommandHandler = (input: SubcommandInput) => Promise<void>;

/** `/vpc-peer` alone means `create`: the form is what most people come for. */
const DEFAULT_SUBCOMMAND = 'create';

export function makeCommandHandler(deps: HandlerDeps, subcommands: Record<string, SubcommandHandler>) {
  return async (input: CommandArgs): Promise<void> => {
    const { command, ack } = input;
    const [name = DEFAULT_SUBCOMMAND, ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const subcommand = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (name === 'help' || !subcommand) {
      const unknown = name === 'help' ? undefined : command.text.trim();
      await ack({ response_type: 'ephemeral', text: renderUsage(unknown) });
      return;
    }
    const log = deps.logger.child({
      userId: command.user_id,
      channelId: command.channel_id,
      subcommand: name,
    });
    await subcommand({ ...input, args, log });
  };
}
