// `/vpc-peer <subcommand> [args]`: picks the subcommand's handler from the table in subcommands.ts.
// Every subcommand answers within Slack's 3 seconds and leaves Aiven and AWS to the worker.
import { lazyListener } from '../lazy-listener';
import { type CommandArgs, DEFAULT_SUBCOMMAND, SUBCOMMANDS, type Subcommand } from '../subcommands';
import { renderUsage } from '../views/usage';
import type { HandlerDeps } from './deps';

export type { CommandArgs, SubcommandHandler, SubcommandInput } from '../subcommands';

export function makeCommandHandler(deps: HandlerDeps, table: readonly Subcommand[] = SUBCOMMANDS) {
  // Each subcommand's module is imported on its first use (cold start: see lazy-listener.ts).
  const handlers = new Map(table.map((s) => [s.name, lazyListener(() => s.load(deps))]));
  return async (input: CommandArgs): Promise<void> => {
    const { command, ack } = input;
    const [name = DEFAULT_SUBCOMMAND, ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const subcommand = handlers.get(name);
    if (!subcommand) {
      await ack({ response_type: 'ephemeral', text: renderUsage(command.text.trim()) });
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
