/**
 * One loop for a chain of elementwise ops: every element is read once, pushed through the chain
 * in locals (rounded to float32 after each op) and written once, with no intermediate arrays and
 * no kernel dispatch. XLA: loop fusion.
 *
 * Where the platform allows `new Function` the loop is generated JavaScript, which V8 compiles to
 * straight-line machine code. Under a Content-Security-Policy without 'unsafe-eval' it falls back
 * to an interpreter over the same op list (same numbers, slower on long arrays). Generated source
 * only contains fixed templates, numbers and identifiers: never user strings.
 */
import { HELPERS, type HostOp } from './elementwise-ops.ts';

/** Host storage of a value: float32, int32 (also uint32 bits) or bool (0/1 bytes). */
export type HostArray = Float32Array | Int32Array | Uint8Array;

/** How element i of the loop reads an input: element i, element 0, or element map[i]. */
export type LoopRead = 'same' | 'scalar' | Int32Array;

export type Operand =
  | { readonly kind: 'in'; readonly index: number }
  | { readonly kind: 'tmp'; readonly index: number }
  | { readonly kind: 'lit'; readonly value: number };

export interface LoopOp {
  readonly op: HostOp;
  readonly args: readonly Operand[];
}

export interface LoopSpec {
  /** Number of elements (the size of every op's result). */
  readonly size: number;
  readonly reads: readonly LoopRead[];
  readonly ops: readonly LoopOp[];
  /** For each output array, the op whose result it stores. */
  readonly outputs: readonly number[];
}

export type LoopFn = (ins: readonly HostArray[], outs: readonly HostArray[]) => void;

let codegenAllowed: boolean | null = null;

/** Whether generated loops are used (false where `new Function` is forbidden, or when disabled). */
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


type Factory = (h: typeof HELPERS, maps: readonly (Int32Array | null)[], lits: readonly number[], n: number) => LoopFn;

/** Compiled factories by source: loops of the same form share one compiled function. */
const factories = new Map<string, Factory>();

function generate(spec: LoopSpec): LoopFn {
  const lines: string[] = ['"use strict";', 'const fr = H.fr;', 'return function (ins, outs) {'];
  const loads: string[] = [];
  const lits: number[] = [];
  const maps: (Int32Array | null)[] = [];
  const used = new Set<number>();
  for (const o of spec.ops) for (const a of o.args) if (a.kind === 'in') used.add(a.index);
  spec.reads.forEach((r, k) => {
    maps.push(typeof r === 'string' ? null : r);
    if (!used.has(k)) return;
    if (r === 'scalar') lines.push(`  const x${k} = ins[${k}][0];`);
    else {
      lines.push(`  const a${k} = ins[${k}];`);
      if (r === 'same') loads.push(`    const x${k} = a${k}[i];`);
      else {
        lines.push(`  const m${k} = M[${k}];`);
        loads.push(`    const x${k} = a${k}[m${k}[i]];`);
      }
    }
  });
  spec.outputs.forEach((_, k) => {
    lines.push(`  const o${k} = outs[${k}];`);
  });
  const name = (a: Operand): string => {
    if (a.kind === 'in') return `x${a.index}`;
    if (a.kind === 'tmp') return `t${a.index}`;
    lits.push(a.value);
    return `l${lits.length - 1}`;
  };
  const body = spec.ops.map((o, j) => `    const t${j} = ${o.op.expr(o.args.map(name))};`);
  // Literals are hoisted out of the loop.
  lits.forEach((_, k) => {
    lines.push(`  const l${k} = L[${k}];`);
  });
  lines.push('  for (let i = 0; i < N; i++) {');
  lines.push(...loads);
  lines.push(...body);
  spec.outputs.forEach((t, k) => {
    lines.push(`    o${k}[i] = t${t};`);
  });
  lines.push('  }', '};');
  const src = lines.join('\n');
  let factory = factories.get(src);
  if (factory === undefined) {
    factory = new Function('H', 'M', 'L', 'N', src) as Factory;
    factories.set(src, factory);
  }
  return factory(HELPERS, maps, lits, spec.size);
}

/** The interpreter: per element, a register file run through one closure per op. */
function interpret(spec: LoopSpec): LoopFn {
  const nIn = spec.reads.length;
  const litValues: number[] = [];
  const litIndex = (v: number): number => {
    litValues.push(v);
    return nIn + litValues.length - 1;
  };
  const argRegs = spec.ops.map((o) =>
    o.args.map((a) => (a.kind === 'in' ? a.index : a.kind === 'lit' ? litIndex(a.value) : -1 - a.index)),
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
  const { reads, outputs, size } = spec;
  return (ins, outs) => {
    const scalarsLoaded = reads.map((r, k) => (r === 'scalar' ? ((ins[k] as HostArray)[0] as number) : 0));
    for (let i = 0; i < size; i++) {
      for (let k = 0; k < nIn; k++) {
        const r = reads[k] as LoopRead;
        regs[k] =
          r === 'scalar'
            ? (scalarsLoaded[k] as number)
            : r === 'same'
              ? ((ins[k] as HostArray)[i] as number)
              : ((ins[k] as HostArray)[r[i] as number] as number);
      }
      for (const s of steps) s();
      for (let k = 0; k < outputs.length; k++) {
        (outs[k] as HostArray)[i] = regs[tmpBase + (outputs[k] as number)] as number;
      }
    }
  };
}

/** A loop for `spec`: generated code when allowed and wanted, else the interpreter. */
export function buildLoop(spec: LoopSpec, codegen = true): LoopFn {
  return codegen && codegenEnabled() ? generate(spec) : interpret(spec);
}
