/**
 * Members' messages, beside slash commands:
 *
 * - A message that mentions the bot (`<@id>`, not @everyone, @here or a role) is answered as a reply to it,
 *   with the same card as `/ask`, unless its channel is `off`.
 * - In an `auto` channel, the first message of every new thread or forum post is answered inside the thread
 *   when the sources cover it; otherwise, and once a member with Manage Messages has replied there, the bot
 *   stays silent. Reading messages that do not mention the bot needs the Message Content intent.
 *
 * Messages from bots (this one included), webhooks and Discord itself (joins, pins…) are never answered.
 */
import { ChannelType, PermissionFlagsBits, type AnyThreadChannel, type Message } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../engine/ranking/compose.ts';
import { DEFAULT_CHANNEL_MODE, type ChannelMode } from '../../store/records.ts';
import { answerCard, askEngine, outcomeOf, questionProblem, record, type Asking } from './answers.ts';
import type { BotContext, Outcome } from '../context.ts';
import { TEXT } from '../discord/format.ts';
import { cutText } from '../../text.ts';

/** What a message led to, for the log and metrics; undefined when it was not for the bot at all. */
export interface Handled {
  /** `mention` or `auto`. */
  via: 'mention' | 'auto';
  outcome: Outcome;
  guildId: string;
  userId: string;
}

/** A reply names the message it answers without notifying its author; nothing else pings either. */
const REPLY_NO_PINGS = { parse: [], repliedUser: false } as const;
/** Threads whose first message is awaited (created without one), at most this many at a time. */
const AWAITED_MAX = 1000;
/** How far back a thread is read for a moderator's reply before answering there. */
const THREAD_LOOKBACK = 50;

export class MessageAnswerer {
  /**
   * New threads in `auto` channels that were started without a message: their first message is the
   * question. Held in memory only: a restart in between costs that one automatic answer, nothing more.
   */
  private readonly awaited = new Set<string>();

  constructor(private readonly ctx: BotContext) {}

  /** A message was posted; `accepting` is false while the bot shuts down. */
  async onMessage(message: Message, accepting: boolean): Promise<Handled | undefined> {
    if (!message.inGuild() || message.author.bot || message.webhookId !== null || message.system) return undefined;
    const mention = new RegExp(`<@!?${message.client.user.id}>`, 'g');
    if (mention.test(message.content)) return this.answerMention(message, mention, accepting);
    const channel = message.channel;
    if (!channel.isThread()) return undefined;
    // A forum or media post's opening message has the post's ID; a thread made without a message was noted when it was created.
    const opening = message.id === channel.id || this.awaited.delete(channel.id);
    if (!opening || (await this.modeOf(message.guildId, channel.parentId)) !== 'auto') return undefined;
    return this.answerInThread(message, channel, accepting);
  }

  /** A thread was created; a new one in an `auto` channel gets its starter message answered (or its first message, when it has none). */
  async onThreadCreate(thread: AnyThreadChannel, newlyCreated: boolean, accepting: boolean): Promise<Handled | undefined> {
    if (!newlyCreated || (await this.modeOf(thread.guildId, thread.parentId)) !== 'auto') return undefined;
    // A forum or media post's opening message arrives as a message in it (see onMessage).
    if (thread.parent?.type === ChannelType.GuildForum || thread.parent?.type === ChannelType.GuildMedia) return undefined;
    this.await(thread.id);
    // A thread started from a message in the channel: that message, which came before the thread, is the question.
    const starter = await thread.fetchStarterMessage({ force: true }).catch(() => null);
    if (!starter) return undefined;
    this.awaited.delete(thread.id);
    if (starter.author.bot || starter.webhookId !== null || starter.system) return undefined;
    // One that mentioned the bot was answered when it was posted.
    if (new RegExp(`<@!?${thread.client.user.id}>`).test(starter.content)) return undefined;
    return this.answerInThread(starter, thread, accepting);
  }

  /** A channel's mode; should the database fail, the default (a mention is answered, a new thread is not), and the log says why. */
  private async modeOf(guildId: string, channelId: string | null): Promise<ChannelMode> {
    if (channelId === null) return DEFAULT_CHANNEL_MODE;
    try {
      return await this.ctx.storage.channelMode(guildId, channelId);
    } catch (err) {
      this.ctx.log.log('error', 'channel_mode_failed', { guild: guildId, channel: channelId, error: err instanceof Error ? err.message : err });
      return DEFAULT_CHANNEL_MODE;
    }
  }

