/** The WebAssembly dot products against plain arithmetic, and the shipped bytes against their source. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOTS_WASM, DotTable } from '../src/engine/meaning/dots.ts';
import { compileWat, WASM_MODULES } from '../scripts/wat.ts';

function dot(a: Int8Array, b: Int8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

describe('DotTable', () => {
  it('ships the bytes each .wat file compiles to (run npm run build:wasm after editing one)', async () => {
    for (const { wat, ts, constant } of WASM_MODULES) {
      const shipped = readFileSync(ts, 'utf8').match(new RegExp(`export const ${constant} =\\s*'([^']*)'`))?.[1];
      expect(shipped, ts).toBe(await compileWat(readFileSync(wat, 'utf8')));
    }
    expect(DOTS_WASM).not.toBe('');
  });

  it('tells which rows reach a bar, in order, and still gives every product', () => {
    const vector = (dims: number) => fc.array(fc.integer({ min: -128, max: 127 }), { minLength: dims, maxLength: dims }).map((v) => Int8Array.from(v));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }).chain((dims) => fc.tuple(vector(dims), fc.array(vector(dims), { minLength: 1, maxLength: 40 }))),
        fc.integer({ min: -40_000, max: 40_000 }),
        fc.nat(),
        ([query, rows], least, skip) => {
          const table = new DotTable(query.length, rows.length);
          rows.forEach((row, i) => {
            table.set(i, row);
          });
          const from = skip % rows.length;
          const kept = table.computeAbove(query, from, rows.length, least);
          const products = rows.map((row) => dot(query, row));
          expect([...table.found.subarray(0, kept)].map((k) => k + from)).toEqual(products.flatMap((p, i) => (i >= from && p >= least ? [i] : [])));
          expect([...table.out.subarray(from)]).toEqual(products.slice(from));
        },
      ),
    );
  });

  it('gives the exact dot products of any rows, at any width, extremes included', () => {
    const vector = (dims: number) => fc.array(fc.integer({ min: -128, max: 127 }), { minLength: dims, maxLength: dims }).map((v) => Int8Array.from(v));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 130 }).chain((dims) => fc.tuple(vector(dims), fc.array(vector(dims), { minLength: 1, maxLength: 40 }))),
        ([query, rows]) => {
          const table = new DotTable(query.length, rows.length);
          rows.forEach((row, i) => {
            table.set(i, row);
          });
          table.compute(query, 0, rows.length);
          expect([...table.out]).toEqual(rows.map((row) => dot(query, row)));
        },
      ),
    );
    const extreme = new Int8Array(100).fill(-128);
    const table = new DotTable(100, 1);
    table.set(0, extreme);
    table.compute(extreme, 0, 1);
    expect(table.out[0]).toBe(100 * 128 * 128);
  });

  it('computes only the rows asked for, and holds more rows than one page of memory', () => {
    const rows = 5_000;
    const table = new DotTable(100, rows);
    const ones = new Int8Array(100).fill(1);
    for (let i = 0; i < rows; i++) table.set(i, new Int8Array(100).fill((i % 200) - 100));
    table.compute(ones, 4_000, 4_010);
    expect(table.out[3_999]).toBe(0);
    expect(table.out[4_010]).toBe(0);
    expect([...table.out.subarray(4_000, 4_010)]).toEqual(Array.from({ length: 10 }, (_, k) => 100 * (((4_000 + k) % 200) - 100)));
  });
});
