/**
 * lax linear algebra and windowed reductions: jax.lax.dot_general, dot, conv_general_dilated,
 * conv, conv_transpose, conv_dimension_numbers, padtype_to_pads and reduce_window (add/max/min
 * monoids).
 */
import { bind1 } from '../core/bind.ts';
import type { ConvDimensionNumbers, DotDimensionNumbers } from '../core/primitives.ts';
import { type DType, promoteTypes, toDType } from '../dtype.ts';
import { DTypeError, InvalidArgumentError, ShapeError } from '../errors.ts';
import { composite } from '../numpy/composite.ts';
import { asTensor, scalar, type TensorLike } from '../numpy/convert.ts';
import { dilateDim } from '../rules/abstract-eval/linalg.ts';
import type { Tensor } from '../tensor.ts';
import { rev, transpose } from './structure.ts';

/** Padding of a window op: a JAX padding string or one (low, high) pair per dimension. */
export type Padding = 'SAME' | 'VALID' | 'SAME_LOWER' | readonly (readonly [number, number])[];

/**
 * Convolution dimension numbers, as JAX accepts them: null (NCHW / OIHW / NCHW-style defaults),
 * three layout strings such as `['NHWC', 'HWIO', 'NHWC']`, the same as `{ lhs, rhs, out }`, or
 * the index form `{ lhsSpec, rhsSpec, outSpec }` (JAX's ConvDimensionNumbers).
 */
export type ConvDimensionNumbersSpec =
  | null
  | readonly [string, string, string]
  | { readonly lhs: string; readonly rhs: string; readonly out: string }
  | ConvDimensionNumbers;

/**
 * dot_general dimension numbers: JAX's nested form `[[lhsContract, rhsContract], [lhsBatch,
 * rhsBatch]]`, or the object form `{ contracting, batch }`.
 */
export type DotDimensionNumbersSpec =
  | readonly [
      readonly [readonly number[], readonly number[]],
      readonly [readonly number[], readonly number[]],
    ]
  | DotDimensionNumbers;

function toDotDimensionNumbers(dn: DotDimensionNumbersSpec): DotDimensionNumbers {
  if (Array.isArray(dn)) {
    const [[lc, rc], [lb, rb]] = dn as readonly [
      readonly [readonly number[], readonly number[]],
      readonly [readonly number[], readonly number[]],
    ];
    return { contracting: [[...lc], [...rc]], batch: [[...lb], [...rb]] };
  }
  const o = dn as DotDimensionNumbers;
  if (o === null || typeof o !== 'object' || !('contracting' in o) || !('batch' in o)) {
    throw new InvalidArgumentError(
      `lax.dotGeneral: dimensionNumbers must be [[lhsContract, rhsContract], [lhsBatch, ` +
        `rhsBatch]] or { contracting, batch }; got ${JSON.stringify(dn)}.`,
    );
  }
  return {
    contracting: [[...o.contracting[0]], [...o.contracting[1]]],
    batch: [[...o.batch[0]], [...o.batch[1]]],
  };
}

/** Converts to `dtype` unless already there (lax.convert_element_type, strong type). */
function convert(x: Tensor, dtype: DType, weakType: boolean): Tensor {
  if (x.dtype === dtype && x.weakType === weakType) return x;
  return bind1('convert_element_type', [x], { new_dtype: dtype, weak_type: weakType });
}

export interface DotGeneralOptions {
  /** Accumulation / result dtype (JAX's preferred_element_type). */
  readonly preferredElementType?: DType | string | null;
}

/**
 * jax.lax.dot_general: contracts `lhs` and `rhs` over the contracting dims, batching over the
 * batch dims. The result holds the batch dims, then lhs's free dims, then rhs's free dims.
 * Operands of different dtypes are promoted first (as JAX does).
 */
export function dotGeneral(
  lhs: TensorLike,
  rhs: TensorLike,
  dimensionNumbers: DotDimensionNumbersSpec,
  opts: DotGeneralOptions = {},
): Tensor {
  let a = asTensor(lhs, 'lax.dotGeneral');
  let b = asTensor(rhs, 'lax.dotGeneral');
  const pref = opts.preferredElementType ?? null;
  const preferred = pref === null ? null : toDType(pref, 'lax.dotGeneral');
  if (a.dtype !== b.dtype) {
    const { dtype, weakType } = promoteTypes([a, b]);
    a = convert(a, dtype, weakType && a.weakType);
    b = convert(b, dtype, weakType && b.weakType);
  }
  return bind1('dot_general', [a, b], {
    dimension_numbers: toDotDimensionNumbers(dimensionNumbers),
    precision: null,
    preferred_element_type: preferred,
  });
}

