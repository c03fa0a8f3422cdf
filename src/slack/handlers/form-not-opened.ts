// After the slash command is acked, a failed views.open (expired trigger, store error) would end in
// silence: the user hears it through the command's response_url instead.
import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../logger';

export async function tellFormNotOpened(
  deps: { respond: RespondFn; log: Logger; newId: () => string },
  error: unknown,
): Promise<void> {
  // The reference ties what the user quotes to this log line; the error's own text stays out of Slack.
  const reference = `command-${deps.newId().slice(0, 8)}`;
  deps.log.error({ err: error, reference }, 'could not open the create form');
  try {
    await deps.respond({
      response_type: 'ephemeral',
      text: `:warning: vpc-peer could not open the peering form just now. Please try \`/vpc-peer\` again. (reference: ${reference})`,
    });
  } catch (respondError) {
    deps.log.error({ err: respondError, reference }, 'could not tell the user the form did not open');
  }
}
