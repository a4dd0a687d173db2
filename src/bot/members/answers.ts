/**
 * Answering a member however they asked (`/ask`, a mention, `Find in sources`, a new thread in an
 * auto-answer channel): the same clean-up of the question, the same engine call, the same record, and the
 * same answer card with its buttons.
 *
 * A card's buttons carry only the ID of the question's record (`ask:<action>:<record>[:<arg>]`); everything
 * else they need (the question, its source filter, the quoted spans with their sources' content hashes) is
 * read back from the database, so they work after a restart and on any shard.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type ButtonInteraction, type EmbedBuilder } from 'discord.js';
import { invalidQuestion } from '../../engine/ranking/compose.ts';
import type { AnswerEngine } from '../../engine/engine.ts';
import type { AnswerRecord, QuestionOutcome } from '../../store/records.ts';
import type { Answer, Quote, SourceId } from '../../types.ts';
import type { BotContext, Outcome } from '../context.ts';
import { answerMessage, ephemeral, moreQuotesMessage, NO_PINGS, passageEmbeds, TEXT, type Passage } from '../discord/format.ts';
import { failureOf, recordQuestion } from './records.ts';

/** How a question reached the bot; stored with its record. */
export type Via = 'ask' | 'mention' | 'message-command' | 'auto';

export interface Asking {
  guildId: string | null;
  channelId: string;
  userId: string;
  /** As the member wrote it (mentions of the bot removed): what is recorded and shown above the quotes. */
  question: string;
  sourceId?: SourceId;
  via: Via;
  /** `performance.now()` when the question arrived. */
  startedAt: number;
}

export interface Answered {
  answer: Answer;
  /** The record's ID, for the card's buttons; undefined when it could not be stored (or outside a server). */
  recordId: number | undefined;
}

/** The prefix of the card's buttons: the `/ask` command module handles them (see `Command.button`). */
const PREFIX = 'ask';
/** Further quotes shown per press of "More quotes". */
const MORE_PER_PAGE = 3;
/** The most quotes the engine gives for one question, the first ones being those on the card. */
const MOST_QUOTES = 10;

/** Records the question in its server (questions outside a server are not kept); returns the record's ID. */
export async function record(ctx: BotContext, asking: Asking, outcome: QuestionOutcome, quotes: readonly Quote[] = []): Promise<number | undefined> {
  if (asking.guildId === null) return undefined;
  const engine = ctx.library.engine;
  return recordQuestion(ctx, {
    guildId: asking.guildId,
    channelId: asking.channelId,
    userId: asking.userId,
    question: asking.question,
    outcome,
    sourceIds: [...new Set(quotes.map((q) => q.sourceId))],
    latencyMs: performance.now() - asking.startedAt,
    via: asking.via,
    sourceFilter: asking.sourceId,
    quotes: quotes.map((q) => ({ sourceId: q.sourceId, start: q.start, end: q.end, contentHash: engine.source(q.sourceId)?.contentHash ?? '' })),
  });
}

/** Why the question cannot be searched (recorded as unusable), or null when it can. */
export function questionProblem(ctx: BotContext, asking: Asking): string | null {
  const problem = invalidQuestion(asking.question);
  // Nothing waits for this record: the member's reply says what was wrong with the question.
  if (problem) void record(ctx, asking, 'invalid');
  return problem;
}

/** The engine's answer to the question, its title the question as the member wrote it. */
export function askEngine(ctx: BotContext, asking: Asking): Answer {
  return { ...ctx.library.engine.ask(asking.question, { sourceId: asking.sourceId }), question: asking.question };
}

/** Asks the engine and records the outcome with the quotes shown, before anything is posted (the buttons carry the record's ID). */
export async function answerQuestion(ctx: BotContext, asking: Asking): Promise<Answered> {
  const answer = askEngine(ctx, asking);
  return { answer, recordId: await record(ctx, asking, outcomeOf(answer), answer.quotes) };
}

export function outcomeOf(answer: Answer): QuestionOutcome {
  return answer.outcome === 'declined' && answer.reason?.kind === 'invalid' ? 'invalid' : answer.outcome;
}

