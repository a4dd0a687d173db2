/**
 * /ask question: [source:] [private:] — quotes from the sources that answer the question, or a plain
 * decline. Its module also handles the answer card's buttons (custom IDs `ask:…`), whichever way the
 * question was asked.
 */
import { InteractionContextType, MessageFlags, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../src/engine/ranking/compose.ts';
import { answerButton, answerCard, answerQuestion, outcomeOf, questionProblem, record, type Asking } from '../src/bot/members/answers.ts';
import type { BotContext, Outcome } from '../src/bot/context.ts';
import { ephemeral, TEXT } from '../src/bot/discord/format.ts';
import { sourceChoices } from '../src/bot/discord/choices.ts';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer is quoted word for word from the sources.')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('question').setDescription('What do you want to know?').setRequired(true).setMaxLength(MAX_QUESTION_CHARS))
  .addStringOption((o) => o.setName('source').setDescription('Search only this source').setAutocomplete(true))
  .addBooleanOption((o) => o.setName('private').setDescription('Show the answer only to you (you can share it after)'));

/** A member waits between two questions (`ASK_COOLDOWN_SECONDS`), however they ask. */
export const cooldown = true;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const asking: Asking = {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    question: interaction.options.getString('question', true),
    sourceId: interaction.options.getString('source') ?? undefined,
    via: 'ask',
    startedAt: performance.now(),
  };
  const privately = interaction.options.getBoolean('private') ?? false;
  const problem = questionProblem(ctx, asking);
  if (problem) {
    await interaction.reply(ephemeral(problem));
    return 'invalid';
  }
  if (asking.sourceId !== undefined && !ctx.library.engine.source(asking.sourceId)) {
    void record(ctx, asking, 'invalid');
    await interaction.reply(ephemeral(`${TEXT.noSuchSource(asking.sourceId)} Pick one from the list as you type.`));
    return 'invalid';
  }
  // Deferring first keeps Discord's 3-second window whatever the index size or machine load.
  await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
  const answered = await answerQuestion(ctx, asking);
  await interaction.editReply(answerCard(answered, ctx.library.engine, { shareable: privately }));
  return outcomeOf(answered.answer);
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await interaction.respond(sourceChoices(ctx.library.engine.sources, interaction.options.getFocused()));
}

export const button = answerButton;
