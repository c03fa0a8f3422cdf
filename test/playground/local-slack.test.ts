// The playground's local Slack speaks Slack's protocol: Web API shapes and errors, trigger_id rules,
// and signed requests that a real Bolt receiver accepts, with the payloads Slack sends.
import { WebClient } from '@slack/web-api';
import { type LocalSlack, startLocalSlack } from '../../src/sandbox/playground/server';
import { makeTriggers, TRIGGER_TTL_MS } from '../../src/sandbox/playground/triggers';
import { startRecordingApp, TOKEN } from '../support/recording-app';

describe('trigger_id', () => {
  it('expires 3 seconds after the action and can be used once', () => {
    let now = 1_000_000;
    const triggers = makeTriggers({ now: () => now, acceptForeign: false });
    const late = triggers.issue('U0ALICE');
    now += TRIGGER_TTL_MS + 1;
    expect(triggers.exchange(late)).toEqual({ ok: false, error: 'expired_trigger_id' });

    const fresh = triggers.issue('U0BOB');
    expect(triggers.exchange(fresh)).toEqual({ ok: true, userId: 'U0BOB' });
    expect(triggers.exchange(fresh)).toEqual({ ok: false, error: 'exchanged_trigger_id' });
    expect(triggers.exchange('made-up')).toEqual({ ok: false, error: 'invalid_trigger_id' });
  });
});

