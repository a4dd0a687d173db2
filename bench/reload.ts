/**
 * What a reload costs after one article is added or changed, against a full rebuild, on the scaled corpus.
 *
 * The bot's own path: a `Library` over a copy of the corpus with a saved index (builds in a worker thread,
 * as `npm start` and `/sources add` do). First the full build with no saved index (the peer figure, as after a
 * change to the indexing code); then one new article is written into the folder and the library reloads
 * (what `/sources add` does after writing the file); then one existing article is changed and it reloads
 * again. A reload reuses each unchanged source's analysis from the saved index and analyses only the new or
 * changed one, so its cost is reading the corpus and the saved index, rebuilding the postings and saving.
 */
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Library } from '../src/bot/library.ts';
import { PROJECT_ROOT, snapshotFileFor } from '../src/settings.ts';

export interface ReloadSummary {
  /** Relative to the project. */
  corpusDir: string;
  sources: number;
  sentences: number;
  /** The first build with no saved index: every source analysed. */
  fullBuildS: number;
  /** Reload after one new article was written: until the new index answers. */
  addS: number;
  /** Until the worker had also saved it (in the background, after the reload answered). */
  addSavedS: number;
  /** Reload after one article's text was changed. */
  changeS: number;
  /** Sources analysed afresh in each reload (the rest were copied from the saved index). */
  addAnalysed: number;
  changeAnalysed: number;
}

export interface ReloadOptions {
  /** The corpus to copy (never changed itself). */
  corpusDir: string;
  /** A scratch folder for the copy and its saved index. */
  workDir: string;
  /** The text of the article to add (new content, so nothing can be reused for it). */
  newArticle: string;
  log?: (line: string) => void;
}

export async function reloadCost(options: ReloadOptions): Promise<ReloadSummary> {
  const log = options.log ?? (() => {});
  const corpus = path.join(options.workDir, 'corpus');
  const cacheDir = path.join(options.workDir, 'index');
  rmSync(options.workDir, { recursive: true, force: true });
  log(`reload: copying ${options.corpusDir}`);
  // Copied, not linked: the loader refuses hard-linked files.
  cpSync(options.corpusDir, corpus, { recursive: true });
  // A bot's corpus was written long before it starts; files changed within two seconds of being read are read
  // again on the next reload (their times cannot vouch for them: `src/sources/corpus.ts`), which a copy made
  // just now would make of every file.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const snapshotFile = snapshotFileFor(corpus, { INDEX_CACHE_DIR: cacheDir })!;

  log('reload: full build (no saved index)');
  let started = performance.now();
  let saved: () => void = () => {};
  const library = await Library.open(corpus, { snapshotFile, reloadTimeoutMs: 30 * 60_000, onSaved: () => saved() });
  /** A reload swaps the index in, then the worker saves it: the next step waits for that, as a moderator would. */
  const nextSave = () => new Promise<void>((resolve) => (saved = resolve));
  const fullBuildS = (performance.now() - started) / 1000;
  const analysedIn = () => {
    const origin = library.engine.origin;
    return origin.kind === 'loaded' ? 0 : library.engine.sources.length - (origin.reused ?? 0);
  };
  try {
    log(`reload: full build took ${fullBuildS.toFixed(1)} s; adding one article`);
    const names = readdirSync(corpus)
      .filter((n) => n.endsWith('.txt'))
      .sort();
    // In the middle of the folder, so the sources after it move and their terms are renumbered.
    const added = `${names[Math.floor(names.length / 2)]!.replace(/\.txt$/, '')}_added.txt`;
    writeFileSync(path.join(corpus, added), options.newArticle);
    let written = nextSave();
    started = performance.now();
    const addReport = await library.reload();
    const addS = (performance.now() - started) / 1000;
    await written;
    const addSavedS = (performance.now() - started) / 1000;
    if (!addReport.added.includes(added.replace(/\.txt$/, ''))) throw new Error(`the reload did not add ${added}: ${JSON.stringify(addReport)}`);
    const addAnalysed = analysedIn();

    log(`reload: adding took ${addS.toFixed(2)} s (saved after ${addSavedS.toFixed(2)} s); changing one article`);
    const changed = path.join(corpus, names[0]!);
    writeFileSync(changed, `${readFileSync(changed, 'utf8')}\nA sentence added at the end of this article, so that its text has changed.\n`);
    written = nextSave();
    started = performance.now();
    const changeReport = await library.reload();
    const changeS = (performance.now() - started) / 1000;
    await written;
    if (changeReport.changed.length !== 1) throw new Error(`the reload did not see the change: ${JSON.stringify(changeReport)}`);
    log(`reload: changing took ${changeS.toFixed(2)} s`);
    return {
      corpusDir: path.relative(PROJECT_ROOT, options.corpusDir),
      sources: library.engine.sources.length,
      sentences: library.engine.index.sentenceCount,
      fullBuildS,
      addS,
      addSavedS,
      changeS,
      addAnalysed,
      changeAnalysed: analysedIn(),
    };
  } finally {
    library.close();
    rmSync(options.workDir, { recursive: true, force: true });
  }
}

export function reloadTable(s: ReloadSummary): string {
  return [
    `### reload: one article added or changed, ${s.sentences.toLocaleString('en')} sentences in ${s.sources.toLocaleString('en')} sources (the bot's own path: a worker-thread build with the saved index)`,
    '',
    '| what | seconds | sources analysed | × full rebuild |',
    '|---|---:|---:|---:|',
    `| full rebuild (no saved index) | ${s.fullBuildS.toFixed(1)} | ${s.sources} | 1.00 |`,
    `| add one article, reload | ${s.addS.toFixed(2)} | ${s.addAnalysed} | ${(s.addS / s.fullBuildS).toFixed(3)} |`,
    `| … and the index saved too (in the background) | ${s.addSavedS.toFixed(2)} | | ${(s.addSavedS / s.fullBuildS).toFixed(3)} |`,
    `| change one article, reload | ${s.changeS.toFixed(2)} | ${s.changeAnalysed} | ${(s.changeS / s.fullBuildS).toFixed(3)} |`,
  ].join('\n');
}