export interface AnswerCard {
  content: string;
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: typeof NO_PINGS;
}

/**
 * The answer (or the closest passages) with its buttons: Helpful, Not helpful, More quotes, Full passage, and
 * Share on a private one. A decline has none (there is nothing to rate, extend or share), nor has a reply whose
 * record could not be stored (its buttons would have nothing to read).
 */
export function answerCard({ answer, recordId }: Answered, engine: AnswerEngine, { shareable = false } = {}): AnswerCard {
  const message = answerMessage(answer, engine);
  return { ...message, components: answer.quotes.length > 0 && recordId !== undefined ? [cardButtons(recordId, shareable)] : [] };
}

function cardButtons(recordId: number, shareable: boolean): ActionRowBuilder<ButtonBuilder> {
  const button = (id: string, label: string, style = ButtonStyle.Secondary) =>
    new ButtonBuilder().setCustomId(`${PREFIX}:${id}`).setLabel(label).setStyle(style);
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    button(`vote:${recordId}:1`, TEXT.buttons.helpful),
    button(`vote:${recordId}:0`, TEXT.buttons.notHelpful),
    button(`more:${recordId}:0`, TEXT.buttons.more),
    button(`passage:${recordId}`, TEXT.buttons.passage),
  );
  if (shareable) row.addComponents(button(`share:${recordId}`, TEXT.buttons.share, ButtonStyle.Primary));
  return row;
}

/** A card's button was pressed: `ask:vote|more|passage|share:<record>[:<arg>]`. */
export async function answerButton(interaction: ButtonInteraction, ctx: BotContext): Promise<Outcome> {
  const [, action, idText, arg] = interaction.customId.split(':');
  const id = Number(idText);
  let record: AnswerRecord | undefined;
  try {
    record = interaction.guildId !== null && Number.isSafeInteger(id) ? await ctx.storage.answerRecord(interaction.guildId, id) : undefined;
  } catch (err) {
    // Every button reads the answer back from the records: without them, say so rather than "something went wrong".
    ctx.log.log('error', 'answer_record_unavailable', { failure: failureOf(err), guild: interaction.guildId });
    await interaction.reply(ephemeral(TEXT.recordsUnavailable));
    return 'unavailable';
  }
  if (!record) {
    await interaction.reply(ephemeral(TEXT.answerGone(ctx.retentionDays)));
    return 'expired';
  }
  switch (action) {
    case 'vote':
      return vote(interaction, ctx, record, arg === '1');
    case 'more':
      return moreQuotes(interaction, ctx, record, Math.max(0, Number(arg) || 0));
    case 'passage':
      return fullPassage(interaction, ctx, record);
    case 'share':
      return share(interaction, ctx, record);
    default:
      await interaction.reply(ephemeral(TEXT.unknownCommand));
      return 'invalid';
  }
}

async function vote(interaction: ButtonInteraction, ctx: BotContext, record: AnswerRecord, helpful: boolean): Promise<Outcome> {
  const member = ctx.hashMember(interaction.user.id);
  let before: boolean | undefined;
  let stored: boolean;
  try {
    before = await ctx.storage.voteOf(interaction.guildId!, record.id, member);
    stored = await ctx.storage.vote(interaction.guildId!, record.id, member, helpful);
  } catch (err) {
    ctx.log.log('error', 'vote_not_stored', { failure: failureOf(err), guild: interaction.guildId });
    await interaction.reply(ephemeral(TEXT.voteNotStored));
    return 'unavailable';
  }
  if (!stored) {
    await interaction.reply(ephemeral(TEXT.answerGone(ctx.retentionDays)));
    return 'expired';
  }
  await interaction.reply(ephemeral(TEXT.voted(helpful, before)));
  return 'voted';
}

