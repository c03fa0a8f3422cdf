// The yardstick for the HTTP function's cold start (bench/cold-start.ts): Bolt's smallest app on
// AwsLambdaReceiver, unbundled, as Bolt's own AWS Lambda guide writes it, with one slash command that
// opens one modal. Not the project's code: it requires @slack/bolt straight from node_modules.
//
// One deviation from the guide, to make the comparison stricter rather than easier: a static
// `authorize` instead of `token`, so Bolt makes no auth.test call (the guide's `token` would start one
// at construction and wait for it on the first signed request), like vpc-peer's own app.
const { App, AwsLambdaReceiver } = require('@slack/bolt');

const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET });

const app = new App({
  receiver,
  authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN }),
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

app.command('/vpc-peer', async ({ ack, command, client }) => {
  if (command.text.trim() === 'help') {
    await ack({ response_type: 'ephemeral', text: 'Usage: /vpc-peer [create|help]' });
    return;
  }
  await ack();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: {
      type: 'modal',
      callback_id: 'create',
      title: { type: 'plain_text', text: 'Peer a VPC' },
      submit: { type: 'plain_text', text: 'Create' },
      blocks: [
        {
          type: 'input',
          block_id: 'vpc',
          label: { type: 'plain_text', text: 'AWS VPC ID' },
          element: { type: 'plain_text_input', action_id: 'vpc' },
        },
      ],
    },
  });
});

module.exports.handler = async (event, context, callback) => {
  const handler = await receiver.start();
  return handler(event, context, callback);
};
