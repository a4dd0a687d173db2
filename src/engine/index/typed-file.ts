/**
 * Typed arrays in one file after a small JSON header, so that loading is one read and a few array views,
 * with no parsing: the saved index (`snapshot.ts`) and the compiled word vectors (`meaning/word-vectors.ts`).
 *
 * Layout: a 4-byte magic, u32 header length, the SHA-256 of every byte after it (header and arrays), the
 * header (UTF-8 JSON: the caller's own fields and the table of arrays), then each array at an offset that
 * is a multiple of 8 (so views need no copy). A file damaged on disk is refused, never half-trusted.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const ALIGN = 8;
/** Magic, header length, checksum. */
const PREFIX = 8 + 32;

export type ArrayType = 'u8' | 'i8' | 'u16' | 'u32' | 'i32' | 'f32';
export type AnyArray = Uint8Array | Int8Array | Uint16Array | Uint32Array | Int32Array | Float32Array;
const CONSTRUCTORS = { u8: Uint8Array, i8: Int8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array } as const;

interface ArrayEntry {
  name: string;
  type: ArrayType;
  offset: number;
  length: number;
}

export function typeOf(a: AnyArray): ArrayType {
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

/** What a typed file is made of, in order: its prefix (magic, header length, room for the checksum) and the chunks after it. */
interface Layout {
  prefix: Buffer;
  /** The header and each array with its padding: every byte the checksum covers, in file order. */
  chunks: Uint8Array[];
  bytes: number;
}

function layoutOf(magic: string, header: object, arrays: Iterable<[string, AnyArray]>): Layout {
  const named = [...arrays];
  const table: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, a] of named) {
    table.push({ name, type: typeOf(a), offset, length: a.length });
    offset = align(offset + a.byteLength);
  }
  const headerBytes = Buffer.from(JSON.stringify({ ...header, arrays: table }));
  const prefix = Buffer.alloc(align(PREFIX + headerBytes.length));
  prefix.write(magic, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(prefix, PREFIX);
  const chunks: Uint8Array[] = [prefix.subarray(PREFIX)];
  const padding = new Uint8Array(ALIGN);
  for (const [, a] of named) {
    chunks.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const pad = align(a.byteLength) - a.byteLength;
    if (pad > 0) chunks.push(padding.subarray(0, pad));
  }
  return { prefix, chunks, bytes: prefix.length + offset };
}

/**
 * A temporary file beside `file`, to be renamed into place once written. Those a process left behind when it
 * stopped in the middle of a save (its ID is in the name, and it no longer runs) are removed first: at 1M
 * sentences each is 300 MB.
 */
function tempFileFor(file: string): string {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const prefix = `${path.basename(file)}.`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const [pid, random, ...more] = name.slice(prefix.length, -'.tmp'.length).split('.');
    if (more.length > 0 || !/^\d+$/.test(pid ?? '') || !/^[a-z0-9]+$/.test(random ?? '')) continue;
    if (Number(pid) !== process.pid && !isRunning(Number(pid))) rmSync(path.join(dir, name), { force: true });
  }
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes `header` (any JSON fields but `arrays`) and `arrays` to `file` atomically (a temporary file renamed
 * into place); returns the bytes written.
 */
