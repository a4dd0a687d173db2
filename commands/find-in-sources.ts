/**
 * "Find in sources" on a message's context menu (Apps → Find in sources): quotes what the sources say about
 * what the message says, or that no source covers it. Only quotes: never a verdict on the message, never
 * words of the bot's own. Private to the member who used it, with a Share button to post it in the channel.
 */
import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, MessageFlags, type MessageContextMenuCommandInteraction } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../src/engine/ranking/compose.ts';
import { answerCard, answerQuestion, outcomeOf, type Asking } from '../src/bot/members/answers.ts';
import type { BotContext, Outcome } from '../src/bot/context.ts';
import { ephemeral, TEXT } from '../src/bot/discord/format.ts';
import { cutText } from '../src/text.ts';

export const data = new ContextMenuCommandBuilder()
  .setName('Find in sources')
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild);

/** A member waits between two questions (`ASK_COOLDOWN_SECONDS`), however they ask. */
export const cooldown = true;

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<Outcome> {
  // Discord gives an app the text of a message its command was used on, Message Content intent or not.
  const text = interaction.targetMessage.content.trim();
  if (text === '') {
    await interaction.reply(ephemeral(TEXT.noMessageText));
    return 'invalid';
  }
  const asking: Asking = {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    // A long message is looked up by its opening, as much as a question may hold.
    question: cutText(text, MAX_QUESTION_CHARS).text,
    via: 'message-command',
    startedAt: performance.now(),
  };
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const answered = await answerQuestion(ctx, asking);
  await interaction.editReply(answerCard(answered, ctx.library.engine, { shareable: true }));
  return outcomeOf(answered.answer);
}
