/**
 * dot_general on host arrays for small operands, specialized to its shapes when the program is
 * compiled: batch, free and contracting dimensions become strides (or offset tables when a group
 * of dims is not one strided run). Sums follow tfjs's cpu matmul exactly: products summed in
 * float64 over blocks of 48 terms, each block added to a float32 result, so cpu results are
 * bit-identical to the kernel's. With code generation the contraction is unrolled (short K), the
 * usual case for the small matmuls that run here. XLA: DotGeneral.
 */
import type { ShapedArray } from '../../core/aval.ts';
import type { DotDimensionNumbers } from '../../core/primitives.ts';
import { codegenEnabled, type HostArray } from './fused-loop.ts';
import { linearMap } from './index-maps.ts';

/** tfjs's cpu matmul sums blocks of 48 products in float64 and adds each block to a float32. */
const BLOCK = 48;
/** Contractions up to this length are unrolled in generated code. */
const UNROLL = 64;
/** Otherwise up to this many columns are accumulated in registers. */
const UNROLL_N = 16;

export type DotKernel = (a: HostArray, b: HostArray, out: HostArray) => void;

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i] as number;
  }
  return s;
}

function freeDims(
  ndim: number,
  batch: readonly number[],
  contracting: readonly number[],
): number[] {
  const out: number[] = [];
  for (let i = 0; i < ndim; i++) if (!batch.includes(i) && !contracting.includes(i)) out.push(i);
  return out;
}

function offsets(shape: readonly number[], dims: readonly number[]): Int32Array {
  const strides = stridesOf(shape);
  return linearMap(
    dims.map((d) => shape[d] as number),
    dims.map((d) => strides[d] as number),
  );
}

/** The constant step of an offset table, or null when it is not an arithmetic progression. */
function stepOf(off: Int32Array): number | null {
  if (off.length < 2) return 0;
  const s = (off[1] as number) - (off[0] as number);
  for (let i = 2; i < off.length; i++)
    if ((off[i] as number) - (off[i - 1] as number) !== s) return null;
  return s;
}

/** Multiply-adds of a dot_general (its cost on the host). */
export function dotMacs(lhs: ShapedArray, rhs: ShapedArray, dn: DotDimensionNumbers): number {
  const k = dn.contracting[0].reduce((a, d) => a * (lhs.shape[d] as number), 1);
  return lhs.size * (k === 0 ? 0 : rhs.size / k);
}

interface Layout {
  readonly B: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly offLB: Int32Array;
  readonly offRB: Int32Array;
  readonly offM: Int32Array;
  readonly offN: Int32Array;
  readonly offLK: Int32Array;
  readonly offRK: Int32Array;
}

function layout(lhs: ShapedArray, rhs: ShapedArray, dn: DotDimensionNumbers): Layout {
  const [lc, rc] = dn.contracting;
  const [lb, rb] = dn.batch;
  const offLB = offsets(lhs.shape, lb);
  const offRB = offsets(rhs.shape, rb);
  const offM = offsets(lhs.shape, freeDims(lhs.ndim, lb, lc));
  const offN = offsets(rhs.shape, freeDims(rhs.ndim, rb, rc));
  const offLK = offsets(lhs.shape, lc);
  const offRK = offsets(rhs.shape, rc);
  return {
    B: offLB.length,
    M: offM.length,
    N: offN.length,
    K: offLK.length,
    offLB,
    offRB,
    offM,
    offN,
    offLK,
    offRK,
  };
}

/** The general kernel: offset tables, a float64 row of block sums per output row. */
function generic(l: Layout): DotKernel {
  const { B, M, N, K, offLB, offRB, offM, offN, offLK, offRK } = l;
  const block = new Float64Array(N);
  const acc = new Float64Array(N);
  return (a, b, out) => {
    let o = 0;
    for (let bi = 0; bi < B; bi++) {
      const la = offLB[bi] as number;
      const rbase = offRB[bi] as number;
      for (let m = 0; m < M; m++) {
        const aBase = la + (offM[m] as number);
        acc.fill(0);
        for (let k0 = 0; k0 < K; k0 += BLOCK) {
          const k1 = Math.min(k0 + BLOCK, K);
          block.fill(0);
          for (let k = k0; k < k1; k++) {
            const av = a[aBase + (offLK[k] as number)] as number;
            const bBase = rbase + (offRK[k] as number);
            for (let n = 0; n < N; n++)
              block[n] = (block[n] as number) + av * (b[bBase + (offN[n] as number)] as number);
          }
          for (let n = 0; n < N; n++)
            acc[n] = Math.fround((acc[n] as number) + (block[n] as number));
        }
        for (let n = 0; n < N; n++) out[o++] = acc[n] as number;
      }
    }
  };
}