export function writeTypedFile(file: string, magic: string, header: object, arrays: Iterable<[string, AnyArray]>): number {
  const { prefix, chunks, bytes } = layoutOf(magic, header, arrays);
  const temp = tempFileFor(file);
  const fd = openSync(temp, 'w');
  try {
    const checksum = createHash('sha256');
    writeSync(fd, prefix.subarray(0, PREFIX));
    for (const chunk of chunks) {
      writeSync(fd, chunk);
      checksum.update(chunk);
    }
    writeSync(fd, checksum.digest(), 0, 32, 8);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  closeSync(fd);
  renameSync(temp, file);
  return bytes;
}

/** Most bytes hashed at a time by `writeTypedFileAsync`: the thread that hashes goes back to its events in between. */
const ASYNC_SLICE = 8 * 2 ** 20;

/**
 * `writeTypedFile` without holding the calling thread: the writes go through the thread pool and the checksum is
 * made 8 MB at a time between them (5-10 ms each), so a bot saving a 300 MB index keeps answering. The arrays
 * must not change until it resolves.
 */
export async function writeTypedFileAsync(file: string, magic: string, header: object, arrays: Iterable<[string, AnyArray]>): Promise<number> {
  const { prefix, chunks, bytes } = layoutOf(magic, header, arrays);
  const temp = tempFileFor(file);
  const handle = await open(temp, 'w');
  try {
    const checksum = createHash('sha256');
    let at = 0;
    const write = async (data: Uint8Array) => {
      for (let written = 0; written < data.length; ) {
        const { bytesWritten } = await handle.write(data, written, data.length - written, at);
        written += bytesWritten;
        at += bytesWritten;
      }
    };
    await write(prefix.subarray(0, PREFIX));
    for (const chunk of chunks) {
      for (let from = 0; from < chunk.length; from += ASYNC_SLICE) {
        const slice = chunk.subarray(from, Math.min(chunk.length, from + ASYNC_SLICE));
        const written = write(slice);
        checksum.update(slice);
        await written;
      }
    }
    await handle.write(checksum.digest(), 0, 32, 8);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, file);
  return bytes;
}

export type TypedFile<H> = { ok: true; header: H; arrays: Map<string, AnyArray>; bytes: number } | { ok: false; reason: string };

/**
 * Reads a file written by `writeTypedFile` with this `magic`, checking its checksum and array table; the
 * caller then checks the header's own fields and what the arrays hold. `reason` is short: "missing",
 * "damaged (checksum)", "truncated"…
 */
export function readTypedFile<H extends object>(file: string, magic: string): TypedFile<H> {
  const read = readWhole(file);
  if ('reason' in read) return { ok: false, reason: read.reason };
  const { bytes } = read;
  if (bytes.length < PREFIX || Buffer.from(bytes.buffer, 0, 4).toString('latin1') !== magic) return { ok: false, reason: 'not a file of this kind or version' };
  const headerLength = new DataView(bytes.buffer).getUint32(4, true);
  const checksum = createHash('sha256').update(bytes.subarray(PREFIX)).digest();
  if (!checksum.equals(bytes.subarray(8, PREFIX))) return { ok: false, reason: 'damaged (checksum mismatch)' };
  let header: H & { arrays?: unknown };
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, PREFIX, Math.min(headerLength, bytes.length - PREFIX)).toString('utf8')) as H & { arrays?: unknown };
  } catch {
    return { ok: false, reason: 'damaged (unreadable header)' };
  }
  const base = align(PREFIX + headerLength);
  const arrays = new Map<string, AnyArray>();
  for (const entry of Array.isArray(header.arrays) ? (header.arrays as ArrayEntry[]) : []) {
    const make = CONSTRUCTORS[entry?.type];
    const { offset, length } = entry;
    if (!make || arrays.has(entry.name) || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset % ALIGN !== 0) {
      return { ok: false, reason: 'damaged (bad array table)' };
    }
    if (base + offset + length * make.BYTES_PER_ELEMENT > bytes.length) return { ok: false, reason: 'truncated' };
    arrays.set(entry.name, new make(bytes.buffer, base + offset, length));
  }
  return { ok: true, header, arrays, bytes: bytes.length };
}

/**
 * The whole file in a buffer of its own (offset 0, so every array view is aligned, and transferable to
 * another thread, which Node's shared small-buffer pool is not). Opened without blocking and read only if
 * it is a regular file, so a FIFO or device put in its place cannot hang or flood the reader.
 */
function readWhole(file: string): { bytes: Uint8Array<ArrayBuffer> } | { reason: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'missing' : `unreadable (${code ?? String(err)})` };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { reason: 'not a regular file' };
    const bytes = new Uint8Array(info.size);
    let length = 0;
    while (length < bytes.length) {
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length !== bytes.length) return { reason: 'truncated' };
    return { bytes };
  } catch (err) {
    return { reason: `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    closeSync(fd);
  }
}
