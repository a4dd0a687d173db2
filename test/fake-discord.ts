/**
 * A fake Discord on 127.0.0.1 for end-to-end tests: the REST routes the bot uses and a JSON WebSocket
 * gateway (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RECONNECT and RESUME). The real discord.js
 * client logs into it through `rest: { api }`, so everything between the bot and the wire is exercised.
 *
 * Sharded as Discord is: each IDENTIFY names its shard (`shard: [id, count]`, default [0, 1]), and a guild's
 * events go only to the connection of shard `(guild_id >> 22) % count`; `GET /gateway/bot` recommends
 * `shards` (default 1).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BOT_USER = { id: '900000000000000001', username: 'quotebot', discriminator: '0', global_name: 'quotebot', avatar: null, bot: true };
export const APP_ID = BOT_USER.id;
export const GUILD_ID = '900000000000000100';
export const CHANNEL_ID = '900000000000000200';
/**
 * A second server the bot is in, to prove that nothing recorded in one is shown in the other. With two
 * shards it is served by shard 0 and `GUILD_ID` by shard 1 (see `shardOf`).
 */
export const OTHER_GUILD_ID = '900000000004194405';
export const OTHER_CHANNEL_ID = '900000000000000201';
const CHANNEL_OF: Record<string, string> = { [GUILD_ID]: CHANNEL_ID, [OTHER_GUILD_ID]: OTHER_CHANNEL_ID };
/** A forum channel in the first server, where members open posts (threads with an opening message). */
export const FORUM_ID = '900000000000000300';
/** A role in the first server whose members may manage messages (delete others', pin…), as moderators do. */
export const MOD_ROLE_ID = '900000000000000400';
/** The member IDs tests use unless they say otherwise. */
export const MEMBER_ID = '900000000000000500';
export const TOKEN = 'fake.bot.token-0123456789abcdefghijklmnopqrstuvwxyz';
/** Manage Server and ordinary permissions, as Discord sends them: decimal strings of bit sets. */
export const PERMS = { moderator: String((1n << 5n) | (1n << 10n) | (1n << 11n)), member: String((1n << 10n) | (1n << 11n)) };
/** Guild Members, Guild Presences and Message Content: the intents an application must be allowed first. */
const PRIVILEGED_INTENTS = (1n << 1n) | (1n << 8n) | (1n << 15n);
/** Manage Messages, as the moderators' role grants it. */
const MANAGE_MESSAGES = 1n << 13n;

/** A member's message as a test posts it (see `FakeDiscord.post`). */
export interface PostOptions {
  userId?: string;
  guildId?: string;
  channelId?: string;
  /** Has the moderators' role (Manage Messages). */
  moderator?: boolean;
  /** Sent by a bot account, or through a webhook, or by Discord itself (a message type other than 0). */
  bot?: boolean;
  webhook?: boolean;
  type?: number;
  /** The message's ID (default: a new one). */
  id?: string;
  /** Store the message without dispatching MESSAGE_CREATE (as one the bot missed, or will read over REST). */
  silent?: boolean;
}

/** An uploaded file as Discord describes it in `resolved.attachments`. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

export interface InteractOptions {
  permissions?: string;
  userId?: string;
  /** Where it was used (default: the server's text channel). */
  channelId?: string;
  /** 2 a command, 4 an autocomplete. */
  type?: number;
  guildId?: string;
  /** Files the options refer to (an attachment option's value is the file's ID). */
  attachments?: FakeAttachment[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  /** `performance.now()` when the request arrived (before its body was read). */
  at: number;
}

type Json = Record<string, unknown>;
/** A message or thread as the fake stores it (loosely typed, as tests read it). */
export type FakeMessage = Record<string, any>;

/** The shard that receives a guild's events, as Discord computes it. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export interface FakeDiscordOptions {
  /** Shards recommended by `GET /gateway/bot` (what `SHARDS=auto` follows); default 1. */
  shards?: number;
  /** Shards that may identify at once (`session_start_limit.max_concurrency`); default 1. */
  maxConcurrency?: number;
}

