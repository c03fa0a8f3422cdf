// Share a file at most once: Slack's three upload steps against the local Slack and a real store,
// with retries, overlapping runs, refusals, lost answers and a crash between upload and completion.
import { Writable } from 'node:stream';
import type { WebClient } from '@slack/web-api';
import type { Store } from '../../src/adapters/store/roles';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { makeWorkerSlackClient } from '../../src/container/clients';
import { makeLogger } from '../../src/logger';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { POST_GRACE_MS } from '../../src/slack/delivery';
import { type FileDelivery, makeFileDelivery } from '../../src/slack/file-delivery';
import { ManualClock } from '../adapters/store-contract';

const CHANNEL = 'C0PLATFORM';
const HCL = 'import {\n  to = aws_route.a\n  id = "rtb-0a_10.20.0.0/24"\n}\n# “quoted” → UTF-8\n';
const file = {
  name: 'prod_eu.tf',
  content: HCL,
  comment: 'Terraform for this peering: run `terraform plan`.',
};

describe('FileDelivery.shareOnce', () => {
  let slack: SlackApiStandIn;
  let store: Store;
  let clock: ManualClock;
  let client: WebClient;
  let files: FileDelivery;
  let threadTs: string;
  const target = () => ({ channelId: CHANNEL, threadTs });
  const shares = () => slack.messages(CHANNEL).filter((m) => m.files && m.thread_ts === threadTs);
  const logs: string[] = [];

  function deliveryWithTimeout(timeoutMs: number): FileDelivery {
    const logger = makeLogger({
      level: 'info',
      destination: new Writable({
        write: (chunk, _e, done) => {
          logs.push(String(chunk));
          done();
        },
      }),
    });
    client = makeWorkerSlackClient({ botToken: 'xoxb-test', apiUrl: slack.apiUrl, logger, timeoutMs });
    return makeFileDelivery({ client, store, clock, logger });
  }

  beforeEach(async () => {
    slack = await startSlackApiStandIn();
    store = openSqliteStore({ path: ':memory:' });
    clock = new ManualClock(new Date());
    files = deliveryWithTimeout(10_000);
    threadTs = String((await client.chat.postMessage({ channel: CHANNEL, text: 'root' })).ts);
    logs.length = 0;
  });
  afterEach(async () => {
    await store.close?.();
    await slack.close();
  });

  it('uploads the bytes, shares them in the thread with the comment, and only once per key', async () => {
    const first = await files.shareOnce('terraform-file:p1:abc', target(), file);
    const again = await files.shareOnce('terraform-file:p1:abc', target(), file);
    expect(first).toMatchObject({ kind: 'shared', now: true });
    expect(again).toMatchObject({ kind: 'shared', now: false, fileId: (first as { fileId: string }).fileId });
    const [asked] = slack.callsTo('files.getUploadURLExternal');
    expect(asked?.args).toMatchObject({ filename: 'prod_eu.tf', length: String(Buffer.byteLength(HCL)) });
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(slack.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({
      channel_id: CHANNEL,
      thread_ts: threadTs,
      initial_comment: file.comment,
    });
    expect(shares()).toHaveLength(1);
    expect(shares()[0]?.text).toBe(file.comment);
    expect(shares()[0]?.files?.[0]).toMatchObject({ name: 'prod_eu.tf', size: Buffer.byteLength(HCL) });
    expect(slack.fileContents(shares()[0]?.files?.[0]?.id ?? '')).toBe(HCL);
  });

  it('overlapping runs share it once', async () => {
    const outcomes = await Promise.all([
      files.shareOnce('k', target(), file),
      files.shareOnce('k', target(), file),
      files.shareOnce('k', target(), file),
    ]);
    expect(outcomes.filter((o) => o.kind === 'shared')).toHaveLength(1);
    expect(shares()).toHaveLength(1);
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });

  it('a refusal (missing files:write) is recorded for good: the caller falls back, nothing uploads later', async () => {
    slack.failNext('files.getUploadURLExternal', 'missing_scope');
    await expect(files.shareOnce('k', target(), file)).resolves.toEqual({
      kind: 'refused',
      error: 'missing_scope',
    });
    clock.advanceSeconds((10 * POST_GRACE_MS) / 1000);
    await expect(files.shareOnce('k', target(), file)).resolves.toEqual({
      kind: 'refused',
      error: 'missing_scope',
    });
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(shares()).toHaveLength(0);
    const log = logs.join('');
    expect(log).toContain('"slackError":"missing_scope"');
    expect(log).not.toContain('xoxb-test');
    expect(log).not.toContain('/upload/v1/');
  });

  it('a refused completion (the bot left the channel) falls back too', async () => {
    slack.failNext('files.completeUploadExternal', 'not_in_channel');
    await expect(files.shareOnce('k', target(), file)).resolves.toEqual({
      kind: 'refused',
      error: 'not_in_channel',
    });
    expect(shares()).toHaveLength(0);
  });

  it('a completion whose answer was lost is found in the thread by its file id, not shared again', async () => {
    files = deliveryWithTimeout(300);
    slack.hangNext('files.completeUploadExternal');
    await expect(files.shareOnce('k', target(), file)).rejects.toThrow();
    expect(shares()).toHaveLength(1);
    const found = await files.shareOnce('k', target(), file);
    expect(found).toEqual({
      kind: 'shared',
      fileId: shares()[0]?.files?.[0]?.id,
      ts: shares()[0]?.ts,
      now: false,
    });
    clock.advanceSeconds((10 * POST_GRACE_MS) / 1000);
    await files.shareOnce('k', target(), file);
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(shares()).toHaveLength(1);
  });

  it('a completion that failed in doubt and never landed is uploaded anew after the grace, once', async () => {
    slack.failNext('files.completeUploadExternal', 'internal_error', { status: 500 });
    await expect(files.shareOnce('k', target(), file)).rejects.toThrow();
    // Within the grace Slack may still be processing it: wait, do not upload again.
    await expect(files.shareOnce('k', target(), file)).resolves.toEqual({ kind: 'pending' });
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    clock.advanceSeconds(POST_GRACE_MS / 1000 + 1);
    await expect(files.shareOnce('k', target(), file)).resolves.toMatchObject({ kind: 'shared', now: true });
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(2);
    expect(shares()).toHaveLength(1);
    expect(slack.fileContents(shares()[0]?.files?.[0]?.id ?? '')).toBe(HCL);
  });

  it('a run that crashed between the upload and the completion: its upload stays unshared, a new one is shared once', async () => {
    // The crashed run: claimed, got a file id and uploaded the bytes, never completed.
    const orphan = await client.files.getUploadURLExternal({
      filename: file.name,
      length: Buffer.byteLength(HCL),
    });
    await fetch(String(orphan.upload_url), { method: 'POST', body: HCL });
    await store.saveMessageIntent(
      {
        key: 'k',
        attempt: 1,
        startedAt: clock.now().toISOString(),
        channelId: CHANNEL,
        threadTs,
        fileId: String(orphan.file_id),
      },
      0,
    );
    // It may still be running: leave it alone within the grace.
    await expect(files.shareOnce('k', target(), file)).resolves.toEqual({ kind: 'pending' });
    clock.advanceSeconds(POST_GRACE_MS / 1000 + 1);
    const shared = await files.shareOnce('k', target(), file);
    expect(shared).toMatchObject({ kind: 'shared', now: true });
    expect((shared as { fileId: string }).fileId).not.toBe(orphan.file_id);
    expect(shares()).toHaveLength(1);
    expect(slack.fileContents(String(orphan.file_id))).toBeUndefined();
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });
});
