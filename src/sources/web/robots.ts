/**
 * robots.txt, as RFC 9309 says a crawler reads it: fetched once per site (scheme, host and port), parsed by
 * robots-parser, and looked up for the bot's own product token. A robots.txt that does not exist (any 4xx
 * answer) allows everything; one that cannot be had (a 5xx answer, a failed connection) allows nothing,
 * since the site may be saying "not now". Only the first 500 KiB are read, as the RFC allows.
 */
import robotsParserModule from 'robots-parser';

// robots-parser is CommonJS whose module.exports is the function; its typings declare it as an ES default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export const ROBOTS_MAX_BYTES = 500 * 1024;

/** The robots.txt answer: its status and, for a 2xx, its text; null when no answer came at all. */
export type RobotsFile = { status: number; text: string } | { unreachable: string };

export class RobotsRules {
  private readonly bySite = new Map<string, Promise<(url: URL) => string | null>>();

  constructor(
    /** The product token robots.txt groups are matched against, e.g. `quotebot`. */
    private readonly agentToken: string,
    private readonly fetchRobots: (robotsUrl: URL) => Promise<RobotsFile>,
  ) {}

  /** Null when robots.txt lets the bot fetch `url`, else why not, as one sentence. */
  async refusal(url: URL): Promise<string | null> {
    let rules = this.bySite.get(url.origin);
    if (!rules) {
      rules = this.load(url);
      this.bySite.set(url.origin, rules);
    }
    return (await rules)(url);
  }

  private async load(url: URL): Promise<(url: URL) => string | null> {
    const robotsUrl = new URL('/robots.txt', url.origin);
    const file = await this.fetchRobots(robotsUrl);
    if ('unreachable' in file) return () => `${robotsUrl.href} could not be read (${file.unreachable}), so the site is not fetched.`;
    if (file.status >= 400 && file.status < 500) return () => null;
    if (file.status < 200 || file.status >= 300)
      return () => `${robotsUrl.href} answered ${file.status}, which robots.txt rules read as "do not fetch for now".`;
    const robots = robotsParser(robotsUrl.href, file.text);
    return (target) =>
      robots.isDisallowed(target.href, this.agentToken) === true ? `the site's robots.txt does not allow ${this.agentToken} to fetch ${target.href}.` : null;
  }
}