/**
 * jax.lax.dot: vector·vector, matrix·vector or matrix·matrix (contracts the last dim of `lhs`
 * with the first of `rhs`).
 */
export function dot(lhs: TensorLike, rhs: TensorLike, opts: DotGeneralOptions = {}): Tensor {
  const a = asTensor(lhs, 'lax.dot');
  const b = asTensor(rhs, 'lax.dot');
  if (a.ndim < 1 || a.ndim > 2 || b.ndim < 1 || b.ndim > 2) {
    throw new ShapeError(
      `lax.dot: operands must be vectors or matrices; got ${a.aval.strShort()} and ` +
        `${b.aval.strShort()}. Use lax.dotGeneral or jnp.matmul for other ranks.`,
    );
  }
  return dotGeneral(
    a,
    b,
    [
      [[a.ndim - 1], [0]],
      [[], []],
    ],
    opts,
  );
}

// ---------------------------------------------------------------------------------------------
// Padding and dimension numbers
// ---------------------------------------------------------------------------------------------

/**
 * jax.lax.padtype_to_pads: explicit (low, high) pads for 'SAME' (extra pad at the end),
 * 'SAME_LOWER' (extra pad at the start) or 'VALID'.
 */
export function padtypeToPads(
  inShape: readonly number[],
  windowShape: readonly number[],
  windowStrides: readonly number[],
  padding: string,
): [number, number][] {
  const kind = padding.toUpperCase();
  if (kind === 'VALID') return inShape.map(() => [0, 0]);
  if (kind !== 'SAME' && kind !== 'SAME_LOWER') {
    throw new InvalidArgumentError(
      `padtypeToPads: unrecognized padding type; expected 'VALID', 'SAME' or 'SAME_LOWER', got ` +
        `${JSON.stringify(padding)}.`,
    );
  }
  return inShape.map((d, i) => {
    const s = windowStrides[i] as number;
    const out = Math.ceil(d / s);
    const total = Math.max(0, (out - 1) * s + (windowShape[i] as number) - d);
    const small = Math.floor(total / 2);
    return kind === 'SAME' ? [small, total - small] : [total - small, small];
  });
}

/** Explicit (low, high) pairs, checked. */
function explicitPads(api: string, padding: Padding): [number, number][] {
  if (!Array.isArray(padding)) {
    throw new InvalidArgumentError(
      `${api}: padding must be 'SAME', 'VALID', 'SAME_LOWER' or a list of (low, high) pairs; got ` +
        `${JSON.stringify(padding)}.`,
    );
  }
  return padding.map((p) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v))) {
      throw new InvalidArgumentError(
        `${api}: padding must be a string or a list of (low, high) integer pairs; got ` +
          `${JSON.stringify(padding)}.`,
      );
    }
    return [p[0] as number, p[1] as number];
  });
}

/** JAX's conv_general_permutations: index specs from layout strings like 'NHWC'. */
function permutationsFromStrings(specs: readonly [string, string, string]): ConvDimensionNumbers {
  const [lhs, rhs, out] = specs;
  const pairs = [
    ['N', 'C'],
    ['O', 'I'],
    ['N', 'C'],
  ] as const;
  specs.forEach((s, i) => {
    const [a, b] = pairs[i] as readonly [string, string];
    if (s.split(a).length !== 2 || s.split(b).length !== 2) {
      throw new InvalidArgumentError(
        `lax.convGeneralDilated: dimensionNumbers[${i}] must contain '${a}' and '${b}' exactly ` +
          `once; got ${JSON.stringify(s)}.`,
      );
    }
    if (new Set(s).size !== s.length) {
      throw new InvalidArgumentError(
        `lax.convGeneralDilated: dimensionNumbers[${i}] cannot repeat a character; got ${JSON.stringify(s)}.`,
      );
    }
  });
  const spatial = (s: string, a: string, b: string): string =>
    [...s]
      .filter((c) => c !== a && c !== b)
      .sort()
      .join('');
  if (
    spatial(lhs, 'N', 'C') !== spatial(rhs, 'O', 'I') ||
    spatial(out, 'N', 'C') !== spatial(rhs, 'O', 'I')
  ) {
    throw new InvalidArgumentError(
      `lax.convGeneralDilated: dimensionNumbers must each have the same spatial characters; got ` +
        `${JSON.stringify(specs)}.`,
    );
  }
  const rhsSpatial = [...rhs].filter((c) => c !== 'O' && c !== 'I');
  const perm = (s: string, a: string, b: string): number[] => {
    const sp = [...s].map((_, i) => i).filter((i) => s[i] !== a && s[i] !== b);
    if (s !== rhs)
      sp.sort((x, y) => rhsSpatial.indexOf(s[x] as string) - rhsSpatial.indexOf(s[y] as string));
    return [s.indexOf(a), s.indexOf(b), ...sp];
  };
  return {
    lhsSpec: perm(lhs, 'N', 'C'),
    rhsSpec: perm(rhs, 'O', 'I'),
    outSpec: perm(out, 'N', 'C'),
  };
}

