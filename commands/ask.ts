/** /ask question: [source:] — quotes from the sources that answer the question, or a plain decline. */
import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { invalidQuestion, MAX_QUESTION_CHARS } from '../src/compose.ts';
import type { BotContext, Outcome } from '../src/bot/context.ts';
import { answerMessage, codeText, ephemeral, TEXT } from '../src/bot/format.ts';
import { sourceChoices } from '../src/bot/choices.ts';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer is quoted word for word from the sources.')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('question').setDescription('What do you want to know?').setRequired(true).setMaxLength(MAX_QUESTION_CHARS))
  .addStringOption((o) => o.setName('source').setDescription('Search only this source').setAutocomplete(true));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const question = interaction.options.getString('question', true);
  const sourceId = interaction.options.getString('source') ?? undefined;
  const engine = ctx.library.engine;
  const problem = invalidQuestion(question);
  if (problem) {
    await interaction.reply(ephemeral(problem));
    return 'invalid';
  }
  if (sourceId !== undefined && !engine.source(sourceId)) {
    await interaction.reply(ephemeral(`There is no source with ID ${codeText(sourceId)}. Pick one from the list as you type.`));
    return 'invalid';
  }
  const wait = ctx.cooldown.take(interaction.user.id);
  if (wait > 0) {
    await interaction.reply(ephemeral(TEXT.cooldown(Math.ceil(wait / 1000))));
    return 'cooldown';
  }
  // Deferring first keeps Discord's 3-second window whatever the index size or machine load.
  await interaction.deferReply();
  const answer = { ...engine.ask(withoutDiscordMarkup(question), { sourceId }), question };
  if (!answer.answered && interaction.guildId) ctx.unanswered.add(interaction.guildId, question);
  await interaction.editReply(answerMessage(answer, engine));
  return answer.answered ? 'answered' : 'declined';
}

/** User, role and channel mentions and custom emoji are Discord markup, not words of the question. */
export function withoutDiscordMarkup(question: string): string {
  return question.replace(/<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b/g, ' ');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await interaction.respond(sourceChoices(ctx.library.engine.sources, interaction.options.getFocused()));
}
