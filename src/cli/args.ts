/** Shared command-line handling for the `ask` and `eval` scripts. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AnswerEngine } from '../engine/engine.ts';

export class UsageError extends Error {}

export function parseCli<T extends ParseArgsConfig['options']>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Runs a CLI main: a usage error or any failure prints one line to stderr and exits non-zero. */
export function runMain(main: () => Promise<void>, usage: string): void {
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${usage}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  });
}

/** Says on standard error why the index could not be saved; the answers are unaffected. */
export function warnIfNotSaved(engine: AnswerEngine): void {
  const failure = engine.saveFailure;
  if (failure) process.stderr.write(`warning: could not save the index to ${failure.file} (${failure.error}); the next start will rebuild it\n`);
}