type Factory = (lb: Int32Array, rb: Int32Array) => DotKernel;
const factories = new Map<string, Factory>();

/** Generated code: strided operands, the contraction unrolled (K ≤ UNROLL). */
function unrolled(l: Layout, sAm: number, sAk: number, sBn: number, sBk: number): DotKernel {
  const { B, M, N, K } = l;
  const lines = [
    '"use strict";',
    'const fr = Math.fround;',
    'return function (a, b, out) {',
    '  let o = 0;',
  ];
  lines.push(
    `  for (let bi = 0; bi < ${B}; bi++) {`,
    '    const la = LB[bi];',
    '    const lr = RB[bi];',
  );
  lines.push(`    for (let m = 0; m < ${M}; m++) {`, `      const ab = la + m * ${sAm};`);
  for (let k = 0; k < K; k++) lines.push(`      const a${k} = a[ab + ${k * sAk}];`);
  lines.push(`      for (let n = 0; n < ${N}; n++) {`, `        const bb = lr + n * ${sBn};`);
  // One float64 sum per block of 48 terms, added to the float32 result (from 0, like tfjs).
  let expr = '0';
  for (let k0 = 0; k0 < K; k0 += BLOCK) {
    const terms: string[] = ['0'];
    for (let k = k0; k < Math.min(k0 + BLOCK, K); k++) terms.push(`a${k} * b[bb + ${k * sBk}]`);
    expr = `fr(${expr} + (${terms.join(' + ')}))`;
  }
  lines.push(`        out[o++] = ${expr};`, '      }', '    }', '  }', '};');
  return compile(lines.join('\n'), l);
}

function compile(src: string, l: Layout): DotKernel {
  let f = factories.get(src);
  if (f === undefined) {
    if (factories.size > 1000) factories.clear();
    f = new Function('LB', 'RB', src) as Factory;
    factories.set(src, f);
  }
  return f(l.offLB, l.offRB);
}

/**
 * Generated code for long contractions with few columns: each output row's columns are float64
 * accumulators in locals, fed one contraction index at a time and added to the float32 results
 * every 48 terms.
 */
function columnsInRegisters(
  l: Layout,
  sAm: number,
  sAk: number,
  sBn: number,
  sBk: number,
): DotKernel {
  const { B, M, N, K } = l;
  const cols = Array.from({ length: N }, (_, n) => n);
  const lines = [
    '"use strict";',
    'const fr = Math.fround;',
    'return function (a, b, out) {',
    '  let o = 0;',
  ];
  lines.push(
    `  for (let bi = 0; bi < ${B}; bi++) {`,
    '    const la = LB[bi];',
    '    const lr = RB[bi];',
  );
  lines.push(`    for (let m = 0; m < ${M}; m++) {`, `      const ab = la + m * ${sAm};`);
  lines.push(`      let ${cols.map((n) => `c${n} = 0`).join(', ')};`);
  lines.push(`      for (let k0 = 0; k0 < ${K}; k0 += ${BLOCK}) {`);
  lines.push(`        const k1 = Math.min(k0 + ${BLOCK}, ${K});`);
  lines.push(`        let ${cols.map((n) => `s${n} = 0`).join(', ')};`);
  lines.push('        for (let k = k0; k < k1; k++) {');
  lines.push(`          const av = a[ab + k * ${sAk}];`, `          const bb = lr + k * ${sBk};`);
  for (const n of cols) lines.push(`          s${n} += av * b[bb + ${n * sBn}];`);
  lines.push('        }');
  for (const n of cols) lines.push(`        c${n} = fr(c${n} + s${n});`);
  lines.push('      }');
  for (const n of cols) lines.push(`      out[o++] = c${n};`);
  lines.push('    }', '  }', '};');
  return compile(lines.join('\n'), l);
}

/** Largest K*N whose right operand is kept in locals (fully unrolled kernel). */
const HOIST = 256;

/**
 * Generated code for small right operands (K ≤ 48, K*N ≤ HOIST): `b` is read into locals once per
 * batch and every output row is straight-line code (about twice as fast as reading `b` per row).
 */
