// The top modal of the user's stack: input blocks with what the user typed (sent as view.state, the
// way Slack does), field errors from `response_action: errors`, and Cancel / submit.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { SlackView, ViewStateValues } from '../protocol';
import { type BlockContext, Blocks, type Json, optionOf, Text, Unsupported } from './blocks';

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

/** Slack's initial state of an input element: initial_value / initial_option, else null. */
function initialValue(element: Json): Json {
  if (element.type === 'plain_text_input')
    return { type: element.type, value: element.initial_value ?? null };
  if (element.type === 'static_select' || element.type === 'external_select')
    return {
      type: element.type,
      selected_option: element.initial_option ? optionOf(element.initial_option) : null,
    };
  return { type: element.type };
}

function initialState(view: SlackView): ViewStateValues {
  const values: ViewStateValues = {};
  for (const block of view.blocks as Json[]) {
    if (block.type !== 'input' || !block.element) continue;
    values[block.block_id] = { [block.element.action_id]: initialValue(block.element) };
  }
  return values;
}

function ExternalSelect({
  element,
  current,
  onPick,
  onSuggest,
}: {
  element: Json;
  current: Json | null;
  onPick(option: Json): void;
  onSuggest(query: string): Promise<Json[]>;
}) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<Json[] | undefined>(undefined);
  const min = Number(element.min_query_length ?? 3);
  const search = async (text: string) => {
    setQuery(text);
    setOptions(text.length >= min ? await onSuggest(text) : undefined);
  };
  return (
    <div class="external-select">
      {current && <div class="chosen">{current.text?.text}</div>}
      <input
        type="text"
        data-action-id={element.action_id}
        placeholder={element.placeholder?.text ?? `Type ${min}+ characters to search`}
        value={query}
        onInput={(e) => void search((e.target as HTMLInputElement).value)}
      />
      {options && (
        <ul class="suggestions">
          {options.length === 0 && <li class="none">No matches</li>}
          {options.map((o) => (
            <li>
              <button
                type="button"
                onClick={() => {
                  onPick(optionOf(o));
                  setOptions(undefined);
                  setQuery('');
                }}
              >
                {o.text?.text}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
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
    let control: ComponentChildren;
    if (element.type === 'plain_text_input') {
      const common = {
        id: `input-${blockId}`,
        'data-block-id': blockId,
        placeholder: element.placeholder?.text ?? '',
        maxLength: element.max_length,
        value: state.value ?? '',
        onInput: (e: Event) => {
          const text = (e.target as HTMLInputElement).value;
          set(blockId, element.action_id, { type: element.type, value: text === '' ? null : text });
        },
      };
      control = element.multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />;
    } else if (element.type === 'static_select') {
      const options: Json[] =
        element.options ?? (element.option_groups ?? []).flatMap((g: Json) => g.options ?? []);
      control = (
        <select
          id={`input-${blockId}`}
          data-block-id={blockId}
          value={state.selected_option?.value ?? ''}
          onChange={(e) => {
            const chosen = options.find((o) => o.value === (e.target as HTMLSelectElement).value);
            set(blockId, element.action_id, {
              type: element.type,
              selected_option: chosen ? optionOf(chosen) : null,
            });
          }}
        >
          <option value="">{element.placeholder?.text ?? 'Select an item'}</option>
          {options.map((o) => (
            <option value={o.value}>{o.text?.text}</option>
          ))}
        </select>
      );
    } else if (element.type === 'external_select') {
      control = (
        <ExternalSelect
          element={element}
          current={state.selected_option ?? null}
          onPick={(option) =>
            set(blockId, element.action_id, { type: element.type, selected_option: option })
          }
          onSuggest={(query) => props.onSuggest(blockId, element.action_id, query, values)}
        />
      );
    } else {
      control = <Unsupported what="element" type={element.type} />;
    }
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