describe('local Slack (strict, as in the playground)', () => {
  let slack: LocalSlack;
  let recording: Awaited<ReturnType<typeof startRecordingApp>>;
  const client = () => new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  beforeEach(async () => {
    slack = await startLocalSlack({ strict: true, botToken: TOKEN });
    recording = await startRecordingApp(slack);
  });
  afterEach(async () => {
    await recording.app.stop();
    await slack.close();
  });

  it('refuses calls without the bot token or with another one, as Slack does', async () => {
    const anonymous = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
    await expect(
      new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }).auth.test(),
    ).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_auth' },
    });
    await expect(client().auth.test()).resolves.toMatchObject({
      ok: true,
      user_id: 'UBOT',
      team_id: 'T0SANDBOX',
    });
    expect(slack.workspace.notices().map((n) => n.text)).toEqual([
      'The bot called auth.test and Slack would answer not_authed.',
      'The bot called auth.test and Slack would answer invalid_auth.',
    ]);
    await expect(client().apiCall('chat.unfurl', { channel: 'C0PLATFORM' })).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    expect(slack.workspace.notices().at(-1)?.text).toBe(
      'The bot called chat.unfurl and Slack would answer unknown_method.',
    );
    await expect(client().chat.postMessage({ channel: 'C0NOWHERE', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('sends a signed slash command the bot accepts; its trigger_id opens one modal only', async () => {
    await expect(slack.interactions.command('U0ALICE', 'C0PLATFORM', '/vpc-peer create')).resolves.toEqual({
      ok: true,
    });
    const command = recording.received.find((r) => r.kind === 'command')?.body;
    expect(command).toMatchObject({
      command: '/vpc-peer',
      text: 'create',
      user_id: 'U0ALICE',
      user_name: 'alice',
      channel_id: 'C0PLATFORM',
      channel_name: 'platform',
      team_id: 'T0SANDBOX',
    });
    expect(String(command?.response_url)).toMatch(new RegExp(`^${slack.baseUrl}/response/`));
    expect(slack.views.stack('U0ALICE').map((v) => v.callback_id)).toEqual(['form']);

    const reuse = await fetch(`${slack.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: command?.trigger_id, view: { type: 'modal', blocks: [] } }),
    });
    expect(await reuse.json()).toEqual({ ok: false, error: 'exchanged_trigger_id' });
  });

  it('sends view_submission with the typed values and shows response_action errors by field', async () => {
    await slack.interactions.command('U0ALICE', 'C0PLATFORM', '/vpc-peer');
    const view = slack.views.stack('U0ALICE')[0];
    recording.answers.submission = { response_action: 'errors', errors: { account: 'Enter 12 digits' } };
    const values = { account: { account: { type: 'plain_text_input', value: '12' } } };
    await slack.interactions.submitView('U0ALICE', view?.id as string, values);

    const submitted = recording.received.find((r) => r.kind === 'view_submission')?.body as {
      view: { id: string; state: unknown };
      user: { id: string };
    };
    expect(submitted.user.id).toBe('U0ALICE');
    expect(submitted.view).toMatchObject({ id: view?.id, callback_id: 'form', state: { values } });
    expect(slack.views.errorsOf('U0ALICE')).toEqual({ account: 'Enter 12 digits' });
    expect(slack.views.stack('U0ALICE')).toHaveLength(1);

    recording.answers.submission = undefined;
    await slack.interactions.submitView('U0ALICE', view?.id as string, values);
    expect(slack.views.stack('U0ALICE')).toHaveLength(0);
  });

  it('answers response_action update, push and clear like Slack', async () => {
    await slack.interactions.command('U0ALICE', 'C0PLATFORM', '/vpc-peer');
    const first = slack.views.stack('U0ALICE')[0]?.id as string;
    const next = (title: string) => ({
      type: 'modal',
      callback_id: 'form',
      title: { type: 'plain_text', text: title },
      blocks: [],
    });
    recording.answers.submission = { response_action: 'update', view: next('Updated') };
    await slack.interactions.submitView('U0ALICE', first, {});
    expect(slack.views.stack('U0ALICE').map((v) => [v.id, v.title?.text])).toEqual([[first, 'Updated']]);
    recording.answers.submission = { response_action: 'push', view: next('Pushed') };
    await slack.interactions.submitView('U0ALICE', first, {});
    expect(slack.views.stack('U0ALICE').map((v) => v.title?.text)).toEqual(['Updated', 'Pushed']);
    recording.answers.submission = { response_action: 'clear' };
    await slack.interactions.submitView('U0ALICE', first, {});
    expect(slack.views.stack('U0ALICE')).toEqual([]);
  });

  it('tells the app when a notify_on_close modal is closed (view_closed)', async () => {
    await slack.interactions.command('U0BOB', 'C0PLATFORM', '/vpc-peer');
    const view = slack.views.stack('U0BOB')[0];
    await slack.interactions.closeView('U0BOB', view?.id as string);
    const closed = recording.received.find((r) => r.kind === 'view_closed')?.body;
    expect(closed).toMatchObject({
      type: 'view_closed',
      user: { id: 'U0BOB' },
      view: { id: view?.id },
      is_cleared: false,
    });
  });

  it('sends block_actions for a message button with container, message and a response_url that replaces it', async () => {
    const posted = await client().chat.postMessage({
      channel: 'C0PLATFORM',
      text: 'Delete peering?',
      blocks: [
        {
          type: 'actions',
          block_id: 'decision',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              value: 'req-1',
              style: 'primary',
              text: { type: 'plain_text', text: 'Approve' },
            },
          ],
        },
      ],
    });
    await slack.interactions.blockAction(
      'U0CAROL',
      { type: 'message', channel: 'C0PLATFORM', ts: posted.ts as string },
      'decision',
      {
        type: 'button',
        action_id: 'approve',
        value: 'req-1',
        text: { type: 'plain_text', text: 'Approve' },
      },
    );
    const body = recording.received.find((r) => r.kind === 'block_actions')?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0CAROL', username: 'carol' },
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0PLATFORM', is_ephemeral: false },
      channel: { id: 'C0PLATFORM', name: 'platform' },
      message: { ts: posted.ts, text: 'Delete peering?', bot_id: 'BBOT' },
      actions: [{ type: 'button', action_id: 'approve', block_id: 'decision', value: 'req-1' }],
    });
    expect(typeof body.trigger_id).toBe('string');
    expect((body.actions as { action_ts?: string }[])[0]?.action_ts).toMatch(/^\d+\.\d+$/);
    expect(slack.workspace.find('C0PLATFORM', posted.ts as string)).toMatchObject({
      text: 'Approved by you',
      blocks: [],
    });
  });

  it('a click on the channel copy of a broadcast reply names no thread; its ephemeral answer shows in the channel', async () => {
    const web = client();
    const root = await web.chat.postMessage({ channel: 'C0PLATFORM', text: 'root' });
    const copy = await web.chat.postMessage({
      channel: 'C0PLATFORM',
      thread_ts: root.ts as string,
      reply_broadcast: true,
      text: 'Delete peering?',
      blocks: [
        {
          type: 'actions',
          block_id: 'decision',
          elements: [{ type: 'button', action_id: 'refuse', text: { type: 'plain_text', text: 'Approve' } }],
        },
      ],
    });
    recording.app.action('refuse', async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'not you' });
    });
    const click = (inThread: boolean) =>
      slack.interactions.blockAction(
        'U0ALICE',
        { type: 'message', channel: 'C0PLATFORM', ts: copy.ts as string, inThread },
        'decision',
        { type: 'button', action_id: 'refuse', text: { type: 'plain_text', text: 'Approve' } },
      );
    await click(false);
    await click(true);
    const answers = slack.workspace
      .visibleTo('U0ALICE', 'C0PLATFORM')
      .filter((m) => m.text === 'not you')
      .map((m) => m.thread_ts);
    // First in the channel (where the copy was clicked), then in the thread.
    expect(answers).toEqual([undefined, root.ts]);
    expect(slack.workspace.visibleTo('U0BOB', 'C0PLATFORM').some((m) => m.text === 'not you')).toBe(false);
  });

  it('asks the app for external_select options (block_suggestion)', async () => {
    await slack.interactions.command('U0ALICE', 'C0PLATFORM', '/vpc-peer');
    const view = slack.views.stack('U0ALICE')[0];
    const result = await slack.interactions.suggest('U0ALICE', view?.id as string, 'vpc', 'vpc', 'prod');
    expect(result).toEqual({
      ok: true,
      options: [{ text: { type: 'plain_text', text: 'vpc for prod' }, value: 'vpc-1' }],
    });
    expect(recording.received.find((r) => r.kind === 'block_suggestion')?.body).toMatchObject({
      type: 'block_suggestion',
      action_id: 'vpc',
      block_id: 'vpc',
      value: 'prod',
      container: { type: 'view', view_id: view?.id },
    });
  });

  it('delivers app_home_opened through the Events API and shows the published Home', async () => {
    await expect(slack.interactions.openHome('U0DAVE')).resolves.toEqual({ ok: true });
    expect(recording.received.find((r) => r.kind === 'app_home_opened')?.body).toMatchObject({
      type: 'app_home_opened',
      user: 'U0DAVE',
      tab: 'home',
    });
    expect(slack.views.home('U0DAVE')?.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Your peerings' } },
    ]);
  });

  it('keeps threads, metadata and ephemerals apart as conversations.history and replies do', async () => {
    const web = client();
    const root = await web.chat.postMessage({
      channel: 'C0PLATFORM',
      text: 'root',
      metadata: { event_type: 'peering', event_payload: { id: 'req-1' } },
    });
    await web.chat.postMessage({ channel: 'C0PLATFORM', text: 'reply', thread_ts: root.ts as string });
    await web.chat.postEphemeral({ channel: 'C0PLATFORM', user: 'U0ALICE', text: 'only alice' });
    const history = await web.conversations.history({ channel: 'C0PLATFORM', include_all_metadata: true });
    expect(history.messages?.map((m) => [m.text, m.reply_count, m.metadata?.event_payload])).toEqual([
      ['root', 1, { id: 'req-1' }],
    ]);
    const replies = await web.conversations.replies({ channel: 'C0PLATFORM', ts: root.ts as string });
    expect(replies.messages?.map((m) => m.text)).toEqual(['root', 'reply']);
    expect(replies.messages?.[0]?.metadata).toBeUndefined();
    expect(slack.workspace.visibleTo('U0BOB', 'C0PLATFORM').map((m) => m.text)).toEqual(['root', 'reply']);
    expect(slack.workspace.visibleTo('U0ALICE', 'C0PLATFORM').map((m) => m.text)).toContain('only alice');
  });

  it('takes a file in three steps as Slack does, checks the arguments, keeps it and shares it once', async () => {
    const web = client();
    const root = await web.chat.postMessage({ channel: 'C0PLATFORM', text: 'root' });
    const refusal = (call: Promise<unknown>) =>
      call.then(
        () => 'ok',
        (e: { data?: { error?: string } }) => e.data?.error,
      );
    const noLength = await fetch(`${slack.apiUrl}files.getUploadURLExternal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'filename=a.tf',
    });
    expect(await noLength.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    await expect(refusal(web.files.getUploadURLExternal({ filename: 'a.tf', length: 0 }))).resolves.toBe(
      'missing_argument',
    );
    const content = 'resource "x" "y" {}\n';
    const { upload_url, file_id } = await web.files.getUploadURLExternal({
      filename: 'a.tf',
      length: content.length,
    });
    expect(file_id).toMatch(/^F/);
    // Completing before the bytes arrived: Slack has no file to share.
    const complete = () =>
      web.files.completeUploadExternal({
        files: [{ id: file_id as string, title: 'a.tf' }],
        channel_id: 'C0PLATFORM',
        thread_ts: root.ts as string,
        initial_comment: 'the file',
      });
    await expect(refusal(complete())).resolves.toBe('file_not_found');
    const uploaded = await fetch(String(upload_url), { method: 'POST', body: content });
    expect([uploaded.status, await uploaded.text()]).toEqual([200, `OK - ${content.length}`]);
    expect((await fetch(`${slack.baseUrl}/upload/v1/F404`, { method: 'POST', body: 'x' })).status).toBe(404);
    const done = await complete();
    expect(done.files?.[0]).toMatchObject({ id: file_id, name: 'a.tf', title: 'a.tf', size: content.length });
    // A file completes once.
    await expect(refusal(complete())).resolves.toBe('file_not_found');
    const replies = await web.conversations.replies({ channel: 'C0PLATFORM', ts: root.ts as string });
    const share = replies.messages?.[1] as { text?: string; files?: { id: string; url_private: string }[] };
    expect(share.text).toBe('the file');
    expect(share.files?.map((f) => f.id)).toEqual([file_id]);
    expect(await (await fetch(share.files?.[0]?.url_private as string)).text()).toBe(content);
    // The retired files.upload is not there.
    const retired = await fetch(`${slack.apiUrl}files.upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await retired.json()).toEqual({ ok: false, error: 'unknown_method' });
  });

  it('knows the seeded people and the approvers group', async () => {
    const web = client();
    await expect(web.usergroups.users.list({ usergroup: 'S0APPROVERS' })).resolves.toMatchObject({
      users: ['U0CAROL', 'U0DAVE'],
    });
    await expect(web.users.info({ user: 'U0CAROL' })).resolves.toMatchObject({
      user: { name: 'carol', is_bot: false },
    });
    await expect(web.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });
  it('shows response_url answers as Slack does: ephemeral, in channel, replacing or deleting, five times at most', async () => {
    await slack.interactions.command('U0ALICE', 'C0PLATFORM', '/vpc-peer');
    const url = String(recording.received.find((r) => r.kind === 'command')?.body.response_url);
    const post = (body: Record<string, unknown>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ text: 'just you' })).status).toBe(200);
    expect((await post({ text: 'everyone', response_type: 'in_channel' })).status).toBe(200);
    const seenBy = (user: string) => slack.workspace.visibleTo(user, 'C0PLATFORM').map((m) => m.text);
    expect(seenBy('U0ALICE')).toEqual(['just you', 'everyone']);
    expect(seenBy('U0BOB')).toEqual(['everyone']);
    for (let i = 0; i < 3; i++) await post({ text: `more ${i}` });
    const sixth = await post({ text: 'too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });

  it('gives permalinks that open the thread in the page, and the app DM channel of a user', async () => {
    const web = client();
    const root = await web.chat.postMessage({ channel: 'C0PLATFORM', text: 'root' });
    const reply = await web.chat.postMessage({
      channel: 'C0PLATFORM',
      text: 'reply',
      thread_ts: root.ts as string,
    });
    const link = await web.chat.getPermalink({ channel: 'C0PLATFORM', message_ts: reply.ts as string });
    expect(link.permalink).toBe(`${slack.baseUrl}/?channel=C0PLATFORM&thread=${root.ts}`);
    await expect(web.conversations.open({ users: 'U0CAROL' })).resolves.toMatchObject({
      channel: { id: 'D0CAROL' },
    });
    const dm = await web.chat.postMessage({ channel: 'U0CAROL', text: 'please approve' });
    expect(dm.channel).toBe('D0CAROL');
    expect(slack.workspace.visibleTo('U0CAROL', 'D0CAROL').map((m) => m.text)).toEqual(['please approve']);
  });

  it('refuses views.update of a closed modal (not_found) and of a stale hash (hash_conflict)', async () => {
    await slack.interactions.command('U0ALICE', 'C0PLATFORM', '/vpc-peer');
    const view = slack.views.stack('U0ALICE')[0];
    const web = client();
    const modal = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Again' },
      blocks: [],
    };
    await expect(
      web.views.update({ view_id: view?.id as string, hash: 'stale', view: modal }),
    ).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
    await expect(
      web.views.update({ view_id: view?.id as string, hash: view?.hash as string, view: modal }),
    ).resolves.toMatchObject({
      view: { id: view?.id, title: { text: 'Again' } },
    });
    await slack.interactions.closeView('U0ALICE', view?.id as string);
    await expect(web.views.update({ view_id: view?.id as string, view: modal })).rejects.toMatchObject({
      data: { error: 'not_found' },
    });
  });
});
