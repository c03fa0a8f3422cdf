// Subcommands that show peerings are for the same people who may request them (REQUESTERS).
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { renderNotAllowed } from '../views/usage';

export function requestersOnly(deps: HandlerDeps, handler: SubcommandHandler): SubcommandHandler {
  return async (input) => {
    if (!deps.policy.mayRequest(input.command.user_id)) {
      input.log.warn('refused: not a requester');
      await input.ack({ response_type: 'ephemeral', text: renderNotAllowed() });
      return;
    }
    await handler(input);
  };
}
