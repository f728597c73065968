/**
 * One loop for a chain of elementwise ops: every element is read once, pushed through the chain
 * in locals (rounded to float32 after each op) and written once, with no intermediate arrays and
 * no kernel dispatch; reductions of the chain's values accumulate in the same loop. XLA: loop
 * fusion with reduction epilogues.
 *
 * The loop runs over [outer, inner] (the result shape with its last dimension split off), so the
 * usual broadcasts read by index without a lookup table: a row vector [N] by the inner index, a
 * column [B,1] by the outer one; other broadcasts read through a precomputed index map.
 *
 * Where the platform allows `new Function` the loop is generated JavaScript, which V8 compiles to
 * straight-line machine code. Under a Content-Security-Policy without 'unsafe-eval' it falls back
 * to an interpreter over the same op list (same numbers, slower on long arrays). Generated source
 * only contains fixed templates, numbers and identifiers: never user strings.
 */
import { HELPERS, type HostOp } from './elementwise-ops.ts';

/** Host storage of a value: float32, int32 (also uint32 bits) or bool (0/1 bytes). */
export type HostArray = Float32Array | Int32Array | Uint8Array;

/**
 * How element (o, j) of the loop (flat index i = o * inner + j) reads an input: element i, j,
 * o or 0, or element map[i].
 */
export type LoopRead = 'same' | 'inner' | 'outer' | 'scalar' | Int32Array;

export type Operand =
  | { readonly kind: 'in'; readonly index: number }
  | { readonly kind: 'tmp'; readonly index: number }
  | { readonly kind: 'lit'; readonly value: number };

export interface LoopOp {
  readonly op: HostOp;
  readonly args: readonly Operand[];
}

/** A reduction of one op's results: into element j, o, 0, or map[i] of a float64 accumulator. */
export interface LoopReduction {
  readonly tmp: number;
  readonly kind: 'sum' | 'max' | 'min';
  readonly into: 'inner' | 'outer' | 'all' | Int32Array;
  /** Number of results (the accumulator's length). */
  readonly size: number;
}

export interface LoopSpec {
  readonly outer: number;
  readonly inner: number;
  readonly reads: readonly LoopRead[];
  readonly ops: readonly LoopOp[];
  /** For each elementwise output array, the op whose result it stores. */
  readonly outputs: readonly number[];
  /** Reductions; their output arrays follow the elementwise ones in `outs`. */
  readonly reductions: readonly LoopReduction[];
}

/** ins: input arrays (by read); outs: elementwise outputs then reduction outputs. */
export type LoopFn = (ins: readonly HostArray[], outs: readonly HostArray[]) => void;

let codegenAllowed: boolean | null = null;

/** Whether `new Function` works here (false under a CSP that forbids eval). */
export function codegenEnabled(): boolean {
  if (codegenAllowed === null) {
    try {
      codegenAllowed = new Function('return 1')() === 1;
    } catch {
      codegenAllowed = false;
    }
  }
  return codegenAllowed;
}

const INIT: Record<LoopReduction['kind'], number> = {
  sum: 0,
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
};

type Factory = (
  h: typeof HELPERS,
  maps: readonly (Int32Array | null)[],
  lits: readonly number[],
  accs: readonly Float64Array[],
  redMaps: readonly (Int32Array | null)[],
) => LoopFn;

/** Compiled factories by source: loops of the same form share one compiled function. */
const factories = new Map<string, Factory>();

