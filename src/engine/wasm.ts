/**
 * The engine's WebAssembly kernels (`meaning/dots.wat`, `ranking/trees.wat`), shipped as base64 bytes: each
 * module compiled once, and an instance of it with its own memory for every table that uses it.
 */
const PAGE = 65_536;
const compiled = new Map<string, WebAssembly.Module>();

/** A new instance of the module in `base64`, its exported memory grown to hold at least `bytes`. */
export function wasmInstance(base64: string, bytes: number): { exports: WebAssembly.Exports; memory: WebAssembly.Memory } {
  let module = compiled.get(base64);
  if (!module) {
    module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  const { exports } = new WebAssembly.Instance(module, {});
  const memory = exports.memory as WebAssembly.Memory;
  const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
  if (pages > 0) memory.grow(pages);
  return { exports, memory };
}