/** jax.lax.conv_dimension_numbers: the index form of any accepted spec. */
export function convDimensionNumbers(
  lhsShape: readonly number[],
  rhsShape: readonly number[],
  spec: ConvDimensionNumbersSpec,
): ConvDimensionNumbers {
  if (spec !== null && !Array.isArray(spec) && 'lhsSpec' in spec) {
    return { lhsSpec: [...spec.lhsSpec], rhsSpec: [...spec.rhsSpec], outSpec: [...spec.outSpec] };
  }
  if (lhsShape.length !== rhsShape.length) {
    throw new ShapeError(
      `lax.convGeneralDilated: lhs and rhs must have the same rank; got ranks ${lhsShape.length} ` +
        `and ${rhsShape.length} (shapes [${lhsShape.join(',')}] and [${rhsShape.join(',')}]).`,
    );
  }
  if (spec === null) {
    const iota = lhsShape.map((_, i) => i);
    return { lhsSpec: iota, rhsSpec: [...iota], outSpec: [...iota] };
  }
  const strings: readonly [string, string, string] = Array.isArray(spec)
    ? (spec as unknown as readonly [string, string, string])
    : [(spec as { lhs: string }).lhs, (spec as { rhs: string }).rhs, (spec as { out: string }).out];
  if (strings.length !== 3 || !strings.every((s) => typeof s === 'string')) {
    throw new InvalidArgumentError(
      `lax.convGeneralDilated: dimensionNumbers must be null, three layout strings or ` +
        `{ lhsSpec, rhsSpec, outSpec }; got ${JSON.stringify(spec)}.`,
    );
  }
  strings.forEach((s, i) => {
    if (s.length !== lhsShape.length) {
      throw new ShapeError(
        `lax.convGeneralDilated: dimensionNumbers[${i}] must have one character per operand ` +
          `dimension; expected ${lhsShape.length}, got ${JSON.stringify(s)}.`,
      );
    }
  });
  return permutationsFromStrings(strings);
}

export interface ConvOptions {
  /** Dilation of the input (transposed convolution); needs explicit padding. */
  readonly lhsDilation?: readonly number[] | null;
  /** Dilation of the kernel (atrous convolution). */
  readonly rhsDilation?: readonly number[] | null;
  readonly dimensionNumbers?: ConvDimensionNumbersSpec;
  readonly featureGroupCount?: number;
  readonly batchGroupCount?: number;
}

/** jax.lax.conv_general_dilated. */
export function convGeneralDilated(
  lhs: TensorLike,
  rhs: TensorLike,
  windowStrides: readonly number[],
  padding: Padding,
  opts: ConvOptions = {},
): Tensor {
  const api = 'lax.convGeneralDilated';
  const x = asTensor(lhs, api);
  const w = asTensor(rhs, api);
  const dn = convDimensionNumbers(x.shape, w.shape, opts.dimensionNumbers ?? null);
  const ns = Math.max(0, x.ndim - 2);
  const ones = new Array<number>(ns).fill(1);
  const lhsDilation = opts.lhsDilation ?? ones;
  const rhsDilation = opts.rhsDilation ?? ones;
  let pads: [number, number][];
  if (typeof padding === 'string') {
    if (lhsDilation.some((d) => d !== 1)) {
      throw new InvalidArgumentError(
        `${api}: string padding is not implemented for transposed convolution (lhsDilation ` +
          `[${lhsDilation.join(',')}]); pass explicit (low, high) padding pairs instead.`,
      );
    }
    const inSpatial = dn.lhsSpec.slice(2).map((d) => x.shape[d] as number);
    const window = dn.rhsSpec
      .slice(2)
      .map((d, i) => dilateDim(w.shape[d] as number, rhsDilation[i] ?? 1));
    if (windowStrides.length !== ns) {
      throw new ShapeError(
        `${api}: windowStrides must have one entry per spatial dimension; expected ${ns}, got ` +
          `[${windowStrides.join(',')}].`,
      );
    }
    pads = padtypeToPads(inSpatial, window, windowStrides, padding);
  } else {
    pads = explicitPads(api, padding);
  }
  return bind1('conv_general_dilated', [x, w], {
    window_strides: [...windowStrides],
    padding: pads,
    lhs_dilation: [...lhsDilation],
    rhs_dilation: [...rhsDilation],
    dimension_numbers: dn,
    feature_group_count: opts.featureGroupCount ?? 1,
    batch_group_count: opts.batchGroupCount ?? 1,
  });
}

