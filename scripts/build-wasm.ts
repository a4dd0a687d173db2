/**
 * Compiles `src/engine/meaning/dots.wat` with wabt and writes its bytes into `dots.ts` (`DOTS_WASM`), so the
 * engine needs no compiler at run time and the build needs no step beyond `tsc`.
 *   npm run build:wasm
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compileWat, DOTS_TS, DOTS_WAT } from './wat.ts';

const base64 = await compileWat(readFileSync(DOTS_WAT, 'utf8'));
const source = readFileSync(DOTS_TS, 'utf8');
const updated = source.replace(/^export const DOTS_WASM =\s*'[^']*';$/m, `export const DOTS_WASM =\n  '${base64}';`);
if (!updated.includes(base64)) throw new Error(`no DOTS_WASM line to replace in ${DOTS_TS}`);
writeFileSync(DOTS_TS, updated);
process.stdout.write(`${DOTS_TS}: ${Buffer.from(base64, 'base64').length} bytes of WebAssembly\n`);
