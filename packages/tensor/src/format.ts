/**
 * Printing arrays like JAX/NumPy: `Array([[1., 2.],\n       [3., 4.]], dtype=float32)`.
 * Floats use the shortest decimal that round-trips through float32, aligned on the point.
 */
import type { DType } from './dtype.ts';
import type { HostArray } from './host.ts';

function shortestF32(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

function formatFloats(values: HostArray): string[] {
  let maxAbs = 0;
  let minAbs = Number.POSITIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
  }
  const scientific =
    maxAbs >= 1e8 ||
    (minAbs < 1e-4 && minAbs !== Number.POSITIVE_INFINITY) ||
    maxAbs / minAbs > 1e3;
  const raw = Array.from(values, (v) => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (scientific) {
      const s = shortestF32(v);
      const [m, e] = Number(s).toExponential().split('e') as [string, string];
      const exp = Number(e);
      return `${m.includes('.') ? m : `${m}.`}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    }
    // NumPy's default precision: at most 8 digits after the point (floatmode 'maxprec').
    let s = shortestF32(v);
    const dot = s.indexOf('.');
    if (dot >= 0 && !s.includes('e') && s.length - dot - 1 > 8) s = String(Number(v.toFixed(8)));
    return s.includes('.') || s.includes('e') ? s : `${s}.`;
  });
  // Align on the decimal point as NumPy does: pad integer parts left, fractions right.
  let intW = 0;
  let fracW = 0;
  const parts = raw.map((s) => {
    const i = s.indexOf('.');
    const ip = i < 0 ? s : s.slice(0, i);
    const fp = i < 0 ? '' : s.slice(i);
    intW = Math.max(intW, ip.length);
    fracW = Math.max(fracW, fp.length);
    return [ip, fp] as const;
  });
  return parts.map(([ip, fp]) => ip.padStart(intW) + fp.padEnd(fracW));
}

function formatElements(values: HostArray, dtype: DType): string[] {
  if (dtype === 'bool') return Array.from(values, (v) => (v !== 0 ? ' True' : 'False'));
  if (dtype === 'float32') return formatFloats(values);
  const s = Array.from(values, (v) => String(v));
  const w = Math.max(0, ...s.map((x) => x.length));
  return s.map((x) => x.padStart(w));
}

/**
 * Nests formatted elements into NumPy's bracketed layout: elements of the last axis joined by
 * `elemSep`, outer axes by `rowSep` plus one newline per nesting level and the indentation.
 */
function nest(
  elems: readonly string[],
  shape: readonly number[],
  elemSep: string,
  rowSep: string,
  indent: string,
): string {
  const build = (dim: number, offset: number, depth: number): string => {
    const n = shape[dim] as number;
    let stride = 1;
    for (let d = dim + 1; d < shape.length; d++) stride *= shape[d] as number;
    const last = dim === shape.length - 1;
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      items.push(
        last ? (elems[offset + i] as string) : build(dim + 1, offset + i * stride, depth + 1),
      );
    }
    if (last) return `[${items.join(elemSep)}]`;
    return `[${items.join(`${rowSep}${'\n'.repeat(shape.length - dim - 1)}${indent}${' '.repeat(depth + 1)}`)}]`;
  };
  return build(0, 0, 0);
}

/** JAX's repr: `Array([[1., 2.],\n       [3., 4.]], dtype=float32)`. */
export function formatTensor(
  values: HostArray,
  shape: readonly number[],
  dtype: DType,
  weakType: boolean,
): string {
  const elems = formatElements(values, dtype);
  const prefix = 'Array(';
  const suffix = `, dtype=${dtype}${weakType ? ', weak_type=True' : ''})`;
  if (shape.length === 0) return `${prefix}${(elems[0] ?? '').trim()}${suffix}`;
  return `${prefix}${nest(elems, shape, ', ', ',', ' '.repeat(prefix.length))}${suffix}`;
}

/** NumPy's `str(x)`: `11.396822` for a scalar, `[1.  2.5]` for arrays (no dtype, spaces between). */
export function formatStr(values: HostArray, shape: readonly number[], dtype: DType): string {
  const elems = formatElements(values, dtype).map((e) => (dtype === 'bool' ? e.trim() : e));
  if (shape.length === 0) return (elems[0] ?? '').trim();
  return nest(elems, shape, ' ', '', '');
}
