/**
 * Jaxpr: the staged intermediate representation (variables, literals, equations) and its
 * printer in JAX's syntax, e.g. `{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }`.
 * JAX: core.Jaxpr, core.ClosedJaxpr, core.pp_jaxpr.
 */
import type { ShapedArray } from '../core/aval.ts';
import type { Params, Primitive } from '../core/primitives.ts';
import type { Tensor } from '../tensor.ts';

export class Var {
  readonly aval: ShapedArray;
  constructor(aval: ShapedArray) {
    this.aval = aval;
  }
}

/** A scalar constant inlined into an equation (JAX prints `2.0:f32[]`). */
export class Literal {
  readonly value: number | boolean;
  readonly aval: ShapedArray;
  constructor(value: number | boolean, aval: ShapedArray) {
    this.value = value;
    this.aval = aval;
  }
}

export type Atom = Var | Literal;

export interface JaxprEqn<P extends Primitive = Primitive> {
  readonly primitive: P;
  readonly inputs: readonly Atom[];
  readonly params: Params<P>;
  readonly outBinders: readonly Var[];
}

export class Jaxpr {
  readonly constvars: readonly Var[];
  readonly invars: readonly Var[];
  readonly eqns: readonly JaxprEqn[];
  readonly outvars: readonly Atom[];
  constructor(
    constvars: readonly Var[],
    invars: readonly Var[],
    eqns: readonly JaxprEqn[],
    outvars: readonly Atom[],
  ) {
    this.constvars = constvars;
    this.invars = invars;
    this.eqns = eqns;
    this.outvars = outvars;
  }
  toString(): string {
    return printJaxpr(this);
  }
}

/** A jaxpr with the values of its constvars. JAX: core.ClosedJaxpr. */
export class ClosedJaxpr {
  readonly jaxpr: Jaxpr;
  readonly consts: readonly Tensor[];
  constructor(jaxpr: Jaxpr, consts: readonly Tensor[]) {
    this.jaxpr = jaxpr;
    this.consts = consts;
  }
  get inAvals(): ShapedArray[] {
    return this.jaxpr.invars.map((v) => v.aval);
  }
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outvars.map((v) => v.aval);
  }
  toString(): string {
    return printJaxpr(this.jaxpr);
  }
}

// ---- printing ------------------------------------------------------------------------------

function shortestFloat32(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const t = v.toPrecision(p);
    if (Math.fround(Number(t)) === Math.fround(v)) return String(Number(t));
  }
  return String(v);
}

const WIDTH = 80;

/** a, b, ..., z, ba, bb, ...: JAX's variable names. */
function varName(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  // JAX skips straight from 'z' to 'ba' (base-26 digits with 'a' as zero).
  return s;
}

function formatLiteral(l: Literal): string {
  const v = l.value;
  let s: string;
  if (typeof v === 'boolean') s = v ? 'True' : 'False';
  else if (l.aval.dtype === 'float32') {
    if (Number.isNaN(v)) s = 'nan';
    else if (!Number.isFinite(v)) s = v > 0 ? 'inf' : '-inf';
    else {
      // The shortest decimal that reads back as the same float32 (JAX prints 1.67, not 1.6699999...).
      const short = shortestFloat32(v);
      s = /[.e]/.test(short) ? short : `${short}.0`;
    }
  } else s = String(v);
  return `${s}:${l.aval.strShort()}`;
}

