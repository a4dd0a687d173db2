/**
 * Fetching a file a moderator attached to `/sources add`. The URL comes from the interaction, which a member
 * can influence, so only Discord's own CDN (or, in tests, the configured Discord-compatible server) is ever
 * fetched: the bot must never become a way to make requests to arbitrary hosts, such as the machine's own
 * private services. Redirects are refused for the same reason. The size is limited twice: the size Discord
 * declares is checked before anything is fetched, and the bytes are counted while they arrive, since a
 * declared size can be wrong. A download that does not finish in time is abandoned.
 */

export const DISCORD_CDN_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'] as const;

export interface DownloadOptions {
  /** Origins (`scheme://host[:port]`) files may be fetched from. */
  allowedOrigins: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 15_000;

/** Discord's CDN, plus the origin of `apiBase` when the bot talks to a Discord-compatible server there. */
export function downloadOrigins(apiBase: string | undefined): string[] {
  const origins: string[] = [...DISCORD_CDN_ORIGINS];
  if (apiBase) origins.push(new URL(apiBase).origin);
  return origins;
}

export type Download = { ok: true; bytes: Buffer } | { ok: false; problem: string };

export async function download(url: string, declaredSize: number, options: DownloadOptions): Promise<Download> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: 'The attachment has no valid address.' };
  }
  if (!(parsed.protocol === 'https:' || parsed.protocol === 'http:') || !options.allowedOrigins.includes(parsed.origin)) {
    return { ok: false, problem: 'The attachment is not on Discord’s file server, so it was not fetched.' };
  }
  const tooLarge = `The file is too large (the limit is ${options.maxBytes} bytes).`;
  if (declaredSize > options.maxBytes) return { ok: false, problem: tooLarge };

  // A timer of our own, held until the download ends, and every read raced against it: fetch ties its body to
  // the abort signal only weakly, so once garbage collection has run a body dripping a byte a second would
  // outlive any signal's timeout (seen: 42 s against a 15 s limit).
  const controller = new AbortController();
  const { signal } = controller;
  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => {
      controller.abort();
      reject(new Error('timeout'));
    }, options.timeoutMs);
  });
  timedOut.catch(() => undefined);
  try {
    const response = await Promise.race([fetch(parsed, { redirect: 'error', signal }), timedOut]);
    if (!response.ok || !response.body) return { ok: false, problem: `Discord’s file server answered ${response.status}; try attaching the file again.` };
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]).catch((err: unknown) => {
        reader.cancel().catch(() => undefined);
        throw err;
      });
      if (done) break;
      length += value.length;
      if (length > options.maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, problem: tooLarge };
      }
      chunks.push(value);
    }
    return { ok: true, bytes: Buffer.concat(chunks, length) };
  } catch (err) {
    if (signal.aborted) return { ok: false, problem: `The download took longer than ${Math.round(options.timeoutMs / 1000)} s and was abandoned; try again.` };
    return { ok: false, problem: `The file could not be downloaded (${(err as Error).message}).` };
  } finally {
    clearTimeout(deadline);
  }
}
