/** /ask question: [source:] — quotes from the sources that answer the question, or a plain decline. */
import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { invalidQuestion, MAX_QUESTION_CHARS } from '../src/compose.ts';
import type { BotContext, Outcome } from '../src/bot/context.ts';
import { answerMessage, ephemeral, TEXT } from '../src/bot/format.ts';
import { sourceChoices } from '../src/bot/choices.ts';
import { recordQuestion } from '../src/bot/records.ts';
import type { QuestionOutcome } from '../src/storage.ts';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer is quoted word for word from the sources.')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('question').setDescription('What do you want to know?').setRequired(true).setMaxLength(MAX_QUESTION_CHARS))
  .addStringOption((o) => o.setName('source').setDescription('Search only this source').setAutocomplete(true));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const started = performance.now();
  const question = interaction.options.getString('question', true);
  const sourceId = interaction.options.getString('source') ?? undefined;
  const engine = ctx.library.engine;
  // The command exists only in servers; records are per server, so one without a server is not kept.
  const record = (outcome: QuestionOutcome, sourceIds: string[] = []) =>
    interaction.guildId !== null &&
    recordQuestion(ctx, {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
      question,
      outcome,
      sourceIds,
      latencyMs: performance.now() - started,
      via: 'ask',
    });
  const problem = invalidQuestion(question);
  if (problem) {
    record('invalid');
    await interaction.reply(ephemeral(problem));
    return 'invalid';
  }
  if (sourceId !== undefined && !engine.source(sourceId)) {
    record('invalid');
    await interaction.reply(ephemeral(`${TEXT.noSuchSource(sourceId)} Pick one from the list as you type.`));
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
  // Recorded before the reply goes out, so that buttons on the answer can carry the record's ID.
  record(answer.answered ? 'answered' : answer.reason?.kind === 'invalid' ? 'invalid' : 'declined', [...new Set(answer.quotes.map((q) => q.sourceId))]);
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
