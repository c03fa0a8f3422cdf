// Files uploaded the way Slack's current API takes them (files.getUploadURLExternal, a POST of the
// bytes to the upload URL, files.completeUploadExternal), kept in memory so the page can show them.
import type { SharedFile } from './protocol';

interface Upload {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL; undefined until then. */
  bytes?: Buffer;
  /** Set once files.completeUploadExternal finished it: Slack completes a file once. */
  completedAs?: SharedFile;
}

export function makeUploads(options: { baseUrl: () => string }) {
  const uploads = new Map<string, Upload>();
  let next = 0;

  return {
    /** A pending upload: its id (F...) and the URL its bytes go to. */
    start(filename: string, length: number): { fileId: string; uploadUrl: string } {
      next += 1;
      const id = `F${String(next).padStart(10, '0')}`;
      uploads.set(id, { id, filename, length });
      return { fileId: id, uploadUrl: `${options.baseUrl()}/upload/v1/${id}` };
    },
    /** The bytes for a pending upload; false when the URL names no upload (Slack answers 404). */
    receive(fileId: string, bytes: Buffer): boolean {
      const upload = uploads.get(fileId);
      if (!upload || upload.completedAs) return false;
      upload.bytes = bytes;
      return true;
    },
    get(fileId: string): Readonly<Upload> | undefined {
      return uploads.get(fileId);
    },
    /** Marks the upload complete and returns the file object Slack shares. */
    complete(fileId: string, title: string | undefined): SharedFile {
      const upload = uploads.get(fileId) as Upload;
      const url = `${options.baseUrl()}/files/${upload.id}/${encodeURIComponent(upload.filename)}`;
      const file: SharedFile = {
        id: upload.id,
        name: upload.filename,
        title: title ?? upload.filename,
        mimetype: 'text/plain',
        filetype: 'text',
        size: upload.bytes?.length ?? 0,
        url_private: url,
        url_private_download: `${url}?download=1`,
      };
      upload.completedAs = file;
      return file;
    },
    /** The contents of a completed file (what the page shows and downloads). */
    contents(fileId: string): { file: SharedFile; bytes: Buffer } | undefined {
      const upload = uploads.get(fileId);
      return upload?.completedAs && upload.bytes
        ? { file: upload.completedAs, bytes: upload.bytes }
        : undefined;
    },
  };
}

export type Uploads = ReturnType<typeof makeUploads>;
