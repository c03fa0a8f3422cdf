// Block Kit to Preact: the blocks and elements the bot uses, drawn like Slack. Anything unknown is
// shown as "unsupported", never dropped, so a gap in the playground is visible.
import type { ComponentChildren } from 'preact';
import type { PlaygroundState } from '../protocol';
import { mrkdwnToHtml, plainToHtml } from './mrkdwn';

// Block Kit JSON as the bot sent it: read defensively, field by field.
// biome-ignore lint/suspicious/noExplicitAny: Block Kit is open-ended JSON from the bot
export type Json = Record<string, any>;
export type Names = Pick<PlaygroundState, 'users' | 'channels' | 'userGroups'>;

export interface BlockContext {
  names: Names;
  /** A button, select or overflow was used; `confirm` is the element's confirm dialog, if any. */
  onAction(blockId: string, action: Json, confirm?: Json): void;
}

export function Text({ text, names }: { text: Json | undefined; names: Names }) {
  if (!text) return null;
  const html =
    text.type === 'mrkdwn'
      ? mrkdwnToHtml(String(text.text ?? ''), names)
      : plainToHtml(String(text.text ?? ''), text.emoji !== false);
  // mrkdwnToHtml and plainToHtml escape everything they do not format.
  return <span class="mrkdwn" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Unsupported({ what, type }: { what: 'block' | 'element'; type: unknown }) {
  return (
    <div class="unsupported">
      unsupported {what}: {String(type)}
    </div>
  );
}

export function optionOf(option: Json) {
  return {
    text: option.text,
    value: option.value,
    ...(option.description ? { description: option.description } : {}),
  };
}

/** Fields Slack puts in an action payload, per element type. */
export function actionPayload(element: Json, extra: Json = {}): Json {
  const base: Json = { type: element.type, action_id: element.action_id };
  if (element.type === 'button') {
    return {
      ...base,
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style ? { style: element.style } : {}),
    };
  }
  return { ...base, ...(element.placeholder ? { placeholder: element.placeholder } : {}), ...extra };
}

