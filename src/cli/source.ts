/**
 * Managing the corpus from the terminal:
 *   npm run source -- add <url|path> [--id ID] [--replace] [--corpus DIR] [--dry-run] [--json]
 *   npm run source -- list [--corpus DIR] [--json]
 *   npm run source -- remove <id> [--corpus DIR]
 *   npm run source -- refresh <id>|--all [--corpus DIR] [--dry-run] [--json]
 * `add` fetches a web page or PDF (or reads a local .html, .pdf, .txt or .md), keeps the article's text one
 * paragraph a line and writes `<corpus>/<id>.txt` with its `sources.json` entry, atomically, as `/sources add`
 * does. A running bot picks the change up at its next reload (`/sources reload`). Any failure is one line on
 * standard error and a non-zero exit, and nothing is written.
 *
 * With `DATABASE_URL` (from the environment or `.env`, as the bot reads it) the sources are the ones shared
 * in PostgreSQL: the folder is brought in line with the database first, and a change is written there and
 * reaches every running host of the bot within seconds (`src/store/postgres/shared-corpus.ts`).
 */
import 'dotenv/config';
import { type Article, ArticleProblem, sourceOfArticle } from '../sources/article.ts';
import { CorpusWriter } from '../sources/corpus-write.ts';
import { loadCorpus, MAX_SOURCE_BYTES } from '../sources/corpus.ts';
import { idForArticle, readArticle, RefreshProblem, refetch } from '../sources/ingest.ts';
import { FetchProblem } from '../sources/web/fetch.ts';
import { type FetchPolicy, fetchPolicyFrom } from '../sources/web/policy.ts';
import { corpusDirFrom, envValue } from '../settings.ts';
import { SharedCorpus } from '../store/postgres/shared-corpus.ts';
import { parseCli, runMain, UsageError } from './args.ts';

const USAGE = `usage: npm run source -- add <url|path> [--id ID] [--replace] [--corpus DIR] [--dry-run] [--json]
       npm run source -- list [--corpus DIR] [--json]
       npm run source -- remove <id> [--corpus DIR]
       npm run source -- refresh <id>|--all [--corpus DIR] [--dry-run] [--json]`;

const RELOAD_HINT = envValue('DATABASE_URL')
  ? 'Every running host of the bot reloads it within seconds (the sources are shared through DATABASE_URL).'
  : 'A running bot answers from it after its next reload (/sources reload in Discord).';

/** A problem the person can act on: printed as one line, exit 1. */
class Refused extends Error {}

