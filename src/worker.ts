/**
 * Starts a worker thread on a sibling module, in the form the calling module itself runs in: compiled
 * JavaScript as is, TypeScript (under tsx or vitest) through tsx's loader. On Node 20 tsx registers its
 * loader on the main thread only, so `execArgv: ['--import', 'tsx']` is not enough: a small module
 * registers it in the worker first, then imports the entry.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker running `./<name>.ts` (or `.js`) beside `callerUrl` (the caller's `import.meta.url`). */
export function startSiblingWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const typescript = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, callerUrl);
  if (!typescript) return new Worker(entry, options);
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi())}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}

/** tsx's ESM API module (`tsx/esm/api`), found from this file so the working directory does not matter. */
function tsxApi(): string {
  // `require.resolve` answers with the package's CommonJS form; its ES module form sits beside it.
  const commonJs = createRequire(fileURLToPath(import.meta.url)).resolve('tsx/esm/api');
  return pathToFileURL(commonJs.replace(/\.cjs$/, '.mjs')).href;
}