function Button({ element, blockId, ctx }: { element: Json; blockId: string; ctx: BlockContext }) {
  const onClick = () => {
    // Only web links: a javascript: URL from a message must not run in the page.
    if (typeof element.url === 'string' && /^https?:\/\//.test(element.url))
      window.open(element.url, '_blank', 'noopener');
    ctx.onAction(blockId, actionPayload(element), element.confirm);
  };
  return (
    <button
      type="button"
      class={`bk-button ${element.style ?? ''}`}
      data-action-id={element.action_id}
      onClick={onClick}
    >
      <Text text={element.text} names={ctx.names} />
    </button>
  );
}

function allOptions(element: Json): Json[] {
  if (Array.isArray(element.options)) return element.options;
  if (Array.isArray(element.option_groups))
    return element.option_groups.flatMap((g: Json) => g.options ?? []);
  return [];
}

function Select({ element, blockId, ctx }: { element: Json; blockId: string; ctx: BlockContext }) {
  if (element.type === 'external_select') {
    return <div class="unsupported">external_select in a message: open it from a modal</div>;
  }
  const options = allOptions(element);
  const onChange = (event: Event) => {
    const value = (event.target as HTMLSelectElement).value;
    const chosen = options.find((o) => o.value === value);
    if (chosen)
      ctx.onAction(blockId, actionPayload(element, { selected_option: optionOf(chosen) }), element.confirm);
  };
  return (
    <select
      class="bk-select"
      data-action-id={element.action_id}
      onChange={onChange}
      value={element.initial_option?.value ?? ''}
    >
      <option value="" disabled>
        {element.placeholder?.text ?? 'Select an item'}
      </option>
      {options.map((o) => (
        <option value={o.value}>{o.text?.text}</option>
      ))}
    </select>
  );
}

function Overflow({ element, blockId, ctx }: { element: Json; blockId: string; ctx: BlockContext }) {
  const options: Json[] = element.options ?? [];
  const onChange = (event: Event) => {
    const target = event.target as HTMLSelectElement;
    const chosen = options.find((o) => o.value === target.value);
    target.value = '';
    if (chosen)
      ctx.onAction(blockId, actionPayload(element, { selected_option: optionOf(chosen) }), element.confirm);
  };
  return (
    <select
      class="bk-overflow"
      title="More actions"
      data-action-id={element.action_id}
      onChange={onChange}
      value=""
    >
      <option value="">⋯</option>
      {options.map((o) => (
        <option value={o.value}>{o.text?.text}</option>
      ))}
    </select>
  );
}

export function Element({ element, blockId, ctx }: { element: Json; blockId: string; ctx: BlockContext }) {
  switch (element.type) {
    case 'button':
      return <Button element={element} blockId={blockId} ctx={ctx} />;
    case 'static_select':
    case 'external_select':
      return <Select element={element} blockId={blockId} ctx={ctx} />;
    case 'overflow':
      return <Overflow element={element} blockId={blockId} ctx={ctx} />;
    case 'image':
      return <img class="bk-accessory-image" src={element.image_url} alt={element.alt_text ?? ''} />;
    default:
      return <Unsupported what="element" type={element.type} />;
  }
}

/** Blocks common to messages, modals and App Home; `input` blocks are drawn by the modal. */
export function Block({
  block,
  ctx,
  renderInput,
}: {
  block: Json;
  ctx: BlockContext;
  renderInput?: (block: Json) => ComponentChildren;
}) {
  const blockId = String(block.block_id ?? '');
  switch (block.type) {
    case 'header':
      return (
        <div class="bk-header">
          <Text text={block.text} names={ctx.names} />
        </div>
      );
    case 'divider':
      return <hr class="bk-divider" />;
    case 'section':
      return (
        <div class="bk-section">
          <div class="bk-section-body">
            {block.text && (
              <div>
                <Text text={block.text} names={ctx.names} />
              </div>
            )}
            {Array.isArray(block.fields) && (
              <div class="bk-fields">
                {block.fields.map((field: Json) => (
                  <div class="bk-field">
                    <Text text={field} names={ctx.names} />
                  </div>
                ))}
              </div>
            )}
          </div>
          {block.accessory && (
            <div class="bk-accessory">
              <Element element={block.accessory} blockId={blockId} ctx={ctx} />
            </div>
          )}
        </div>
      );
    case 'context':
      return (
        <div class="bk-context">
          {(block.elements ?? []).map((el: Json) =>
            el.type === 'image' ? (
              <img src={el.image_url} alt={el.alt_text ?? ''} />
            ) : (
              <Text text={el} names={ctx.names} />
            ),
          )}
        </div>
      );
    case 'actions':
      return (
        <div class="bk-actions">
          {(block.elements ?? []).map((el: Json) => (
            <Element element={el} blockId={blockId} ctx={ctx} />
          ))}
        </div>
      );
    case 'image':
      return (
        <figure class="bk-image">
          {block.title && (
            <figcaption>
              <Text text={block.title} names={ctx.names} />
            </figcaption>
          )}
          <img src={block.image_url} alt={block.alt_text ?? ''} />
        </figure>
      );
    case 'input':
      return renderInput ? renderInput(block) : <Unsupported what="block" type="input (outside a modal)" />;
    default:
      return <Unsupported what="block" type={block.type} />;
  }
}

export function Blocks({
  blocks,
  ctx,
  renderInput,
}: {
  blocks: Json[];
  ctx: BlockContext;
  renderInput?: (block: Json) => ComponentChildren;
}) {
  return (
    <div class="bk-blocks">
      {blocks.map((block) => (
        <Block block={block} ctx={ctx} {...(renderInput ? { renderInput } : {})} />
      ))}
    </div>
  );
}