/** jax.lax.conv: NCHW / OIHW convolution with strides and padding. */
export function conv(
  lhs: TensorLike,
  rhs: TensorLike,
  windowStrides: readonly number[],
  padding: Padding,
): Tensor {
  return convGeneralDilated(lhs, rhs, windowStrides, padding);
}

/** JAX's _conv_transpose_padding: the (low, high) pads that make conv_transpose a gradient. */
function convTransposePadding(k: number, s: number, padding: 'SAME' | 'VALID'): [number, number] {
  let padLen: number;
  let padA: number;
  if (padding === 'SAME') {
    padLen = k + s - 2;
    padA = s > k - 1 ? k - 1 : Math.ceil(padLen / 2);
  } else {
    padLen = k + s - 2 + Math.max(k - s, 0);
    padA = k - 1;
  }
  return [padA, padLen - padA];
}

export interface ConvTransposeOptions {
  readonly rhsDilation?: readonly number[] | null;
  /** Defaults: 'NC'/'IO', 'NHC'/'HIO', 'NHWC'/'HWIO', 'NHWDC'/'HWDIO' by rank, as in JAX. */
  readonly dimensionNumbers?: ConvDimensionNumbersSpec;
  /** Flip the kernel spatially and swap its I/O dims (the gradient of a strided conv). */
  readonly transposeKernel?: boolean;
}

const CONV_TRANSPOSE_DEFAULTS: Record<number, readonly [string, string, string]> = {
  2: ['NC', 'IO', 'NC'],
  3: ['NHC', 'HIO', 'NHC'],
  4: ['NHWC', 'HWIO', 'NHWC'],
  5: ['NHWDC', 'HWDIO', 'NHWDC'],
};

/**
 * jax.lax.conv_transpose: a convolution with input (lhs) dilation by `strides`, i.e. the
 * "deconvolution" of Flax's ConvTranspose. 'SAME' / 'VALID' padding follow JAX's
 * _conv_transpose_padding; explicit pairs pass through.
 */
