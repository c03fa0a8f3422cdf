// files.*: Slack's current upload (https://docs.slack.dev/reference/methods/files.getUploadURLExternal,
// .../files.completeUploadExternal). files.upload is retired, so it is not here: a call answers
// unknown_method in the playground.
import { fail, str, type WebApiDeps, type WebApiMethods } from './shapes';

/** What Slack says when a required argument is missing or malformed. */
const invalid = (message: string) =>
  fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });

export function fileMethods(deps: WebApiDeps): WebApiMethods {
  const { workspace, uploads } = deps;
  return {
    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename);
      if (!filename) return invalid('missing required field: filename');
      const length = Number(args.length);
      if (args.length === undefined || !Number.isInteger(length) || length < 0)
        return invalid('missing required field: length');
      // Slack: "Typically only occurs when the `length` provided is 0."
      if (length === 0) return fail('missing_argument');
      const { fileId, uploadUrl } = uploads.start(filename, length);
      return { ok: true, upload_url: uploadUrl, file_id: fileId };
    },
    'files.completeUploadExternal': (args) => {
      const files = typeof args.files === 'string' ? safeJson(args.files) : args.files;
      if (!Array.isArray(files) || files.length === 0) return invalid('missing required field: files');
      const wanted = files as { id?: unknown; title?: unknown }[];
      if (wanted.some((f) => typeof f?.id !== 'string')) return invalid('files[].id must be a string');
      for (const f of wanted) {
        const upload = uploads.get(String(f.id));
        // A file id Slack never handed out, or whose bytes never arrived, or completed already.
        if (!upload || upload.completedAs || !upload.bytes) return fail('file_not_found');
      }
      const channelId = str(args.channel_id);
      const threadTs = str(args.thread_ts);
      if (threadTs && !channelId) return invalid('thread_ts needs channel_id');
      const channel = channelId ? workspace.resolveChannel(channelId) : undefined;
      if (channelId && !channel) return fail('channel_not_found');
      const shared = wanted.map((f) => uploads.complete(String(f.id), str(f.title)));
      if (!channel) return { ok: true, files: shared };
      // initial_comment wins over blocks, as in Slack.
      const comment = str(args.initial_comment);
      const blocks = !comment && Array.isArray(args.blocks) ? { blocks: args.blocks } : {};
      const message = workspace.postAsBot({
        channel: channel.id,
        text: comment ?? '',
        ...blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        files: shared,
        upload: true,
      });
      const share = {
        ts: message.ts,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        channel_name: channel.name,
      };
      return {
        ok: true,
        files: shared.map((file) => ({ ...file, shares: { public: { [channel.id]: [share] } } })),
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
