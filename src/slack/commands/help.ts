// `/vpc-peer help`: the usage, seen only by the user who asked.
import type { SubcommandHandler } from '../handlers/command';
import { renderUsage } from '../views/usage';

export function makeHelpCommand(): SubcommandHandler {
  return async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: renderUsage() });
  };
}
