/** WebAssembly text to bytes with wabt (a development dependency: the engine ships the bytes). */
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const file = (relative: string) => fileURLToPath(new URL(`../src/engine/${relative}`, import.meta.url));

/** Each WebAssembly module of the engine: its text, and the TypeScript file whose constant holds its bytes. */
export const WASM_MODULES = [
  { wat: file('meaning/dots.wat'), ts: file('meaning/dots.ts'), constant: 'DOTS_WASM' },
  { wat: file('ranking/trees.wat'), ts: file('ranking/trees-wasm.ts'), constant: 'TREES_WASM' },
] as const;

/** The module in `text`, validated, as base64. */
export async function compileWat(text: string): Promise<string> {
  const module = (await wabt()).parseWat('module.wat', text, { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}