  private await(threadId: string): void {
    this.awaited.add(threadId);
    if (this.awaited.size > AWAITED_MAX) this.awaited.delete(this.awaited.values().next().value!);
  }

  private async answerMention(message: Message<true>, mention: RegExp, accepting: boolean): Promise<Handled> {
    const ctx = this.ctx;
    const channel = message.channel;
    const handled = (outcome: Outcome): Handled => ({ via: 'mention', outcome, guildId: message.guildId, userId: message.author.id });
    // A thread or post takes the mode of the channel it is in.
    if ((await this.modeOf(message.guildId, channel.isThread() ? channel.parentId : channel.id)) === 'off') return handled('silent');
    const say = (content: string) => message.reply({ content, allowedMentions: REPLY_NO_PINGS });
    if (!accepting) {
      await say(TEXT.restarting);
      return handled('refused');
    }
    const question = message.content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
    if (question === '') {
      await say(TEXT.mentionHint);
      return handled('invalid');
    }
    const asking: Asking = {
      guildId: message.guildId,
      channelId: message.channelId,
      userId: message.author.id,
      question,
      via: 'mention',
      startedAt: performance.now(),
    };
    const problem = questionProblem(ctx, asking);
    if (problem) {
      await say(problem);
      return handled('invalid');
    }
    const wait = ctx.cooldown.take(message.author.id);
    if (wait > 0) {
      await say(TEXT.cooldown(Math.ceil(wait / 1000)));
      return handled('cooldown');
    }
    const answer = askEngine(ctx, asking);
    // Recorded before the reply goes out, so that the card's buttons can carry the record's ID.
    const recordId = await record(ctx, asking, outcomeOf(answer), answer.quotes);
    await message.reply({ ...answerCard({ answer, recordId }, ctx.library.engine), allowedMentions: REPLY_NO_PINGS });
    return handled(outcomeOf(answer));
  }

  /**
   * Answers `message`, the opening of a new thread in an `auto` channel, inside `thread`: only when the sources
   * cover it (an answer, or the closest passages under their label), and only while no member with Manage
   * Messages has replied there. Declines are recorded for the moderators' gaps, never posted.
   */
  private async answerInThread(message: Message<true>, thread: AnyThreadChannel, accepting: boolean): Promise<Handled> {
    const ctx = this.ctx;
    const handled = (outcome: Outcome): Handled => ({ via: 'auto', outcome, guildId: message.guildId, userId: message.author.id });
    if (!accepting) return handled('silent');
    // Without the Message Content intent a message that does not mention the bot arrives without its text.
    const body = message.content.trim();
    if (body === '') return handled('silent');
    // A post's title is usually the question itself.
    const forum = thread.parent?.type === ChannelType.GuildForum || thread.parent?.type === ChannelType.GuildMedia;
    const text = forum && !body.startsWith(thread.name) ? `${thread.name}\n${body}` : body;
    const asking: Asking = {
      guildId: message.guildId,
      channelId: thread.id,
      userId: message.author.id,
      question: cutText(text, MAX_QUESTION_CHARS).text,
      via: 'auto',
      startedAt: performance.now(),
    };
    const answer = askEngine(ctx, asking);
    if (answer.outcome === 'declined') {
      if (answer.reason?.kind !== 'invalid') void record(ctx, asking, 'declined');
      return handled('silent');
    }
    if (await moderatorReplied(thread, message)) return handled('silent');
    const recordId = await record(ctx, asking, answer.outcome, answer.quotes);
    await thread.send(answerCard({ answer, recordId }, ctx.library.engine));
    return handled(answer.outcome);
  }
}

/** Whether someone other than the asker who may manage messages there has already written in the thread. */
async function moderatorReplied(thread: AnyThreadChannel, asked: Message<true>): Promise<boolean> {
  const messages = await thread.messages.fetch({ limit: THREAD_LOOKBACK });
  const authors = new Set(
    [...messages.values()].filter((m) => !m.author.bot && m.webhookId === null && !m.system && m.author.id !== asked.author.id).map((m) => m.author.id),
  );
  for (const id of authors) {
    // Messages read back over REST carry no member: the gateway will have cached most, the rest are fetched.
    const member = thread.guild.members.cache.get(id) ?? (await thread.guild.members.fetch(id).catch(() => null));
    if (member && thread.permissionsFor(member)?.has(PermissionFlagsBits.ManageMessages)) return true;
  }
  return false;
}