/** The quotes the engine gives after those on the card, `MORE_PER_PAGE` at a time, privately. */
async function moreQuotes(interaction: ButtonInteraction, ctx: BotContext, record: AnswerRecord, skip: number): Promise<Outcome> {
  const engine = ctx.library.engine;
  if (record.sourceFilter !== null && !engine.source(record.sourceFilter)) {
    await interaction.reply(ephemeral(TEXT.sourceGone(record.sourceFilter)));
    return 'expired';
  }
  const all = engine.ask(record.question, { sourceId: record.sourceFilter ?? undefined, limit: MOST_QUOTES });
  // A span on the card is the same quote only while its source reads as it did then.
  const shown = new Set(record.quotes.filter((q) => engine.source(q.sourceId)?.contentHash === q.contentHash).map((q) => `${q.sourceId}:${q.start}:${q.end}`));
  const rest = all.quotes.filter((q) => !shown.has(`${q.sourceId}:${q.start}:${q.end}`));
  const page = rest.slice(skip, skip + MORE_PER_PAGE);
  if (page.length === 0) {
    await interaction.reply(ephemeral(TEXT.noMoreQuotes));
    return 'shown';
  }
  const next = skip + MORE_PER_PAGE;
  const components =
    rest.length > next
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId(`${PREFIX}:more:${record.id}:${next}`).setLabel(TEXT.buttons.more).setStyle(ButtonStyle.Secondary),
          ),
        ]
      : [];
  await interaction.reply({ embeds: [moreQuotesMessage(record.question, page, engine)], components, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  return 'shown';
}

/** The paragraph around each quote on the card, verbatim, privately; a source changed or removed since is named. */
async function fullPassage(interaction: ButtonInteraction, ctx: BotContext, record: AnswerRecord): Promise<Outcome> {
  const engine = ctx.library.engine;
  const passages: Passage[] = [];
  const notes: string[] = [];
  for (const q of record.quotes) {
    const source = engine.source(q.sourceId);
    if (!source) notes.push(TEXT.sourceGone(q.sourceId));
    else if (source.contentHash !== q.contentHash) notes.push(TEXT.sourceChanged(q.sourceId));
    else {
      const paragraph = engine.paragraphAround(q.sourceId, q.start, q.end) ?? { start: q.start, end: q.end };
      const text = source.text;
      passages.push({
        sourceId: q.sourceId,
        source,
        before: text.slice(paragraph.start, q.start),
        quote: text.slice(q.start, q.end),
        after: text.slice(q.end, paragraph.end),
      });
    }
  }
  await interaction.reply({ embeds: passageEmbeds(passages, notes), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  return passages.length > 0 ? 'shown' : 'expired';
}

/**
 * Posts a private answer in the channel, exactly as it was shown: rebuilt from its record, refused if a
 * quoted source has changed since. The private copy loses its Share button, so it is shared once; the public
 * post says who shared it only through Discord's own "used Share" line.
 */
async function share(interaction: ButtonInteraction, ctx: BotContext, record: AnswerRecord): Promise<Outcome> {
  if (record.memberHash !== ctx.hashMember(interaction.user.id)) {
    await interaction.reply(ephemeral(TEXT.onlyAskerShares));
    return 'refused';
  }
  const engine = ctx.library.engine;
  const quotes: Quote[] = [];
  for (const q of record.quotes) {
    const source = engine.source(q.sourceId);
    if (!source || source.contentHash !== q.contentHash) {
      await interaction.reply(ephemeral(TEXT.cannotShare));
      return 'expired';
    }
    quotes.push({ sourceId: q.sourceId, text: source.text.slice(q.start, q.end), start: q.start, end: q.end, score: 0 });
  }
  // Shared as it was shown: an answer as an answer, the closest passages under their label.
  const outcome = record.outcome === 'answered' || record.outcome === 'closest' ? record.outcome : 'declined';
  const answered: Answered = { answer: { question: record.question, outcome, answered: outcome === 'answered', quotes }, recordId: record.id };
  const card = answerCard(answered, engine);
  await interaction.update({ content: TEXT.shared, components: [cardButtons(record.id, false)], allowedMentions: NO_PINGS });
  await interaction.followUp(card);
  return 'shared';
}
