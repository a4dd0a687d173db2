/**
 * Compiles the engine's WebAssembly text files (`WASM_MODULES`) with wabt and writes each one's bytes into the
 * constant of its TypeScript file, so the engine needs no compiler at run time and the build no step beyond tsc.
 *   npm run build:wasm
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compileWat, WASM_MODULES } from './wat.ts';

for (const { wat, ts, constant } of WASM_MODULES) {
  const base64 = await compileWat(readFileSync(wat, 'utf8'));
  const source = readFileSync(ts, 'utf8');
  const line = new RegExp(`^export const ${constant} =\\s*'[^']*';$`, 'm');
  if (!line.test(source)) throw new Error(`no ${constant} line to replace in ${ts}`);
  writeFileSync(ts, source.replace(line, `export const ${constant} =\n  '${base64}';`));
  process.stdout.write(`${ts}: ${Buffer.from(base64, 'base64').length} bytes of WebAssembly\n`);
}
