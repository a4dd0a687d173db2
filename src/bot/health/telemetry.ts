/**
 * What the bot reports as it runs, for health checks and metrics (`health.ts` serves them). The bot only
 * reports: nothing it does depends on who listens, and without a listener (`METRICS_PORT` unset) nobody does.
 */
import type { StoreFailure } from '../../store/records.ts';

/** What a command did, for the structured log line of each interaction. */
export type Outcome =
  | 'answered'
  /** The closest passages were shown, labelled as not an answer. */
  | 'closest'
  | 'declined'
  | 'invalid'
  | 'cooldown'
  | 'refused'
  | 'shown'
  | 'reloaded'
  | 'failed'
  | 'added'
  | 'removed'
  | 'confirming'
  | 'cancelled'
  | 'expired'
  | 'voted'
  | 'shared'
  | 'changed'
  /** `/sources refresh` found the page's text as it was: nothing written, nothing reloaded. */
  | 'unchanged'
  /** An auto-answer channel's new thread that the bot left alone (declined, or a moderator had replied). */
  | 'silent'
  /** The records were needed and could not be read or written (locked, damaged, gone): the member was told so. */
  | 'unavailable';

/** The buttons of an answer card (`ask:<button>:<record>…`): the only button labels metrics ever carry. */
export const CARD_BUTTONS = ['vote', 'more', 'passage', 'share'] as const;
export type CardButton = (typeof CARD_BUTTONS)[number];

/** How an interaction ended: its command's own outcome, or what the shell did instead of running it. */
export type Handled = Outcome | 'error' | 'late' | 'restarting' | 'unknown';

export type ReloadResult = 'ok' | 'failed' | 'timeout';

/** What happened to a gateway connection (one per shard). */
export type GatewayEvent = 'ready' | 'resumed' | 'reconnecting' | 'closed';

export interface Telemetry {
  /**
   * A slash command, message command or button (`<command>:<button>`), or a message that asked the bot
   * (`mention`, `auto`), was handled, `seconds` after the bot received it.
   */
  handled(command: string, outcome: Handled, seconds: number): void;
  /** A reload of the corpus ended. */
  reloaded(result: ReloadResult): void;
  gateway(shard: number, event: GatewayEvent): void;
  /** A question was written to the database, or the write failed (a locked or damaged file, a full disk): how. */
  recorded(stored: boolean, failure?: StoreFailure): void;
}

export const NO_TELEMETRY: Telemetry = { handled() {}, reloaded() {}, gateway() {}, recorded() {} };