function hoisted(l: Layout, sAm: number, sAk: number, sBn: number, sBk: number): DotKernel {
  const { B, M, N, K } = l;
  const lines = [
    '"use strict";',
    'const fr = Math.fround;',
    'return function (a, b, out) {',
    '  let o = 0;',
  ];
  lines.push(
    `  for (let bi = 0; bi < ${B}; bi++) {`,
    '    const la = LB[bi];',
    '    const lr = RB[bi];',
  );
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) lines.push(`    const b${k}_${n} = b[lr + ${k * sBk + n * sBn}];`);
  }
  lines.push(`    for (let m = 0; m < ${M}; m++) {`, `      const ab = la + m * ${sAm};`);
  for (let k = 0; k < K; k++) lines.push(`      const a${k} = a[ab + ${k * sAk}];`);
  for (let n = 0; n < N; n++) {
    const terms = ['0'];
    for (let k = 0; k < K; k++) terms.push(`a${k} * b${k}_${n}`);
    lines.push(`      out[o++] = fr(0 + (${terms.join(' + ')}));`);
  }
  lines.push('    }', '  }', '};');
  return compile(lines.join('\n'), l);
}

/** Columns per register tile in the tiled kernel. */
const TILE = 8;

/**
 * Generated code for large matmuls: the columns of each output row are processed TILE at a time
 * with float64 accumulators in locals, fed one contraction index at a time (contiguous rows of
 * `b` when its columns are contiguous) and added to the float32 results every 48 terms.
 */
function tiled(l: Layout, sAm: number, sAk: number, sBn: number, sBk: number): DotKernel {
  const { B, M, N, K } = l;
  const lines = ['"use strict";', 'const fr = Math.fround;', 'return function (a, b, out) {'];
  lines.push(
    `  for (let bi = 0; bi < ${B}; bi++) {`,
    '    const la = LB[bi];',
    '    const lr = RB[bi];',
  );
  lines.push(`    const ob = bi * ${M * N};`);
  lines.push(
    `    for (let m = 0; m < ${M}; m++) {`,
    `      const ab = la + m * ${sAm};`,
    `      const orow = ob + m * ${N};`,
  );
  const tile = (width: number, start: string): void => {
    const cols = Array.from({ length: width }, (_, j) => j);
    lines.push(`        let ${cols.map((j) => `c${j} = 0`).join(', ')};`);
    lines.push(`        for (let k0 = 0; k0 < ${K}; k0 += ${BLOCK}) {`);
    lines.push(`          const k1 = Math.min(k0 + ${BLOCK}, ${K});`);
    lines.push(`          let ${cols.map((j) => `s${j} = 0`).join(', ')};`);
    lines.push('          for (let k = k0; k < k1; k++) {');
    lines.push(
      `            const av = a[ab + k * ${sAk}];`,
      `            const bb = lr + k * ${sBk} + (${start}) * ${sBn};`,
    );
    for (const j of cols) lines.push(`            s${j} += av * b[bb + ${j * sBn}];`);
    lines.push('          }');
    for (const j of cols) lines.push(`          c${j} = fr(c${j} + s${j});`);
    lines.push('        }');
    for (const j of cols) lines.push(`        out[orow + ${start} + ${j}] = c${j};`);
  };
  const full = Math.floor(N / TILE) * TILE;
  if (full > 0) {
    lines.push(`      for (let n0 = 0; n0 < ${full}; n0 += ${TILE}) {`);
    tile(TILE, 'n0');
    lines.push('      }');
  }
  if (N > full) {
    lines.push('      {');
    tile(N - full, String(full));
    lines.push('      }');
  }
  lines.push('    }', '  }', '};');
  return compile(lines.join('\n'), l);
}

export function dotKernel(
  lhs: ShapedArray,
  rhs: ShapedArray,
  dn: DotDimensionNumbers,
  codegen: boolean,
): DotKernel {
  const l = layout(lhs, rhs, dn);
  if (codegen && codegenEnabled() && l.K > 0) {
    const sAm = stepOf(l.offM);
    const sAk = stepOf(l.offLK);
    const sBn = stepOf(l.offN);
    const sBk = stepOf(l.offRK);
    if (sAm !== null && sAk !== null && sBn !== null && sBk !== null) {
      if (l.K <= BLOCK && l.K * l.N <= HOIST) return hoisted(l, sAm, sAk, sBn, sBk);
      if (l.K <= UNROLL) return unrolled(l, sAm, sAk, sBn, sBk);
      if (l.N <= UNROLL_N) return columnsInRegisters(l, sAm, sAk, sBn, sBk);
      return tiled(l, sAm, sAk, sBn, sBk);
    }
  }
  return generic(l);
}
