// The top modal of the user's stack: input blocks with what the user typed (sent as view.state, the
// way Slack does), field errors from `response_action: errors`, and Cancel / submit.
import { useEffect, useState } from 'preact/hooks';
import type { SlackView, ViewStateValues } from '../protocol';
import { type BlockContext, Blocks, type Json, Text } from './blocks';
import { InputElement, initialValue } from './inputs';

export interface ModalProps {
  view: SlackView;
  depth: number;
  errors: Record<string, string>;
  ctx: BlockContext;
  onSubmit(values: ViewStateValues): Promise<string | undefined>;
  onClose(): void;
  onViewAction(blockId: string, action: Json, values: ViewStateValues, confirm?: Json): void;
  onSuggest(blockId: string, actionId: string, query: string, values: ViewStateValues): Promise<Json[]>;
}

function initialState(view: SlackView): ViewStateValues {
  const values: ViewStateValues = {};
  for (const block of view.blocks as Json[]) {
    if (block.type !== 'input' || !block.element) continue;
    values[block.block_id] = { [block.element.action_id]: initialValue(block.element) };
  }
  return values;
}

export function Modal(props: ModalProps) {
  const { view, errors, ctx } = props;
  const [values, setValues] = useState<ViewStateValues>(() => initialState(view));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  // A new view starts from its initial values; an updated one keeps what was typed in blocks it still has.
  useEffect(() => {
    setValues((old) => {
      const fresh = initialState(view);
      for (const blockId of Object.keys(fresh)) if (old[blockId]) fresh[blockId] = old[blockId] as Json;
      return fresh;
    });
  }, [view.id, view.hash]);

  const set = (blockId: string, actionId: string, value: Json) =>
    setValues((old) => ({ ...old, [blockId]: { [actionId]: value } }));

  const submit = async () => {
    setBusy(true);
    setProblem(await props.onSubmit(values));
    setBusy(false);
  };

  const renderInput = (block: Json) => {
    const element: Json = block.element ?? {};
    const blockId = String(block.block_id);
    const state = (values[blockId]?.[element.action_id] ?? {}) as Json;
    const control = (
      <InputElement
        element={element}
        id={`input-${blockId}`}
        state={state}
        names={ctx.names}
        set={(value) => set(blockId, element.action_id, value)}
        onSuggest={(query) => props.onSuggest(blockId, element.action_id, query, values)}
      />
    );
    return (
      <div class={`bk-input ${errors[blockId] ? 'has-error' : ''}`} data-block-id={blockId}>
        <label for={`input-${blockId}`}>
          <Text text={block.label} names={ctx.names} />
          {block.optional && <span class="optional"> (optional)</span>}
        </label>
        {control}
        {errors[blockId] && (
          <div class="field-error" role="alert">
            {errors[blockId]}
          </div>
        )}
        {block.hint && (
          <div class="hint">
            <Text text={block.hint} names={ctx.names} />
          </div>
        )}
      </div>
    );
  };

  const modalCtx: BlockContext = {
    names: ctx.names,
    onAction: (blockId, action, confirm) => props.onViewAction(blockId, action, values, confirm),
  };
  return (
    <div class="overlay">
      <div class="modal" role="dialog" aria-label={view.title?.text ?? 'Modal'} data-view-id={view.id}>
        <header>
          {props.depth > 1 && <span class="stack">{props.depth} ›</span>}
          <h2>
            <Text text={view.title} names={ctx.names} />
          </h2>
          <button type="button" class="icon" title="Close" onClick={props.onClose}>
            ✕
          </button>
        </header>
        <div class="modal-body">
          <Blocks blocks={view.blocks as Json[]} ctx={modalCtx} renderInput={renderInput} />
          {problem && (
            <div class="field-error" role="alert">
              {problem}
            </div>
          )}
        </div>
        <footer>
          <button type="button" class="secondary" onClick={props.onClose}>
            {view.close?.text ?? 'Cancel'}
          </button>
          {view.submit && (
            <button type="button" class="primary" disabled={busy} onClick={() => void submit()}>
              {view.submit.text}
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}
