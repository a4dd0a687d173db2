/**
 * How the bot fetches web pages for sources (`SOURCE_FETCH_*` settings): shared by `npm run source` and
 * `/sources add url:`, so a link is fetched under the same rules from either.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envValue, PROJECT_ROOT } from '../../settings.ts';
import { type PrivateAccess, parsePrivateAccess } from './address.ts';

export interface FetchPolicy {
  /**
   * Private, loopback and link-local addresses the bot may fetch from (`SOURCE_FETCH_ALLOW_PRIVATE`): none
   * (the default), all (`true`: tests), or listed ranges (an intranet's wiki, and nothing else there).
   */
  privateAccess: PrivateAccess;
  /** Largest body read, counted while it arrives (after decompression). */
  maxBytes: number;
  /** The whole fetch (robots.txt, redirects, the body) must be done by then. */
  timeoutMs: number;
  maxRedirects: number;
  /** Sent with every request; names the bot, so a site knows who fetched. */
  userAgent: string;
  /** The name robots.txt rules are matched against. */
  robotsToken: string;
}

export const DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_FETCH_TIMEOUT_SECONDS = 30;
/** A fetch must leave room for the reload after it within Discord's 15 minutes for a deferred reply. */
export const MAX_FETCH_TIMEOUT_SECONDS = 300;
export const MAX_REDIRECTS = 5;
export const ROBOTS_TOKEN = 'quotebot';

function version(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0';
  } catch {
    return '0';
  }
}

export const DEFAULT_USER_AGENT = `${ROBOTS_TOKEN}/${version()} (Discord bot quoting articles its moderators add)`;

/** The policy from `SOURCE_FETCH_*` variables; each wrong one is named in `problems`. */
export function fetchPolicyFrom(env: NodeJS.ProcessEnv, problems: string[]): FetchPolicy {
  const value = (name: string) => envValue(name, env);
  const access = parsePrivateAccess(value('SOURCE_FETCH_ALLOW_PRIVATE') ?? 'false');
  const badAccess = typeof access === 'object' && 'problem' in access;
  if (badAccess)
    problems.push(`SOURCE_FETCH_ALLOW_PRIVATE must be true, false, or addresses and ranges separated by commas (10.0.0.5,192.168.1.0/24): ${access.problem}.`);

  const bytesText = value('SOURCE_FETCH_MAX_BYTES') ?? String(DEFAULT_FETCH_MAX_BYTES);
  const maxBytes = Number(bytesText);
  if (!(Number.isInteger(maxBytes) && maxBytes >= 1024 && maxBytes <= 200 * 1024 * 1024))
    problems.push(`SOURCE_FETCH_MAX_BYTES must be a number of bytes from 1024 to 209715200 (200 MB), not "${bytesText}".`);

  const secondsText = value('SOURCE_FETCH_TIMEOUT_SECONDS') ?? String(DEFAULT_FETCH_TIMEOUT_SECONDS);
  const seconds = Number(secondsText);
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_FETCH_TIMEOUT_SECONDS))
    problems.push(`SOURCE_FETCH_TIMEOUT_SECONDS must be a number of seconds above 0 and at most ${MAX_FETCH_TIMEOUT_SECONDS}, not "${secondsText}".`);

  const userAgent = value('SOURCE_FETCH_USER_AGENT') ?? DEFAULT_USER_AGENT;
  if (/[\r\n]/.test(userAgent) || !userAgent.toLowerCase().includes(ROBOTS_TOKEN))
    problems.push(`SOURCE_FETCH_USER_AGENT must be one line that names the bot ("${ROBOTS_TOKEN}"), e.g. ${DEFAULT_USER_AGENT}`);

  return {
    privateAccess: badAccess ? 'none' : (access as PrivateAccess),
    maxBytes,
    timeoutMs: Math.round(seconds * 1000),
    maxRedirects: MAX_REDIRECTS,
    userAgent,
    robotsToken: ROBOTS_TOKEN,
  };
}
