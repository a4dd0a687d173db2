/**
 * Typed arrays in one file after a small JSON header, so that loading is one read and a few array views,
 * with no parsing. The saved index and the compiled word vectors are both such files.
 *
 * Layout: a 4-byte magic, u32 header length, the header (UTF-8 JSON), then each array at an offset that is
 * a multiple of 8 (so views need no copy). The header lists each array's name, type, offset and length, and
 * a SHA-256 of all array bytes: a file damaged on disk is refused, never half-trusted.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

const ALIGN = 8;

export type ArrayType = 'u8' | 'i8' | 'u16' | 'u32' | 'i32' | 'f32';
export type AnyArray = Uint8Array | Int8Array | Uint16Array | Uint32Array | Int32Array | Float32Array;
const CONSTRUCTORS = { u8: Uint8Array, i8: Int8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array } as const;

interface ArrayEntry {
  name: string;
  type: ArrayType;
  offset: number;
  length: number;
}

interface FileHeader<H> {
  meta: H;
  arrays: ArrayEntry[];
  /** SHA-256 (hex) of every byte after the header. */
  checksum: string;
}

function typeOf(a: AnyArray): ArrayType {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Int8Array) return 'i8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  return 'f32';
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

const bytesOf = (a: AnyArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Writes `meta` and `arrays` to `file` atomically (a temporary file renamed into place); returns the bytes written. */
export function writeTypedFile<H>(file: string, magic: string, meta: H, arrays: Record<string, AnyArray>): number {
  const named = Object.entries(arrays);
  const entries: ArrayEntry[] = [];
  const hash = createHash('sha256');
  const padding = new Uint8Array(ALIGN);
  let offset = 0;
  for (const [name, a] of named) {
    entries.push({ name, type: typeOf(a), offset, length: a.length });
    hash.update(bytesOf(a));
    const pad = align(a.byteLength) - a.byteLength;
    if (pad > 0) hash.update(padding.subarray(0, pad));
    offset += align(a.byteLength);
  }
  const header: FileHeader<H> = { meta, arrays: entries, checksum: hash.digest('hex') };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(align(8 + headerBytes.length));
  prefix.write(magic, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(prefix, 8);

  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, prefix);
    for (const [, a] of named) {
      writeSync(fd, bytesOf(a));
      const pad = align(a.byteLength) - a.byteLength;
      if (pad > 0) writeSync(fd, padding, 0, pad);
    }
    fsyncSync(fd);
    closeSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  renameSync(temp, file);
  return prefix.length + offset;
}

export type TypedFile<H> = { ok: true; meta: H; arrays: Map<string, AnyArray>; bytes: number } | { ok: false; reason: string };

/** Reads a file written by `writeTypedFile`, checking its magic, layout and checksum. */
export function readTypedFile<H>(file: string, magic: string): TypedFile<H> {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'missing' : `unreadable (${code ?? (err as Error).message})` };
  }
  if (data.length < 8 || data.toString('latin1', 0, 4) !== magic) return { ok: false, reason: 'not a file of this kind' };
  const headerLength = data.readUInt32LE(4);
  if (8 + headerLength > data.length) return { ok: false, reason: 'truncated' };
  let header: FileHeader<H>;
  try {
    header = JSON.parse(data.toString('utf8', 8, 8 + headerLength)) as FileHeader<H>;
  } catch {
    return { ok: false, reason: 'damaged (header)' };
  }
  if (!Array.isArray(header?.arrays) || typeof header.checksum !== 'string') return { ok: false, reason: 'damaged (header)' };
  const base = align(8 + headerLength);
  // Views need their byte offset to be a multiple of the element size; a small file read into Node's shared
  // pool may not start on one, so such a buffer is copied once.
  const bytes: Uint8Array = data.byteOffset % ALIGN === 0 ? data : new Uint8Array(data);
  const body = bytes.subarray(base);
  if (createHash('sha256').update(body).digest('hex') !== header.checksum) return { ok: false, reason: bytes.length < base ? 'truncated' : 'damaged (checksum)' };
  const arrays = new Map<string, AnyArray>();
  for (const entry of header.arrays) {
    const make = CONSTRUCTORS[entry.type];
    if (!make || !Number.isInteger(entry.offset) || !Number.isInteger(entry.length) || entry.offset < 0 || entry.length < 0) return { ok: false, reason: 'damaged (layout)' };
    if (entry.offset % ALIGN !== 0 || entry.offset + entry.length * make.BYTES_PER_ELEMENT > body.length) return { ok: false, reason: 'truncated' };
    arrays.set(entry.name, new make(body.buffer as ArrayBuffer, body.byteOffset + entry.offset, entry.length));
  }
  return { ok: true, meta: header.meta, arrays, bytes: data.length };
}
