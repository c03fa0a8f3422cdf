// A file shared with a message, as Slack draws it: an icon, its name, size and type, and a way to
// read it in the page (the contents, fetched from the local Slack) or download it.
import { useState } from 'preact/hooks';
import type { SharedFile } from '../protocol';

function sizeOf(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function FileCard({ file }: { file: SharedFile }) {
  const [open, setOpen] = useState(false);
  const [contents, setContents] = useState<string | undefined>(undefined);

  async function toggle(): Promise<void> {
    setOpen(!open);
    if (contents !== undefined) return;
    const response = await fetch(file.url_private);
    setContents(response.ok ? await response.text() : `Could not load the file (HTTP ${response.status}).`);
  }

  return (
    <div class="file" data-file-id={file.id}>
      <div class="file-head">
        <span class="file-icon" aria-hidden="true">
          📄
        </span>
        <span class="file-name">{file.name}</span>
        <span class="file-meta">
          {sizeOf(file.size)} · {file.filetype === 'text' ? 'Plain text' : file.filetype}
        </span>
        <button type="button" class="link" onClick={() => void toggle()}>
          {open ? 'Hide contents' : 'View contents'}
        </button>
        <a class="link" href={file.url_private_download} download={file.name}>
          Download
        </a>
      </div>
      {open && <pre class="file-contents">{contents ?? 'Loading…'}</pre>}
    </div>
  );
}
