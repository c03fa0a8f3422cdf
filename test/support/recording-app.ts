// A Bolt app on the real HTTP receiver, connected to a local Slack, that records every request it gets
// (slash command, view submission and close, block actions, options, events) and answers as a test says.
import { App, HTTPReceiver } from '@slack/bolt';
import type { LocalSlack } from '../../src/sandbox/playground/server';

export const TOKEN = 'xoxb-playground-test';
export const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';

export type Received = { kind: string; body: Record<string, unknown> };

/** A Bolt app on its real HTTP receiver that records what it was sent and answers as told. */
export async function startRecordingApp(slack: LocalSlack) {
  const received: Received[] = [];
  const answers: {
    /** The ack of the next view submissions. */
    submission?: Record<string, unknown>;
    /** The modal the command opens, instead of the small default form. */
    modal?: Record<string, unknown>;
    /** The Home tab blocks published on app_home_opened. */
    home?: unknown[];
  } = {};
  const receiver = new HTTPReceiver({
    signingSecret: SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: true,
  });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: TOKEN }),
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/vpc-peer', async ({ ack, body, client }) => {
    received.push({ kind: 'command', body: body as unknown as Record<string, unknown> });
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: (answers.modal as never) ?? {
        type: 'modal',
        callback_id: 'form',
        notify_on_close: true,
        title: { type: 'plain_text', text: 'Form' },
        submit: { type: 'plain_text', text: 'Go' },
        blocks: [
          {
            type: 'input',
            block_id: 'account',
            label: { type: 'plain_text', text: 'Account' },
            element: { type: 'plain_text_input', action_id: 'account' },
          },
          {
            type: 'input',
            block_id: 'vpc',
            label: { type: 'plain_text', text: 'VPC' },
            element: { type: 'external_select', action_id: 'vpc' },
          },
        ],
      },
    });
  });
  app.view('form', async ({ ack, body }) => {
    received.push({ kind: 'view_submission', body: body as unknown as Record<string, unknown> });
    await ack(answers.submission as never);
  });
  app.view({ callback_id: 'form', type: 'view_closed' }, async ({ ack, body }) => {
    received.push({ kind: 'view_closed', body: body as unknown as Record<string, unknown> });
    await ack();
  });
  app.action('approve', async ({ ack, body, respond }) => {
    received.push({ kind: 'block_actions', body: body as unknown as Record<string, unknown> });
    await ack();
    await respond({ replace_original: true, text: 'Approved by you' });
  });
  // A button that opens a modal with the click's trigger_id (as from App Home).
  app.action('details', async ({ ack, body, client }) => {
    received.push({ kind: 'block_actions', body: body as unknown as Record<string, unknown> });
    await ack();
    await client.views.open({
      trigger_id: (body as { trigger_id: string }).trigger_id,
      view: { type: 'modal', title: { type: 'plain_text', text: 'Details' }, blocks: [] },
    });
  });
  app.options('vpc', async ({ ack, body }) => {
    received.push({ kind: 'block_suggestion', body: body as unknown as Record<string, unknown> });
    await ack({ options: [{ text: { type: 'plain_text', text: `vpc for ${body.value}` }, value: 'vpc-1' }] });
  });
  app.event('app_home_opened', async ({ event, client }) => {
    received.push({ kind: 'app_home_opened', body: event as unknown as Record<string, unknown> });
    await client.views.publish({
      user_id: event.user,
      view: {
        type: 'home',
        blocks: (answers.home as never) ?? [
          { type: 'section', text: { type: 'mrkdwn', text: 'Your peerings' } },
        ],
      },
    });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as {
    address(): { port: number };
  };
  slack.connectBot({
    eventsUrl: `http://127.0.0.1:${server.address().port}/slack/events`,
    signingSecret: SECRET,
  });
  return { app, received, answers };
}