function generate(spec: LoopSpec): LoopFn {
  const { outer, inner } = spec;
  const head: string[] = ['"use strict";', 'const fr = H.fr;', 'return function (ins, outs) {'];
  const loads: string[] = [];
  const lits: number[] = [];
  const maps: (Int32Array | null)[] = [];
  const used = new Set<number>();
  for (const o of spec.ops) for (const a of o.args) if (a.kind === 'in') used.add(a.index);
  spec.reads.forEach((r, k) => {
    maps.push(typeof r === 'string' ? null : r);
    if (!used.has(k)) return;
    if (r === 'scalar') {
      head.push(`  const x${k} = ins[${k}][0];`);
      return;
    }
    head.push(`  const a${k} = ins[${k}];`);
    if (r === 'same') loads.push(`      const x${k} = a${k}[i];`);
    else if (r === 'inner') loads.push(`      const x${k} = a${k}[j];`);
    else if (r === 'outer') head.push(`  let x${k} = 0;`);
    else {
      head.push(`  const m${k} = M[${k}];`);
      loads.push(`      const x${k} = a${k}[m${k}[i]];`);
    }
  });
  // Column reads change once per outer step.
  const outerLoads = spec.reads
    .map((r, k) => (r === 'outer' && used.has(k) ? `    x${k} = a${k}[o];` : ''))
    .filter((l) => l !== '');
  const nOut = spec.outputs.length;
  spec.outputs.forEach((_, k) => {
    head.push(`  const o${k} = outs[${k}];`);
  });
  const name = (a: Operand): string => {
    if (a.kind === 'in') return `x${a.index}`;
    if (a.kind === 'tmp') return `t${a.index}`;
    lits.push(a.value);
    return `l${lits.length - 1}`;
  };
  const body = spec.ops.map((o, j) => `      const t${j} = ${o.op.expr(o.args.map(name))};`);
  lits.forEach((_, k) => {
    head.push(`  const l${k} = L[${k}];`);
  });
  const accs: Float64Array[] = [];
  const redMaps: (Int32Array | null)[] = [];
  const reduce: string[] = [];
  const finish: string[] = [];
  spec.reductions.forEach((r, k) => {
    accs.push(new Float64Array(r.size));
    redMaps.push(typeof r.into === 'string' ? null : r.into);
    head.push(
      `  const r${k} = A[${k}];`,
      `  r${k}.fill(${r.kind === 'sum' ? '0' : r.kind === 'max' ? '-Infinity' : 'Infinity'});`,
    );
    if (typeof r.into !== 'string') head.push(`  const q${k} = R[${k}];`);
    const at =
      r.into === 'inner' ? 'j' : r.into === 'outer' ? 'o' : r.into === 'all' ? '0' : `q${k}[i]`;
    const t = `t${r.tmp}`;
    if (r.kind === 'sum') reduce.push(`      r${k}[${at}] += ${t};`);
    else reduce.push(`      r${k}[${at}] = Math.${r.kind}(r${k}[${at}], ${t});`);
    finish.push(
      `  const ro${k} = outs[${nOut + k}];`,
      `  for (let p = 0; p < ${r.size}; p++) ro${k}[p] = r${k}[p];`,
    );
  });
  const lines = [
    ...head,
    '  let i = 0;',
    `  for (let o = 0; o < ${outer}; o++) {`,
    ...outerLoads,
    `    for (let j = 0; j < ${inner}; j++, i++) {`,
    ...loads,
    ...body,
    ...spec.outputs.map((t, k) => `      o${k}[i] = t${t};`),
    ...reduce,
    '    }',
    '  }',
    ...finish,
    '};',
  ];
  const src = lines.join('\n');
  let factory = factories.get(src);
  if (factory === undefined) {
    // Bounded: programs of many shapes must not keep every loop they ever compiled.
    if (factories.size > 2000) factories.clear();
    factory = new Function('H', 'M', 'L', 'A', 'R', src) as Factory;
    factories.set(src, factory);
  }
  return factory(HELPERS, maps, lits, accs, redMaps);
}

/** The interpreter: per element, a register file run through one closure per op. */
function interpret(spec: LoopSpec): LoopFn {
  const { outer, inner, reads, outputs, reductions } = spec;
  const nIn = reads.length;
  const litValues: number[] = [];
  const argRegs = spec.ops.map((o) =>
    o.args.map((a) => {
      if (a.kind === 'in') return a.index;
      if (a.kind === 'tmp') return -1 - a.index;
      litValues.push(a.value);
      return nIn + litValues.length - 1;
    }),
  );
  const tmpBase = nIn + litValues.length;
  const regs = new Float64Array(tmpBase + spec.ops.length);
  litValues.forEach((v, k) => {
    regs[nIn + k] = v;
  });
  const steps = spec.ops.map((o, j) => {
    const f = o.op.fn;
    const ix = (argRegs[j] as number[]).map((r) => (r < 0 ? tmpBase + (-1 - r) : r));
    const d = tmpBase + j;
    if (ix.length === 1) {
      const a = ix[0] as number;
      return () => {
        regs[d] = f(regs[a] as number);
      };
    }
    if (ix.length === 2) {
      const a = ix[0] as number;
      const b = ix[1] as number;
      return () => {
        regs[d] = f(regs[a] as number, regs[b] as number);
      };
    }
    return () => {
      regs[d] = f(...ix.map((r) => regs[r] as number));
    };
  });
  const accs = reductions.map((r) => new Float64Array(r.size));
  return (ins, outs) => {
    for (let k = 0; k < accs.length; k++) {
      (accs[k] as Float64Array).fill(INIT[(reductions[k] as LoopReduction).kind]);
    }
    let i = 0;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++, i++) {
        for (let k = 0; k < nIn; k++) {
          const r = reads[k] as LoopRead;
          const a = ins[k] as HostArray;
          const at =
            r === 'same'
              ? i
              : r === 'inner'
                ? j
                : r === 'outer'
                  ? o
                  : r === 'scalar'
                    ? 0
                    : (r[i] as number);
          regs[k] = a[at] as number;
        }
        for (const s of steps) s();
        for (let k = 0; k < outputs.length; k++) {
          (outs[k] as HostArray)[i] = regs[tmpBase + (outputs[k] as number)] as number;
        }
        for (let k = 0; k < reductions.length; k++) {
          const r = reductions[k] as LoopReduction;
          const acc = accs[k] as Float64Array;
          const at =
            r.into === 'inner'
              ? j
              : r.into === 'outer'
                ? o
                : r.into === 'all'
                  ? 0
                  : (r.into[i] as number);
          const v = regs[tmpBase + r.tmp] as number;
          const cur = acc[at] as number;
          acc[at] =
            r.kind === 'sum' ? cur + v : r.kind === 'max' ? Math.max(cur, v) : Math.min(cur, v);
        }
      }
    }
    accs.forEach((a, k) => {
      const out = outs[outputs.length + k] as HostArray;
      for (let p = 0; p < a.length; p++) out[p] = a[p] as number;
    });
  };
}

/** A loop for `spec`: generated code when allowed and wanted, else the interpreter. */
export function buildLoop(spec: LoopSpec, codegen = true): LoopFn {
  return codegen && codegenEnabled() ? generate(spec) : interpret(spec);
}