runMain(async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), {
    id: { type: 'string' },
    corpus: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    replace: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, ...rest] = positionals;
  const writer = new CorpusWriter(corpusDirFrom(values.corpus), MAX_SOURCE_BYTES);
  const databaseUrl = envValue('DATABASE_URL');
  const shared = databaseUrl && command !== undefined ? await SharedCorpus.open(databaseUrl, writer) : undefined;
  if (shared && shared.blocked() !== null && !values['dry-run'] && command !== 'list') {
    await shared.close();
    throw new Error(`the sources are shared through DATABASE_URL, which cannot be reached just now: nothing was changed`);
  }
  const out = (human: string, json: unknown): void => {
    process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${human}\n`);
  };
  try {
    switch (command) {
      case 'add': {
        if (rest.length !== 1) throw new UsageError('add takes one web address or file path');
        const policy = policyFromEnv();
        const article = await readArticle(rest[0]!, policy);
        const chosen = await idForArticle(writer, article, values.id, values.replace);
        if (!chosen.ok) throw new Refused(chosen.problem);
        const summary = articleJson(chosen.id, article);
        if (values['dry-run']) return out(`${describe(chosen.id, article)}\n(dry run: nothing written)\n\n${article.text}`, { ...summary, written: false });
        const written = await writer.add(sourceOfArticle(article, chosen.id, values.replace));
        if (!written.ok) throw new Refused(written.problem);
        return out(`${written.replaced ? 'Replaced' : 'Added'} ${describe(chosen.id, article)} → ${written.file}\n${RELOAD_HINT}`, {
          ...summary,
          file: written.file,
          written: true,
        });
      }
      case 'list': {
        const { sources, failures } = await loadCorpus(writer.dir);
        for (const f of failures) process.stderr.write(`warning: ${f.file}: ${f.reason}\n`);
        if (values.json)
          return out(
            '',
            sources.map((s) => ({ id: s.id, file: s.file, title: s.title, ...s.meta, bytes: s.bytes })),
          );
        return out(
          sources.map((s) => `${s.id}\t${s.title}${s.meta.published ? ` (${s.meta.published})` : ''}${s.meta.origin ? `\t${s.meta.origin}` : ''}`).join('\n') ||
            'The corpus has no sources.',
          null,
        );
      }
      case 'remove': {
        if (rest.length !== 1) throw new UsageError('remove takes one source ID');
        const removed = await writer.remove(rest[0]!);
        if (!removed.ok) throw new Refused(removed.problem);
        return out(`Removed ${rest[0]} (${removed.file}). ${RELOAD_HINT}`, { id: rest[0], removed: removed.file });
      }
      case 'refresh':
        return await refreshCommand(writer, values.all ? null : rest, values['dry-run'], out);
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'name a command: add, list, remove or refresh');
    }
  } catch (err) {
    // A refusal is the person's to fix, in one line; the message names what was refused.
    if (err instanceof Refused || err instanceof FetchProblem || err instanceof ArticleProblem || err instanceof RefreshProblem)
      throw new Error(plain(err.message));
    throw err;
  } finally {
    await shared?.close();
  }
}, USAGE);

async function refreshCommand(writer: CorpusWriter, ids: string[] | null, dryRun: boolean, out: (human: string, json: unknown) => void): Promise<void> {
  if (ids !== null && ids.length !== 1) throw new UsageError('refresh takes one source ID, or --all');
  const policy = policyFromEnv();
  let targets = ids ?? [];
  if (ids === null) {
    const meta = await writer.metadata();
    if (!meta.ok) throw new Refused(meta.problem);
    const present = new Set(await writer.idsInFolder());
    targets = Object.entries(meta.entries)
      .filter(([id, m]) => m.origin && present.has(id))
      .map(([id]) => id)
      .sort();
    if (targets.length === 0) return out('No source was added from a web address; nothing to refresh.', []);
  }
  let failed = 0;
  for (const id of targets) {
    try {
      const r = await refetch(writer, id, policy);
      if (!r.changed) {
        out(`${id}: unchanged`, { id, changed: false });
        continue;
      }
      if (!dryRun) {
        const written = await writer.add({ ...sourceOfArticle(r.article, id, true), meta: r.meta });
        if (!written.ok) throw new Refused(written.problem);
      }
      out(`${id}: changed${dryRun ? ' (dry run: nothing written)' : `, rewritten. ${RELOAD_HINT}`}`, { id, changed: true, written: !dryRun });
    } catch (err) {
      // With --all one failure does not stop the others; alone, it is the command's failure.
      if (ids !== null) throw err;
      failed++;
      process.stderr.write(`${id}: ${plain((err as Error).message)}\n`);
      if (!(err instanceof FetchProblem || err instanceof ArticleProblem || err instanceof RefreshProblem || err instanceof Refused)) throw err;
    }
  }
  if (failed > 0) throw new Refused(`${failed} of ${targets.length} source(s) could not be refreshed (see above).`);
}

function policyFromEnv(): FetchPolicy {
  const problems: string[] = [];
  const policy = fetchPolicyFrom(process.env, problems);
  if (problems.length > 0) throw new Refused(problems.join(' '));
  return policy;
}

function articleJson(id: string, a: Article) {
  return {
    id,
    title: a.title,
    published: a.published ?? null,
    url: a.url ?? null,
    origin: a.origin ?? null,
    author: a.author ?? null,
    siteName: a.siteName ?? null,
    kind: a.kind,
    text: a.text,
  };
}

function describe(id: string, a: Article): string {
  const words = a.text.split(/\s+/).filter(Boolean).length;
  const facts = [a.published, a.siteName, a.author && `by ${a.author}`, `${a.text.split('\n').filter(Boolean).length} paragraphs, ${words} words`];
  return `${id}: ${a.title} (${facts.filter(Boolean).join('; ')})`;
}

/** Messages are written for Discord too; the terminal shows `id`, not \`id\`. */
function plain(message: string): string {
  return message.replace(/`([^`]*)`/g, '$1').replace(/\s+/g, ' ');
}
