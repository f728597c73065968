// allclose for tests: numpy.testing.assert_allclose semantics (the check behind JAX's
// public_test_util.check_close), over numbers, nested arrays, typed arrays and tensor-likes.

/** Tolerances of {@link allclose}: `|actual - expected| <= atol + rtol * |expected|`. */
export interface AllcloseOptions {
  readonly rtol?: number;
  readonly atol?: number;
}

/** A value reduced to a shape and its row-major elements. */
export interface NumericValue {
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

/** Outcome of {@link allclose}: `pass` plus a description of the comparison. */
export interface AllcloseResult {
  readonly pass: boolean;
  readonly message: string;
}

function isTypedArray(x: unknown): x is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function scalar(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'bigint') return Number(x);
  return undefined;
}

interface NestedState {
  readonly shape: number[];
  readonly out: number[];
  /** Depth of the first scalar seen; every scalar must sit at this depth. */
  leafDepth: number;
}

function flattenNested(x: unknown, depth: number, state: NestedState): void {
  const s = scalar(x);
  if (s !== undefined) {
    if (state.leafDepth < 0) state.leafDepth = depth;
    if (depth !== state.leafDepth || depth !== state.shape.length) {
      throw new TypeError('toBeAllclose: ragged nested array');
    }
    state.out.push(s);
    return;
  }
  const items: ArrayLike<unknown> | undefined = Array.isArray(x) || isTypedArray(x) ? x : undefined;
  if (items === undefined) {
    throw new TypeError(`toBeAllclose: unsupported element ${String(x)} of type ${typeof x}`);
  }
  if (state.leafDepth >= 0 && depth >= state.leafDepth) {
    throw new TypeError('toBeAllclose: ragged nested array');
  }
  if (depth === state.shape.length) state.shape.push(items.length);
  else if (state.shape[depth] !== items.length)
    throw new TypeError('toBeAllclose: ragged nested array');
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    flattenNested(typeof item === 'bigint' ? Number(item) : item, depth + 1, state);
  }
}

function readShape(x: object): number[] | undefined {
  const shape = (x as { shape?: unknown }).shape;
  if (Array.isArray(shape) && shape.every((d) => typeof d === 'number')) return shape as number[];
  return undefined;
}

/**
 * Converts what tests compare to a shape and flat values: numbers, booleans, nested arrays,
 * typed arrays, objects with `shape` + `dataSync()` (tfjs tensors) or `toArray()` (jaxts
 * Tensors; `shape`, when present, wins over the nesting so zero-size dims survive).
 */
export function toNumeric(x: unknown): NumericValue {
  const s = scalar(x);
  if (s !== undefined) return { shape: [], values: [s] };
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && !isTypedArray(x)) {
    const shape = readShape(x);
    const withData = x as { dataSync?: unknown; toArray?: unknown };
    if (shape !== undefined && typeof withData.dataSync === 'function') {
      const data = (withData.dataSync as () => ArrayLike<number | bigint | boolean>).call(x);
      return { shape, values: Array.from(data, (v) => Number(v)) };
    }
    if (typeof withData.toArray === 'function') {
      const inner = toNumeric((withData.toArray as () => unknown).call(x));
      return shape !== undefined ? { shape, values: inner.values } : inner;
    }
    throw new TypeError(
      'toBeAllclose: cannot read numbers from this object; expected a number, an array, a typed array ' +
        'or an object with toArray() / shape + dataSync().',
    );
  }
  const state: NestedState = { shape: [], out: [], leafDepth: -1 };
  flattenNested(x, 0, state);
  return { shape: state.shape, values: state.out };
}

/** Row-major multi-index of flat position `flat` in `shape`. */
export function unravelIndex(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const dim = shape[d] as number;
    index[d] = flat % dim;
    flat = Math.floor(flat / dim);
  }
  return index;
}

/** Whether one pair of elements is close: NaN matches NaN, infinities must match exactly. */
export function isClose(a: number, e: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (!Number.isFinite(a) || !Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

const fmtShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/**
 * Compares two numeric values with NumPy's allclose rule (`|a - e| <= atol + rtol * |e|`,
 * `equal_nan=True`); shapes must be equal (no broadcasting).
 */
export function allclose(
  actual: unknown,
  expected: unknown,
  options: AllcloseOptions = {},
): AllcloseResult {
  const { rtol = 1e-5, atol = 1e-6 } = options;
  const a = toNumeric(actual);
  const e = toNumeric(expected);
  const tol = `rtol=${rtol}, atol=${atol}`;
  if (fmtShape(a.shape) !== fmtShape(e.shape)) {
    return {
      pass: false,
      message: `shapes differ: actual ${fmtShape(a.shape)}, expected ${fmtShape(e.shape)} (${tol})`,
    };
  }
  let mismatches = 0;
  let first = -1;
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < a.values.length; i++) {
    const av = a.values[i] as number;
    const ev = e.values[i] as number;
    if (isClose(av, ev, rtol, atol)) continue;
    mismatches++;
    if (first < 0) first = i;
    const abs = Math.abs(av - ev);
    if (!(abs <= maxAbs)) maxAbs = abs;
    const rel = abs / Math.abs(ev);
    if (!(rel <= maxRel)) maxRel = rel;
  }
  const total = a.values.length;
  if (mismatches === 0) {
    return {
      pass: true,
      message: `all ${total} elements of shape ${fmtShape(a.shape)} are close (${tol})`,
    };
  }
  const at = fmtShape(unravelIndex(first, a.shape));
  return {
    pass: false,
    message:
      `not close (${tol}); shape ${fmtShape(a.shape)}\n` +
      `  mismatched elements: ${mismatches} / ${total}\n` +
      `  max abs error: ${maxAbs}\n` +
      `  max rel error: ${maxRel}\n` +
      `  first mismatch at index ${at}: actual ${a.values[first]}, expected ${e.values[first]}`,
  };
}
