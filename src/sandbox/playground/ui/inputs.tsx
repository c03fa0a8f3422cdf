// Input elements of modal input blocks, each keeping Slack's state value shape for view.state
// (https://api.slack.com/reference/interaction-payloads/views#view_submission_fields).
import { useState } from 'preact/hooks';
import { type Json, type Names, optionOf, Unsupported } from './blocks';

const TEXT_INPUTS: Record<string, 'text' | 'email' | 'url' | 'number'> = {
  plain_text_input: 'text',
  email_text_input: 'email',
  url_text_input: 'url',
  number_input: 'number',
};

const allOptions = (element: Json): Json[] =>
  element.options ?? (element.option_groups ?? []).flatMap((g: Json) => g.options ?? []);

/** Slack's initial state of an input element, from its initial_* field, else empty. */
export function initialValue(element: Json): Json {
  const type = element.type;
  if (TEXT_INPUTS[type]) return { type, value: element.initial_value ?? null };
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: element.initial_option ? optionOf(element.initial_option) : null };
    case 'multi_static_select':
    case 'checkboxes':
      return { type, selected_options: (element.initial_options ?? []).map(optionOf) };
    case 'users_select':
      return { type, selected_user: element.initial_user ?? null };
    case 'multi_users_select':
      return { type, selected_users: element.initial_users ?? [] };
    case 'conversations_select':
      return { type, selected_conversation: element.initial_conversation ?? null };
    case 'channels_select':
      return { type, selected_channel: element.initial_channel ?? null };
    case 'datepicker':
      return { type, selected_date: element.initial_date ?? null };
    default:
      return { type };
  }
}

function ExternalSelect(props: {
  element: Json;
  current: Json | null;
  onPick(option: Json): void;
  onSuggest(query: string): Promise<Json[]>;
}) {
  const { element, current } = props;
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<Json[] | undefined>(undefined);
  const min = Number(element.min_query_length ?? 3);
  const search = async (text: string) => {
    setQuery(text);
    setOptions(text.length >= min ? await props.onSuggest(text) : undefined);
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
                  props.onPick(optionOf(o));
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

export interface InputProps {
  element: Json;
  id: string;
  state: Json;
  names: Names;
  set(value: Json): void;
  onSuggest(query: string): Promise<Json[]>;
}

/** A single-choice <select> over (value, label) pairs; `pick` turns the value into Slack's state. */
function Choice(props: {
  id: string;
  placeholder: string;
  value: string;
  choices: [string, string][];
  pick(value: string): void;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(e) => props.pick((e.target as HTMLSelectElement).value)}
    >
      <option value="">{props.placeholder}</option>
      {props.choices.map(([value, label]) => (
        <option value={value}>{label}</option>
      ))}
    </select>
  );
}

export function InputElement({ element, id, state, names, set, onSuggest }: InputProps) {
  const type = element.type as string;
  const placeholder = element.placeholder?.text ?? 'Select an item';
  const textType = TEXT_INPUTS[type];
  if (textType) {
    const common = {
      id,
      placeholder: element.placeholder?.text ?? '',
      maxLength: element.max_length,
      value: state.value ?? '',
      onInput: (e: Event) => {
        const text = (e.target as HTMLInputElement).value;
        set({ type, value: text === '' ? null : text });
      },
    };
    if (element.multiline) return <textarea rows={3} {...common} />;
    // Preact types each input type apart; all four take the same attributes here.
    return <input type={textType as 'text'} {...common} />;
  }
  const options = allOptions(element);
  const choices: [string, string][] = options.map((o) => [o.value, o.text?.text ?? o.value]);
  const optionFor = (value: string) => {
    const chosen = options.find((o) => o.value === value);
    return chosen ? optionOf(chosen) : null;
  };
  switch (type) {
    case 'static_select':
      return (
        <Choice
          id={id}
          placeholder={placeholder}
          value={state.selected_option?.value ?? ''}
          choices={choices}
          pick={(v) => set({ type, selected_option: optionFor(v) })}
        />
      );
    case 'external_select':
      return (
        <ExternalSelect
          element={element}
          current={state.selected_option ?? null}
          onPick={(option) => set({ type, selected_option: option })}
          onSuggest={onSuggest}
        />
      );
    case 'users_select':
      return (
        <Choice
          id={id}
          placeholder={placeholder}
          value={state.selected_user ?? ''}
          choices={names.users.filter((u) => !u.isBot).map((u) => [u.id, `${u.realName} (@${u.name})`])}
          pick={(v) => set({ type, selected_user: v || null })}
        />
      );
    case 'conversations_select':
    case 'channels_select': {
      const key = type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      return (
        <Choice
          id={id}
          placeholder={placeholder}
          value={state[key] ?? ''}
          choices={names.channels.filter((c) => !c.dmWith).map((c) => [c.id, `# ${c.name}`])}
          pick={(v) => set({ type, [key]: v || null })}
        />
      );
    }
    case 'multi_static_select':
    case 'multi_users_select': {
      const users = type === 'multi_users_select';
      const pairs: [string, string][] = users
        ? names.users.filter((u) => !u.isBot).map((u) => [u.id, `${u.realName} (@${u.name})`])
        : choices;
      const chosen: string[] = users
        ? (state.selected_users ?? [])
        : (state.selected_options ?? []).map((o: Json) => o.value);
      return (
        <select
          id={id}
          multiple
          onChange={(e) => {
            const values = [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value);
            set(
              users
                ? { type, selected_users: values }
                : { type, selected_options: values.map(optionFor).filter(Boolean) },
            );
          }}
        >
          {pairs.map(([value, label]) => (
            <option value={value} selected={chosen.includes(value)}>
              {label}
            </option>
          ))}
        </select>
      );
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const multiple = type === 'checkboxes';
      const selected: Json[] = multiple
        ? (state.selected_options ?? [])
        : state.selected_option
          ? [state.selected_option]
          : [];
      const toggle = (value: string, on: boolean) => {
        const option = optionFor(value);
        if (!multiple) return set({ type, selected_option: on ? option : null });
        const rest = selected.filter((o) => o.value !== value);
        set({ type, selected_options: on && option ? [...rest, option] : rest });
      };
      return (
        <fieldset id={id} class="choices">
          {options.map((o) => (
            <label>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={id}
                checked={selected.some((s) => s.value === o.value)}
                onChange={(e) => toggle(o.value, (e.target as HTMLInputElement).checked)}
              />{' '}
              {o.text?.text}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'datepicker':
      return (
        <input
          id={id}
          type="date"
          value={state.selected_date ?? ''}
          onInput={(e) => set({ type, selected_date: (e.target as HTMLInputElement).value || null })}
        />
      );
    default:
      return <Unsupported what="element" type={type} />;
  }
}
