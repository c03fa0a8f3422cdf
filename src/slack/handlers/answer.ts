// Private answers to a click, where the click was made. A deletion request is a thread reply that is
// also shown in the channel (reply_broadcast): a click on that channel copy comes without
// container.thread_ts, and its response_url answer would land in the thread, out of sight. There the
// answer is an ephemeral message in the channel instead.
import type { AllMiddlewareArgs, BlockAction, RespondFn } from '@slack/bolt';
import type { Logger } from '../../logger';

/** True for a click on the channel copy of a broadcast thread reply. */
export function clickedOnChannelCopy(body: BlockAction): boolean {
  const container = body.container as { type?: string; thread_ts?: string } | undefined;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  return (
    container?.type === 'message' &&
    !container.thread_ts &&
    message?.thread_ts !== undefined &&
    message.thread_ts !== message.ts
  );
}

export function answerWhereClicked(options: {
  body: BlockAction;
  respond: RespondFn;
  client: AllMiddlewareArgs['client'];
  log: Logger;
}): (text: string) => Promise<void> {
  const { body, respond, client, log } = options;
  return async (text) => {
    const channel = body.channel?.id;
    if (channel && clickedOnChannelCopy(body)) {
      try {
        await client.chat.postEphemeral({ channel, user: body.user.id, text });
        return;
      } catch (error) {
        // The thread still gets it: an answer out of sight beats none.
        log.warn({ err: error }, 'could not answer in the channel; answering in the thread');
      }
    }
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  };
}
