// Slack's confirm dialog, shown before a button's action is sent.
import { type BlockContext, type Json, Text } from './blocks';

export type Confirm = { dialog: Json; run: () => void };

export function ConfirmDialog({
  confirm,
  names,
  onDone,
}: {
  confirm: Confirm;
  names: BlockContext['names'];
  onDone(): void;
}) {
  const { dialog } = confirm;
  return (
    <div class="overlay confirm-overlay">
      <div class="modal confirm" role="alertdialog" aria-label={dialog.title?.text ?? 'Are you sure?'}>
        <header>
          <h2>
            <Text text={dialog.title ?? { type: 'plain_text', text: 'Are you sure?' }} names={names} />
          </h2>
        </header>
        <div class="modal-body">
          <Text text={dialog.text} names={names} />
        </div>
        <footer>
          <button type="button" class="secondary" onClick={onDone}>
            {dialog.deny?.text ?? 'Cancel'}
          </button>
          <button
            type="button"
            class={dialog.style === 'danger' ? 'danger' : 'primary'}
            onClick={() => {
              onDone();
              confirm.run();
            }}
          >
            {dialog.confirm?.text ?? 'Yes'}
          </button>
        </footer>
      </div>
    </div>
  );
}
