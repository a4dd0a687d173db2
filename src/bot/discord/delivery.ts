/**
 * Getting a final message to the member, whatever Discord answers. Two answers need care:
 *
 * - 40060 "Interaction has already been acknowledged": an acknowledgement of ours did arrive (a slow
 *   request that the REST client sent again), so the member sees "thinking…" or our first reply. The
 *   command carries on as if its call had succeeded, and a reply becomes an edit of that message.
 * - 10062 "Unknown interaction": Discord's 3-second window to acknowledge passed. Nothing can reach the
 *   member any more (the follow-up route needs an acknowledged interaction), so the log says so.
 *
 * When an edit fails for another reason (Discord's side), a follow-up message is tried before giving up.
 */
import {
  DiscordAPIError,
  RESTJSONErrorCodes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';

/** The interaction can no longer be answered; `message` says why, for the log. */
export class InteractionExpired extends Error {
  constructor(override readonly cause: unknown) {
    super(
      "Discord no longer accepts an answer to this interaction (10062 Unknown interaction, or its token is invalid): the bot's acknowledgement did not arrive within Discord's 3-second window",
    );
    this.name = 'InteractionExpired';
  }
}

const EXPIRED_CODES = new Set<number | string>([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.InvalidWebhookToken,
]);

function codeOf(err: unknown): number | string | undefined {
  return err instanceof DiscordAPIError ? err.code : undefined;
}

function expiredOr(err: unknown): unknown {
  return EXPIRED_CODES.has(codeOf(err) ?? '') ? new InteractionExpired(err) : err;
}

/**
 * Makes this interaction's `deferReply`, `reply` and `editReply` follow the rules above, so that every
 * command gets them without knowing. `note` hears of each recovery, for the log.
 */
export function guardDelivery(
  repliable: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction,
  note: (event: string, fields: Record<string, unknown>) => void,
): void {
  // The three have the same deferReply, reply, editReply and followUp; typed as one, they can be replaced as one.
  const interaction = repliable as ChatInputCommandInteraction;
  const deferReply = interaction.deferReply.bind(interaction);
  const reply = interaction.reply.bind(interaction);
  const editReply = interaction.editReply.bind(interaction);
  const followUp = interaction.followUp.bind(interaction);

  const guardedDefer = async (options?: Parameters<typeof deferReply>[0]) => {
    try {
      return await deferReply(options);
    } catch (err) {
      if (codeOf(err) !== RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged) throw expiredOr(err);
      interaction.deferred = true;
      note('acknowledged_earlier', { via: 'deferReply' });
      return undefined;
    }
  };
  const guardedReply = async (options: Parameters<typeof reply>[0]) => {
    try {
      return await reply(options);
    } catch (err) {
      if (codeOf(err) !== RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged) throw expiredOr(err);
      // The message the member sees may be "thinking…": make it this reply (an ephemeral flag cannot change now).
      interaction.deferred = true;
      note('acknowledged_earlier', { via: 'reply' });
      if (typeof options === 'string') return guardedEdit(options);
      const { flags: _flags, withResponse: _withResponse, ...rest } = options as Record<string, unknown>;
      return guardedEdit(rest as InteractionEditReplyOptions);
    }
  };
  const guardedEdit = async (options: Parameters<typeof editReply>[0]) => {
    try {
      return await editReply(options);
    } catch (err) {
      const failure = expiredOr(err);
      if (failure instanceof InteractionExpired) throw failure;
      try {
        const sent = await followUp(options as Parameters<typeof followUp>[0]);
        note('edit_failed_followed_up', { error: err });
        return sent;
      } catch {
        throw err;
      }
    }
  };
  // The methods are overloaded; these wrappers take and return the same things.
  interaction.deferReply = guardedDefer as typeof interaction.deferReply;
  interaction.reply = guardedReply as typeof interaction.reply;
  interaction.editReply = guardedEdit as typeof interaction.editReply;
}