/** One shard's live gateway connection. */
interface Session {
  ws: WebSocket;
  shard: number;
  count: number;
  id: string;
  seq: number;
}

/** What an interception does with a request: answer it itself, or (undefined) let the fake answer as usual. */
type Interception = (request: RecordedRequest) => Promise<{ status: number; body?: unknown } | undefined>;

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly commands = new Map<string, Json[]>();
  identifies = 0;
  /** `[shard, count]` of every IDENTIFY, in order. */
  readonly identified: [number, number][] = [];
  /** The gateway intents the client asked for at its last IDENTIFY. */
  intents = 0;
  /** Whether the application may have privileged intents (turned on in the Developer Portal); if not, asking closes with 4014. */
  privilegedIntents = true;
  resumes = 0;
  /** Close codes of every gateway connection that ended, in order (1000 is a client's clean close). */
  readonly gatewayCloses: number[] = [];
  /** Gateway connections attempted while `down`. */
  refusedConnections = 0;
  private down = false;
  private interceptions: { match: (r: RecordedRequest) => boolean; handle: Interception; times: number }[] = [];
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  /** The live connection of each shard, by shard ID. */
  private readonly sessions = new Map<number, Session>();
  /** Every session started, by session ID, for RESUME. */
  private readonly known = new Map<string, Session>();
  private snowflake = 1_000_000n;
  /** Messages written by the bot, keyed by interaction token, so `@original` can be read back. */
  private readonly originals = new Map<string, Json>();
  private readonly acknowledged = new Set<string>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  /** Uploaded files served on `/attachments/…`, as Discord's CDN serves them. */
  private readonly files = new Map<string, { bytes: Uint8Array; stallAfter?: number }>();
  /** Who started each interaction, for `interaction_metadata` on the messages it produced. */
  private readonly askedBy = new Map<string, { id: string; user: Json; guildId: string; channelId: string }>();
  /** Every message in each channel or thread, oldest first: members' (posted by tests) and the bot's. */
  private readonly channelMessages = new Map<string, Json[]>();
  /** Threads and forum posts created by tests, by ID. */
  private readonly threads = new Map<string, Json>();
  /** Members who have posted, by server and user ID, as `GET /guilds/:g/members/:u` returns them. */
  private readonly members = new Map<string, Json>();
  /** Follow-up messages sent for each interaction token, in order. */
  private readonly followUpsOf = new Map<string, Json[]>();

  private constructor(private readonly options: FakeDiscordOptions) {
    this.http = createServer((req, res) => void this.route(req, res));
    this.wss = new WebSocketServer({ server: this.http, path: '/gateway' });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    fake.http.listen(0, '127.0.0.1');
    await once(fake.http, 'listening');
    return fake;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** What the bot sets as `rest.api` (the REST client adds `/v10`). */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  nextId(): string {
    return String(900000000000000000n + this.snowflake++);
  }

  /** Resolves once `check` holds, re-checked after every request and gateway message. */
  waitFor(check: () => boolean, what = 'condition', ms = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      // Re-checked on every request and gateway message, and by polling for what happens off the wire (logs).
      const poll = setInterval(() => this.poke(), 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          clearInterval(poll);
          resolve();
        },
      });
    });
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  requestsTo(pattern: RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));
  }

  // ---- gateway ------------------------------------------------------------------------------------

  private send(ws: WebSocket, payload: Json): void {
    ws.send(JSON.stringify(payload));
  }

  private dispatch(t: string, d: unknown, shard = 0): void {
    const session = this.sessions.get(shard);
    if (!session) throw new Error(`no gateway connection for shard ${shard}`);
    this.send(session.ws, { op: 0, t, s: ++session.seq, d });
  }

  /** The shard a guild's events go to, by the shard count the bot identified with. */
  shardFor(guildId: string): number {
    const count = this.sessions.values().next().value?.count ?? 1;
    return shardOf(guildId, count);
  }

  private onConnection(ws: WebSocket): void {
    if (this.down) {
      this.refusedConnections++;
      ws.terminate();
      this.poke();
      return;
    }
    ws.on('close', (code) => {
      this.gatewayCloses.push(code);
      for (const [shard, session] of this.sessions) if (session.ws === ws) this.sessions.delete(shard);
      this.poke();
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: 41_250 } });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: any };
      if (msg.op === 1) this.send(ws, { op: 11 });
      else if (msg.op === 2) {
        if (msg.d.token !== TOKEN) return ws.close(4004, 'Authentication failed');
        // As for an application whose privileged intents were not turned on in the Developer Portal.
        if (!this.privilegedIntents && (BigInt(msg.d.intents) & PRIVILEGED_INTENTS) !== 0n) return ws.close(4014, 'Disallowed intent(s).');
        const [shard, count] = (msg.d.shard as [number, number] | undefined) ?? [0, 1];
        if (!(Number.isInteger(shard) && Number.isInteger(count) && shard >= 0 && shard < count)) return ws.close(4010, 'Invalid shard');
        if ([...this.sessions.values()].some((s) => s.count !== count)) return ws.close(4010, 'Invalid shard');
        this.identifies++;
        this.identified.push([shard, count]);
        this.intents = Number(msg.d.intents);
        const guilds = Object.keys(CHANNEL_OF).filter((id) => shardOf(id, count) === shard);
        // Shard 0's session keeps the name it always had; a new IDENTIFY starts the sequence afresh.
        const session: Session = { ws, shard, count, id: `fake-session-${shard + 1}`, seq: 0 };
        this.sessions.set(shard, session);
        this.known.set(session.id, session);
        this.dispatch(
          'READY',
          {
            v: 10,
            user: BOT_USER,
            guilds: guilds.map((id) => ({ id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
            application: { id: APP_ID, flags: 0 },
            shard: [shard, count],
          },
          shard,
        );
        for (const id of guilds) this.dispatch('GUILD_CREATE', this.guild(id), shard);
      } else if (msg.op === 6) {
        const session = this.known.get(String(msg.d.session_id));
        if (!session || msg.d.token !== TOKEN) return this.send(ws, { op: 9, d: false });
        this.resumes++;
        session.ws = ws;
        this.sessions.set(session.shard, session);
        this.dispatch('RESUMED', null, session.shard);
      }
      this.poke();
    });
  }

  /** Closes a shard's gateway connection with `code`, as Discord does with 4004 when a token is revoked. */
  closeGateway(code: number, reason = '', shard = 0): void {
    this.session(shard).ws.close(code, reason);
  }

  private session(shard: number): Session {
    const session = this.sessions.get(shard);
    if (!session) throw new Error(`no gateway connection for shard ${shard}`);
    return session;
  }

  /** The gateway goes away: the connection drops and every new one is cut at once, until `comeBack`. */
  goAway(): void {
    this.down = true;
    for (const ws of this.wss.clients) ws.terminate();
    this.sessions.clear();
  }

  comeBack(): void {
    this.down = false;
  }

  /** Whether any shard is connected. */
  get connected(): boolean {
    return this.sessions.size > 0;
  }

  /** The shards connected now, lowest first. */
  get connectedShards(): number[] {
    return [...this.sessions.keys()].sort((a, b) => a - b);
  }

  /**
   * The next `times` requests that `match` are first given to `handle`, which may wait (a slow Discord)
   * and answer itself, or return undefined to let the fake answer as usual.
   */
  intercept(match: (r: RecordedRequest) => boolean, handle: Interception, times = 1): void {
    this.interceptions.push({ match, handle, times });
  }

  /**
   * Discord's answers to an acknowledgement that came too late or twice: 40060 as when a slow callback was
   * sent again by the client (the first one did arrive, so it is applied), 10062 as when the 3-second window
   * had passed (nothing is applied).
   */
  rejectNextCallback(code: 40060 | 10062): void {
    this.intercept(
      (r) => r.method === 'POST' && /\/interactions\/\d+\/[^/]+\/callback$/.test(r.path),
      async (r) => {
        if (code === 40060) this.applyCallback(r.path.split('/')[3]!, r.body);
        return code === 40060
          ? { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } }
          : { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      },
    );
  }

  /** Asks the client to reconnect (op 7), as Discord does before moving a session. */
  requestReconnect(shard = 0): void {
    this.send(this.session(shard).ws, { op: 7, d: null });
  }

  private guild(id: string): Json {
    const channel = CHANNEL_OF[id]!;
    return {
      id,
      name: id === GUILD_ID ? 'Test Server' : 'Other Server',
      icon: null,
      owner_id: '900000000000000999',
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      system_channel_flags: 0,
      premium_tier: 0,
      nsfw_level: 0,
      preferred_locale: 'en-US',
      roles: [
        { id, name: '@everyone', permissions: PERMS.member, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        ...(id === GUILD_ID
          ? [
              {
                id: MOD_ROLE_ID,
                name: 'Moderators',
                permissions: String(BigInt(PERMS.member) | MANAGE_MESSAGES),
                position: 1,
                color: 0,
                hoist: false,
                managed: false,
                mentionable: true,
                flags: 0,
              },
            ]
          : []),
      ],
      emojis: [],
      stickers: [],
      channels: [
        { id: channel, type: 0, name: 'general', position: 0, permission_overwrites: [], guild_id: id },
        ...(id === GUILD_ID
          ? [
              {
                id: FORUM_ID,
                type: 15,
                name: 'help',
                position: 1,
                permission_overwrites: [],
                guild_id: id,
                available_tags: [],
                default_reaction_emoji: null,
                default_sort_order: null,
                default_forum_layout: 0,
                flags: 0,
                topic: null,
                rate_limit_per_user: 0,
                nsfw: false,
              },
            ]
          : []),
      ],
      threads: [],
      members: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 2,
      large: false,
      unavailable: false,
      joined_at: new Date().toISOString(),
    };
  }

  /**
   * Sends an INTERACTION_CREATE for `/name` with the given options (and subcommand), as a member with the
   * given permissions, in `guildId` (default the first server). Returns the interaction's token.
   */
  interact(
    name: string,
    options: Json[] = [],
    { permissions = PERMS.member, userId = MEMBER_ID, type = 2, guildId = GUILD_ID, attachments = [], channelId }: InteractOptions = {},
  ): string {
    const command = this.commands.get(guildId)?.find((c) => c.name === name) ?? this.commands.get('global')?.find((c) => c.name === name);
    // Channels chosen in options come with their details in `resolved.channels`, as Discord sends them.
    const chosen = options.flatMap(function flat(o: Json): Json[] {
      return o.type === 7 ? [o] : ((o.options as Json[] | undefined) ?? []).flatMap(flat);
    });
    const channels = Object.fromEntries(chosen.map((o) => [o.value, this.channelInfo(o.value as string, guildId)]));
    const resolved =
      attachments.length > 0 || chosen.length > 0
        ? {
            ...(attachments.length > 0 ? { attachments: Object.fromEntries(attachments.map((a) => [a.id, a])) } : {}),
            ...(chosen.length > 0 ? { channels } : {}),
          }
        : undefined;
    return this.sendInteraction(
      type,
      guildId,
      permissions,
      userId,
      { data: { id: (command?.id as string) ?? this.nextId(), name, type: 1, guild_id: guildId, options, ...(resolved ? { resolved } : {}) } },
      undefined,
      channelId,
    );
  }

  /** A channel or thread as interactions describe it (`resolved.channels`, `channel`). */
  private channelInfo(channelId: string, guildId: string): Json {
    const thread = this.threads.get(channelId);
    if (thread) return { ...thread, permissions: PERMS.moderator };
    return {
      id: channelId,
      type: channelId === FORUM_ID ? 15 : 0,
      guild_id: guildId,
      name: channelId === FORUM_ID ? 'help' : 'general',
      permissions: PERMS.moderator,
    };
  }

  /**
   * Uses the message command `name` (Apps → name) on `target`, a message as `post` returned it: Discord sends
   * the message itself in `resolved.messages`, text included, whatever the app's intents.
   */
  useOnMessage(
    name: string,
    target: Json,
    { permissions = PERMS.member, userId = MEMBER_ID, guildId = GUILD_ID }: Omit<InteractOptions, 'type' | 'attachments'> = {},
  ): string {
    const command = this.commands.get(guildId)?.find((c) => c.name === name) ?? this.commands.get('global')?.find((c) => c.name === name);
    const { member: _member, guild_id: _guild, ...message } = target;
    return this.sendInteraction(
      2,
      guildId,
      permissions,
      userId,
      {
        data: {
          id: (command?.id as string) ?? this.nextId(),
          name,
          type: 3,
          guild_id: guildId,
          target_id: target.id,
          resolved: { messages: { [target.id as string]: message } },
        },
      },
      undefined,
      target.channel_id as string,
    );
  }

  /**
   * Clicks button `customId` on `message` (a message the bot sent, as returned by `finalMessage`), as the
   * given member. Returns the new interaction's token; `finalMessage` of it is the message after the bot's update.
   */
  click(
    message: Json,
    customId: string,
    { permissions = PERMS.member, userId = MEMBER_ID, guildId = GUILD_ID }: Omit<InteractOptions, 'type' | 'attachments'> = {},
  ): string {
    // As Discord: only a button the message really has can be clicked.
    const ids = ((message.components as Json[] | undefined) ?? []).flatMap((row) => (row.components as Json[]).map((c) => c.custom_id));
    if (!ids.includes(customId)) throw new Error(`the message has no button ${customId}`);
    const token = this.sendInteraction(
      3,
      guildId,
      permissions,
      userId,
      { message, data: { custom_id: customId, component_type: 2 } },
      (t) => this.originals.set(t, { ...message }),
      message.channel_id as string | undefined,
    );
    return token;
  }

  private sendInteraction(
    type: number,
    guildId: string,
    permissions: string,
    userId: string,
    extra: Json,
    before?: (token: string) => void,
    inChannel?: string,
  ): string {
    const token = `itoken-${this.nextId()}`;
    const id = this.nextId();
    const channelId = inChannel ?? CHANNEL_OF[guildId] ?? CHANNEL_ID;
    const user = { id: userId, username: `user${userId.slice(-3)}`, discriminator: '0', global_name: null, avatar: null };
    this.askedBy.set(token, { id, user, guildId, channelId });
    before?.(token);
    this.dispatch(
      'INTERACTION_CREATE',
      {
        id,
        application_id: APP_ID,
        type,
        token,
        version: 1,
        guild_id: guildId,
        channel_id: channelId,
        channel: this.channelInfo(channelId, guildId),
        app_permissions: PERMS.moderator,
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': guildId },
        context: 0,
        member: { user, roles: [], permissions, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
        ...extra,
      },
      this.shardFor(guildId),
    );
    return token;
  }

  // ---- members' messages and threads ---------------------------------------------------------------

  private user(userId: string, bot = false): Json {
    return { id: userId, username: `user${userId.slice(-3)}`, discriminator: '0', global_name: null, avatar: null, ...(bot ? { bot: true } : {}) };
  }

  /**
   * A member posts `content` (in the server's text channel unless `channelId` says otherwise): stored, and
   * dispatched as MESSAGE_CREATE with the member and the users it mentions, as Discord does. Returns the message.
   */
  post(
    content: string,
    { userId = MEMBER_ID, guildId = GUILD_ID, channelId, moderator = false, bot = false, webhook = false, type = 0, id, silent = false }: PostOptions = {},
  ): FakeMessage {
    const channel = channelId ?? CHANNEL_OF[guildId] ?? CHANNEL_ID;
    const author = this.user(userId, bot || webhook);
    const member = { roles: moderator ? [MOD_ROLE_ID] : [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
    if (!webhook) this.members.set(`${guildId}:${userId}`, { ...member, user: author });
    const mentioned = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
    const message: Json = {
      id: id ?? this.nextId(),
      channel_id: channel,
      guild_id: guildId,
      author,
      ...(webhook ? { webhook_id: this.nextId() } : { member }),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: /@(everyone|here)\b/.test(content),
      mentions: [...new Set(mentioned)].map((u) => (u === BOT_USER.id ? BOT_USER : this.user(u))),
      mention_roles: [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]!),
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type,
      flags: 0,
    };
    this.store(channel, message);
    if (!silent) this.dispatch('MESSAGE_CREATE', message, this.shardFor(guildId));
    return message;
  }

  private store(channelId: string, message: Json): void {
    const list = this.channelMessages.get(channelId) ?? [];
    list.push(message);
    this.channelMessages.set(channelId, list);
  }

  /** Every message in a channel or thread, oldest first. */
  messagesIn(channelId: string): FakeMessage[] {
    return [...(this.channelMessages.get(channelId) ?? [])];
  }

  /** The messages the bot posted in a channel or thread (not interaction replies), oldest first. */
  botMessagesIn(channelId: string): FakeMessage[] {
    return this.messagesIn(channelId).filter((m) => (m.author as Json).id === BOT_USER.id);
  }

  /** Every message the bot posted in any channel or thread. */
  get botMessages(): FakeMessage[] {
    return [...this.channelMessages.values()].flat().filter((m) => (m.author as Json).id === BOT_USER.id);
  }

  /**
   * A new thread in the server's text channel (THREAD_CREATE, `newly_created`). With `from`, a message in that
   * channel, the thread is started from it and has its ID, as Discord does; without, it has no starter message.
   */
  startThread(
    name: string,
    { from, userId = MEMBER_ID, guildId = GUILD_ID, parentId }: { from?: FakeMessage; userId?: string; guildId?: string; parentId?: string } = {},
  ): FakeMessage {
    const parent = parentId ?? (from?.channel_id as string | undefined) ?? CHANNEL_OF[guildId] ?? CHANNEL_ID;
    const thread = this.thread(from ? (from.id as string) : this.nextId(), name, parent, guildId, userId, 11);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, this.shardFor(guildId));
    return thread;
  }

  /**
   * A member opens a post in the forum: THREAD_CREATE, then its opening message (with the post's ID) as
   * MESSAGE_CREATE in it, in the order Discord sends them. Returns the thread and the message.
   */
  openForumPost(
    title: string,
    content: string,
    { userId = MEMBER_ID, replies = [] }: { userId?: string; replies?: { content: string; userId: string; moderator?: boolean }[] } = {},
  ): { thread: FakeMessage; message: FakeMessage } {
    const thread = this.thread(this.nextId(), title, FORUM_ID, GUILD_ID, userId, 11);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, this.shardFor(GUILD_ID));
    const channelId = thread.id as string;
    const message = this.post(content, { userId, channelId, id: channelId, silent: true });
    // Replies already there when the bot reads the thread: written right behind the opening message, as
    // when the bot catches up after a pause; their MESSAGE_CREATE events follow the opening one.
    const written = replies.map((r) => this.post(r.content, { userId: r.userId, moderator: r.moderator, channelId, silent: true }));
    for (const m of [message, ...written]) this.dispatch('MESSAGE_CREATE', m, this.shardFor(GUILD_ID));
    return { thread, message };
  }

  private thread(id: string, name: string, parentId: string, guildId: string, ownerId: string, type: number): FakeMessage {
    const thread = {
      id,
      type,
      guild_id: guildId,
      parent_id: parentId,
      owner_id: ownerId,
      name,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        create_timestamp: new Date().toISOString(),
      },
    };
    this.threads.set(id, thread);
    return thread;
  }

  /** The follow-up messages the bot sent for an interaction, in order. */
  followUps(token: string): FakeMessage[] {
    return [...(this.followUpsOf.get(token) ?? [])];
  }

  /**
   * Serves `bytes` as an uploaded file on 127.0.0.1, as Discord's CDN would. `size` is what Discord says the
   * file's size is (default the real one; a test may make it lie); `stallAfter` stops sending after that
   * many bytes without closing, as a slow or stuck download does.
   */
  upload(
    filename: string,
    bytes: Uint8Array | string,
    { size, stallAfter, contentType }: { size?: number; stallAfter?: number; contentType?: string } = {},
  ): FakeAttachment {
    const id = this.nextId();
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    this.files.set(id, { bytes: data, stallAfter });
    const url = `http://127.0.0.1:${this.port}/attachments/${CHANNEL_ID}/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, size: size ?? data.length, url, proxy_url: url, ...(contentType ? { content_type: contentType } : {}) };
  }

  /** How many times the bot fetched uploaded files. */
  get downloads(): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/attachments/')).length;
  }

  /** The interaction callback the bot sent for `token` (reply, defer, or autocomplete result). */
  callback(token: string): RecordedRequest | undefined {
    return this.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`));
  }

  /** The bot's final message for an interaction: the edited original, else the immediate reply. */
  finalMessage(token: string): Json | undefined {
    return this.originals.get(token);
  }

  async waitForFinal(token: string, what = 'the reply', ms?: number): Promise<FakeMessage> {
    await this.waitFor(
      () => {
        const cb = this.callback(token);
        // 5 and 6 only acknowledge: the message itself comes with a later edit.
        return (
          cb !== undefined &&
          ((cb.body.type !== 5 && cb.body.type !== 6) || this.requests.some((r) => r.method === 'PATCH' && r.path.includes(`/${token}/messages/`)))
        );
      },
      what,
      ms,
    );
    return this.finalMessage(token)!;
  }

  // ---- REST ---------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any = null;
    if (text) body = (req.headers['content-type'] ?? '').includes('application/json') ? JSON.parse(text) : this.multipartJson(text);
    const path = url.pathname.replace(/^\/api\/v10/, '');
    this.requests.push({ method: req.method ?? 'GET', path, query: url.searchParams, body, at });

    const json = (status: number, payload?: unknown) => {
      if (payload === undefined) {
        res.writeHead(status).end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      }
      this.poke();
    };
    const recorded = this.requests.at(-1)!;
    const interception = this.interceptions.find((i) => i.times > 0 && i.match(recorded));
    if (interception) {
      interception.times--;
      const answer = await interception.handle(recorded);
      if (answer) return json(answer.status, answer.body);
    }
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && (m = /^\/attachments\/\d+\/(\d+)\/[^/]+$/.exec(path))) return this.serveFile(m[1]!, res);
    if (req.headers.authorization !== `Bot ${TOKEN}` && !path.startsWith('/interactions/') && !path.startsWith('/webhooks/')) {
      return json(401, { message: '401: Unauthorized', code: 0 });
    }
    if (req.method === 'GET' && path === '/gateway/bot') {
      const { shards = 1, maxConcurrency = 1 } = this.options;
      return json(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: maxConcurrency },
      });
    }
    if (req.method === 'GET' && path === '/users/@me') return json(200, BOT_USER);
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const key = m[2] ?? 'global';
      if (req.method === 'PUT') {
        const previous = this.commands.get(key) ?? [];
        const saved = (body as Json[]).map((c) => ({
          ...c,
          id: (previous.find((p) => p.name === c.name)?.id as string) ?? this.nextId(),
          application_id: APP_ID,
          version: this.nextId(),
          ...(m![2] ? { guild_id: m![2] } : {}),
        }));
        this.commands.set(key, saved);
        return json(200, saved);
      }
      if (req.method === 'GET') return json(200, this.commands.get(key) ?? []);
    }
    if (req.method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const token = m[2]!;
      // As Discord: an interaction is acknowledged once (autocomplete results aside).
      if (this.acknowledged.has(token)) return json(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      this.applyCallback(token, body);
      if (url.searchParams.get('with_response') === 'true') {
        return json(200, {
          interaction: { id: m[1], type: 2, response_message_loading: body.type === 5 },
          resource: { type: body.type, message: this.originals.get(token) },
        });
      }
      return json(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(%40original|@original)$/.exec(path))) {
      const token = m[2]!;
      if (req.method === 'PATCH') {
        const msg = { ...this.originals.get(token), ...this.message(body ?? {}) };
        this.originals.set(token, msg);
        return json(200, msg);
      }
      if (req.method === 'GET') return json(200, this.originals.get(token) ?? this.message({}));
    }
    if (req.method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const sent = this.message({ ...(body ?? {}), ...this.metadataOf(m[2]!) });
      this.followUpsOf.set(m[2]!, [...(this.followUpsOf.get(m[2]!) ?? []), sent]);
      return json(200, sent);
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const channelId = m[1]!;
      if (req.method === 'POST') {
        const guildId =
          (this.threads.get(channelId)?.guild_id as string | undefined) ?? Object.keys(CHANNEL_OF).find((g) => CHANNEL_OF[g] === channelId) ?? GUILD_ID;
        const reference = body?.message_reference as Json | undefined;
        if (reference && !this.messagesIn(channelId).some((x) => x.id === reference.message_id) && reference.fail_if_not_exists !== false) {
          return json(400, {
            message: 'Invalid Form Body',
            code: 50035,
            errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } },
          });
        }
        const sent = this.message({
          ...body,
          channel_id: channelId,
          type: reference ? 19 : 0,
          webhook_id: undefined,
          application_id: undefined,
          guild_id: guildId,
          member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
        });
        delete sent.webhook_id;
        this.store(channelId, sent);
        json(200, sent);
        // As Discord: the bot hears of its own message too.
        if (this.sessions.has(this.shardFor(guildId))) this.dispatch('MESSAGE_CREATE', sent, this.shardFor(guildId));
        return;
      }
      if (req.method === 'GET') {
        const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 50));
        return json(200, this.messagesIn(channelId).reverse().slice(0, limit));
      }
    }
    if (req.method === 'GET' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const found = this.messagesIn(m[1]!).find((x) => x.id === m![2]);
      return found ? json(200, found) : json(404, { message: 'Unknown Message', code: 10008 });
    }
    if (req.method === 'GET' && (m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path))) {
      const member = this.members.get(`${m[1]}:${m[2]}`);
      return member ? json(200, member) : json(404, { message: 'Unknown Member', code: 10007 });
    }
    return json(404, { message: `Unknown route ${req.method} ${path}`, code: 0 });
  }

  private metadataOf(token: string): Json {
    const who = this.askedBy.get(token);
    return who
      ? { channel_id: who.channelId, interaction_metadata: { id: who.id, type: 2, user: who.user, authorizing_integration_owners: { '0': who.guildId } } }
      : {};
  }

  private applyCallback(token: string, body: any): void {
    this.acknowledged.add(token);
    const metadata = this.metadataOf(token);
    if (body.type === 4) this.originals.set(token, this.message({ ...body.data, ...metadata }));
    if (body.type === 5) this.originals.set(token, this.message({ content: '', flags: body.data?.flags ?? 0, ...metadata }));
    // A component's update edits the message the component is on (kept under this token by `click`).
    if (body.type === 7) this.originals.set(token, { ...this.originals.get(token), ...body.data });
  }

  private serveFile(id: string, res: ServerResponse): void {
    const file = this.files.get(id);
    this.poke();
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) });
    if (file.stallAfter === undefined) {
      res.end(file.bytes);
      return;
    }
    // Sends the first bytes and then nothing: the connection stays open until the client gives up.
    res.write(file.bytes.subarray(0, file.stallAfter));
  }

  /** discord.js sends `payload_json` in a multipart body when files could be attached. */
  private multipartJson(text: string): any {
    const m = /name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    return m ? JSON.parse(m[1]!) : text;
  }

  private message(data: Json): Json {
    return {
      id: this.nextId(),
      type: 20,
      channel_id: CHANNEL_ID,
      author: BOT_USER,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      webhook_id: APP_ID,
      application_id: APP_ID,
      ...data,
    };
  }
}
