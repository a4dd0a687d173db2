/** WebAssembly text to bytes with wabt (a development dependency: the engine ships the bytes). */
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const DOTS_WAT = fileURLToPath(new URL('../src/engine/meaning/dots.wat', import.meta.url));
export const DOTS_TS = fileURLToPath(new URL('../src/engine/meaning/dots.ts', import.meta.url));

/** The module in `text`, validated, as base64. */
export async function compileWat(text: string): Promise<string> {
  const module = (await wabt()).parseWat('dots.wat', text, { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}
