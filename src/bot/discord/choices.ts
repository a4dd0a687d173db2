/** Autocomplete over source IDs and titles, as Discord allows it (25 choices, 100-character names). */
import type { ApplicationCommandOptionChoiceData } from 'discord.js';

import type { Source } from '../../types.ts';
import { visibleText } from './format.ts';
import { cutAtWord } from '../../text.ts';

export function sourceChoices(sources: readonly Source[], typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const needle = typed.trim().toLowerCase();
  return sources
    .filter((s) => needle === '' || s.id.toLowerCase().includes(needle) || s.title.toLowerCase().includes(needle))
    .slice(0, 25)
    .map((s) => ({ name: cutAtWord(visibleText(`${s.id} · ${s.title}`).replace(/\s+/g, ' '), 100), value: s.id.slice(0, 100) }));
}
