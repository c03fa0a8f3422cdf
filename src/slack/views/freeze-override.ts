// The "Freeze override reason" input of the create and deletion forms, shown only while a change
// freeze is in force: override members must fill it; everyone else is refused on submit anyway.
import type { KnownBlock } from '@slack/types';
import { plain } from './blocks';

export const FREEZE_OVERRIDE_BLOCK = { blockId: 'freeze_override', actionId: 'freeze_override' } as const;

export function freezeOverrideInput(freeze: string): KnownBlock {
  return {
    type: 'input',
    block_id: FREEZE_OVERRIDE_BLOCK.blockId,
    optional: true,
    label: plain('Freeze override reason', 2000),
    hint: plain(`${freeze}. Only the freeze's override members may act now, and must say why.`, 2000),
    element: { type: 'plain_text_input', action_id: FREEZE_OVERRIDE_BLOCK.actionId, max_length: 500 },
  };
}

export function readFreezeOverride(
  values: Record<string, Record<string, { value?: string | null }>>,
): string | undefined {
  return values[FREEZE_OVERRIDE_BLOCK.blockId]?.[FREEZE_OVERRIDE_BLOCK.actionId]?.value?.trim() || undefined;
}
