/** Shape helpers: sizes, NumPy broadcasting, axis normalization and JAX short-form printing. */
import { type DType, shortDType } from './dtype.ts';
import { AxisError, ShapeError } from './errors.ts';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `f32[3,4]`: the short form JAX uses in jaxprs and error messages. */
export function shortType(dtype: DType, shape: Shape): string {
  return `${shortDType(dtype)}[${shape.join(',')}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy's broadcasting rule; `null` when the shapes do not broadcast. */
export function tryBroadcastShapes(shapes: readonly Shape[]): number[] | null {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const off = rank - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i] as number;
      const o = out[off + i] as number;
      if (d === o || d === 1) continue;
      if (o === 1) out[off + i] = d;
      else return null;
    }
  }
  return out;
}

export function broadcastShapes(api: string, ...shapes: Shape[]): number[] {
  const out = tryBroadcastShapes(shapes);
  if (out === null) {
    throw new ShapeError(
      `${api}: shapes ${shapes.map((s) => `[${s.join(',')}]`).join(', ')} do not broadcast; ` +
        'expected equal sizes or size 1 in every trailing dimension (NumPy broadcasting).',
    );
  }
  return out;
}

/** Normalizes a possibly negative axis for an array of rank `ndim`, with NumPy's error. */
export function normalizeAxis(api: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) {
    throw new AxisError(`${api}: axis must be an integer; got ${axis}.`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new AxisError(
      `${api}: axis ${axis} is out of bounds for array of dimension ${ndim}; ` +
        `expected an axis in [${-ndim}, ${ndim - 1}].`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalizes an axis argument (number, list, or null = all axes) to sorted unique axes. */
export function normalizeAxes(
  api: string,
  axis: number | readonly number[] | null | undefined,
  ndim: number,
): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(api, a, ndim));
  const seen = new Set<number>();
  for (const a of out) {
    if (seen.has(a))
      throw new AxisError(`${api}: repeated axis ${a} in axis=${JSON.stringify(axis)}.`);
    seen.add(a);
  }
  return out.sort((x, y) => x - y);
}

/** Checks that every entry is a non-negative integer (a valid dimension size). */
export function checkShape(api: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) {
    throw new ShapeError(
      `${api}: shape must be an array of non-negative integers; got ${String(shape)}.`,
    );
  }
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${api}: shape must contain non-negative integers; got [${shape.join(', ')}].`,
      );
    }
  }
  return [...shape];
}