export function convTranspose(
  lhs: TensorLike,
  rhs: TensorLike,
  strides: readonly number[],
  padding: Padding,
  opts: ConvTransposeOptions = {},
): Tensor {
  const api = 'lax.convTranspose';
  const x = asTensor(lhs, api);
  let w = asTensor(rhs, api);
  if (x.ndim !== w.ndim || x.ndim < 2) {
    throw new ShapeError(
      `${api}: lhs and rhs must have the same rank >= 2; got ${x.aval.strShort()} and ${w.aval.strShort()}.`,
    );
  }
  const spec = opts.dimensionNumbers ?? CONV_TRANSPOSE_DEFAULTS[x.ndim] ?? null;
  if (spec === null) {
    throw new InvalidArgumentError(
      `${api}: no default dimensionNumbers for rank ${x.ndim}; pass dimensionNumbers explicitly.`,
    );
  }
  const dn = convDimensionNumbers(x.shape, w.shape, spec);
  const ns = x.ndim - 2;
  const rhsDilation = opts.rhsDilation ?? new Array<number>(ns).fill(1);
  let pads: [number, number][];
  if (padding === 'SAME' || padding === 'VALID') {
    pads = dn.rhsSpec.slice(2).map((d, i) => {
      const k = dilateDim(w.shape[d] as number, rhsDilation[i] as number);
      return convTransposePadding(k, strides[i] as number, padding);
    });
  } else if (typeof padding === 'string') {
    throw new InvalidArgumentError(
      `${api}: padding must be 'SAME', 'VALID' or (low, high) pairs; got ${JSON.stringify(padding)}.`,
    );
  } else {
    pads = explicitPads(api, padding);
  }
  return composite(() => {
    if (opts.transposeKernel === true) {
      w = rev(w, dn.rhsSpec.slice(2));
      const perm = w.shape.map((_, i) => i);
      const o = dn.rhsSpec[0] as number;
      const i = dn.rhsSpec[1] as number;
      perm[o] = i;
      perm[i] = o;
      w = transpose(w, perm);
    }
    return convGeneralDilated(x, w, new Array<number>(ns).fill(1), pads, {
      lhsDilation: strides,
      rhsDilation,
      dimensionNumbers: dn,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// reduce_window
// ---------------------------------------------------------------------------------------------

export type WindowComputation = 'add' | 'max' | 'min';

export interface ReduceWindowOptions {
  readonly baseDilation?: readonly number[] | null;
  readonly windowDilation?: readonly number[] | null;
}

/** Whether `init` is a JavaScript value equal to the monoid's identity (JAX checks concrete inits). */
function isIdentity(init: TensorLike, computation: WindowComputation, dtype: DType): boolean {
  const max = computation === 'max';
  if (typeof init === 'boolean') return dtype === 'bool' && computation !== 'add' && init === !max;
  if (typeof init !== 'number') return false;
  if (computation === 'add') return init === 0;
  switch (dtype) {
    case 'float32':
      return init === (max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    case 'int32':
      return init === (max ? -2147483648 : 2147483647);
    case 'uint32':
      return init === (max ? 0 : 4294967295);
    case 'bool':
      return false;
  }
}

/**
 * jax.lax.reduce_window with the add, max or min monoid (`computation` as a string). An init
 * value that is the monoid's identity (0, -inf / INT_MIN, +inf / INT_MAX) gives the
 * reduce_window_{sum,max,min} primitive directly; any other init is combined once per window,
 * as XLA does (padding does not repeat it).
 */
export function reduceWindow(
  x: TensorLike,
  initValue: TensorLike,
  computation: WindowComputation,
  windowDimensions: readonly number[],
  windowStrides?: readonly number[] | null,
  padding: Padding = 'VALID',
  opts: ReduceWindowOptions = {},
): Tensor {
  const api = 'lax.reduceWindow';
  const t = asTensor(x, api);
  if (computation !== 'add' && computation !== 'max' && computation !== 'min') {
    throw new InvalidArgumentError(
      `${api}: computation must be 'add', 'max' or 'min'; got ${JSON.stringify(computation)}.`,
    );
  }
  const n = windowDimensions.length;
  const strides = windowStrides ?? new Array<number>(n).fill(1);
  const windowDilation = opts.windowDilation ?? new Array<number>(n).fill(1);
  const baseDilation = opts.baseDilation ?? new Array<number>(n).fill(1);
  let pads: [number, number][];
  if (typeof padding === 'string') {
    if (t.ndim !== n || strides.length !== n || windowDilation.length !== n) {
      throw new ShapeError(
        `${api}: windowDimensions, windowStrides and windowDilation must have one entry per ` +
          `operand dimension; expected ${t.ndim}, got [${windowDimensions.join(',')}], ` +
          `[${strides.join(',')}] and [${windowDilation.join(',')}] for ${t.aval.strShort()}.`,
      );
    }
    const window = windowDimensions.map((d, i) => dilateDim(d, windowDilation[i] as number));
    pads = padtypeToPads(t.shape, window, strides, padding);
  } else {
    pads = explicitPads(api, padding);
  }
  const prim =
    computation === 'add'
      ? 'reduce_window_sum'
      : computation === 'max'
        ? 'reduce_window_max'
        : 'reduce_window_min';
  const params = {
    window_dimensions: [...windowDimensions],
    window_strides: [...strides],
    padding: pads,
    base_dilation: [...baseDilation],
    window_dilation: [...windowDilation],
  };
  if (isIdentity(initValue, computation, t.dtype)) return bind1(prim, [t], params);
  let init: Tensor;
  if (typeof initValue === 'number' || typeof initValue === 'boolean') {
    init = scalar(initValue, t.dtype, false);
  } else {
    init = asTensor(initValue, api);
    if (init.ndim !== 0 || init.dtype !== t.dtype) {
      throw new DTypeError(
        `${api}: initValue must be a scalar of the operand's dtype; expected ` +
          `${t.aval.strShort().replace(/\[.*\]$/, '[]')}, got ${init.aval.strShort()}.`,
      );
    }
  }
  const binary = computation === 'add' ? 'add' : computation === 'max' ? 'max' : 'min';
  return composite(() => {
    const r = bind1(prim, [t], params);
    return bind1(binary, [r, init], {});
  });
}