/** Formats one param value like JAX: tuples `(0, 1)`, None, True/False, dtype names. */
export function formatParam(v: unknown, names?: Names): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  if (typeof v === 'function') return `<function ${v.name === '' ? 'anonymous' : v.name}>`;
  if (Array.isArray(v)) {
    const items = v.map((x) => formatParam(x, names));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (v instanceof Jaxpr) return printJaxpr(v, names?.indent ?? 0);
  if (v instanceof ClosedJaxpr) return printJaxpr(v.jaxpr, names?.indent ?? 0);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('contracting' in o && 'batch' in o) {
      // DotDimensionNumbers print as JAX's nested tuples of lists.
      const [lc, rc] = o.contracting as [number[], number[]];
      const [lb, rb] = o.batch as [number[], number[]];
      const l = (xs: readonly number[]) => `[${xs.join(', ')}]`;
      return `((${l(lc)}, ${l(rc)}), (${l(lb)}, ${l(rb)}))`;
    }
    if ('lhsSpec' in o) {
      const f = (xs: readonly number[]) => `(${xs.join(', ')})`;
      return `ConvDimensionNumbers(lhs_spec=${f(o.lhsSpec as number[])}, rhs_spec=${f(o.rhsSpec as number[])}, out_spec=${f(o.outSpec as number[])})`;
    }
    return `{${Object.entries(o)
      .map(([k, x]) => `${k}: ${formatParam(x, names)}`)
      .join(', ')}}`;
  }
  return String(v);
}

interface Names {
  readonly map: Map<Var, string>;
  indent: number;
}

function nameOf(names: Names, v: Var): string {
  let n = names.map.get(v);
  if (n === undefined) {
    n = varName(names.map.size);
    names.map.set(v, n);
  }
  return n;
}

function atomStr(names: Names, a: Atom): string {
  return a instanceof Literal ? formatLiteral(a) : nameOf(names, a);
}

function binderStr(names: Names, v: Var): string {
  return `${nameOf(names, v)}:${v.aval.strShort()}`;
}

function eqnLines(names: Names, eqn: JaxprEqn, indent: string): string[] {
  const ins = eqn.inputs.map((a) => atomStr(names, a)).join(' ');
  const outs = eqn.outBinders.map((v) => binderStr(names, v)).join(' ');
  const entries = Object.entries(eqn.params as Record<string, unknown>);
  const head = `${indent}${outs} = ${eqn.primitive}`;
  const tail = ins.length > 0 ? ` ${ins}` : '';
  if (entries.length === 0) return [head + tail];
  const sub: Names = { map: new Map(), indent: indent.length + 2 };
  const flat = entries.map(([k, v]) => `${k}=${formatParam(v, sub)}`);
  const oneLine = `${head}[${flat.join(' ')}]${tail}`;
  if (oneLine.length <= WIDTH && !oneLine.includes('\n')) return [oneLine];
  const inner = `${indent}  `;
  const lines = [`${head}[`];
  for (const [k, v] of entries) {
    const s = formatParam(v, { map: new Map(), indent: inner.length });
    lines.push(`${inner}${k}=${s}`);
  }
  lines.push(`${indent}]${tail}`);
  return lines;
}

/** Prints a jaxpr in JAX's syntax (one line when it fits in 80 columns, as JAX does). */
export function printJaxpr(jaxpr: Jaxpr, indentCols = 0): string {
  const names: Names = { map: new Map(), indent: indentCols };
  const consts = jaxpr.constvars.map((v) => binderStr(names, v)).join(' ');
  const ins = jaxpr.invars.map((v) => binderStr(names, v)).join(' ');
  const header = `{ lambda ${consts}${consts.length > 0 ? '; ' : '; '}${ins}. let`.replace(
    'lambda ; ',
    'lambda ; ',
  );
  const pad = ' '.repeat(indentCols);
  const eqns = jaxpr.eqns.map((e) => eqnLines(names, e, `${pad}    `));
  const outList = jaxpr.outvars.map((a) => atomStr(names, a));
  const outs = outList.length === 1 ? `(${outList[0]},)` : `(${outList.join(', ')})`;
  const single = eqns.every((l) => l.length === 1) && eqns.length <= 1;
  if (single) {
    const body = eqns.length === 1 ? ` ${(eqns[0] as string[])[0]?.trim()}` : '';
    const line = `${header.replace(/ let$/, ' let')}${body} in ${outs} }`;
    if (line.length + indentCols <= WIDTH) return line;
  }
  const lines = [header];
  for (const l of eqns) lines.push(...l);
  lines.push(`${pad}  in ${outs} }`);
  return lines.join('\n');
}
