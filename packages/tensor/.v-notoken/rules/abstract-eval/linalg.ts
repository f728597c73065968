/**
 * Abstract eval of the linalg family: dot_general, conv_general_dilated and reduce_window_*.
 * JAX: _dot_general_shape_rule, _conv_general_dilated_shape_rule, reduce_window_shape_tuple.
 */
import { ShapedArray } from '../../core/aval.ts';
import type {
  ConvDimensionNumbers,
  DotDimensionNumbers,
  LinalgPrimitive,
  Params,
  WindowParams,
} from '../../core/primitives.ts';
import type { AbstractEvalFamily } from '../../core/rule-types.ts';
import type { DType } from '../../dtype.ts';
import { AxisError, DTypeError, InvalidArgumentError, ShapeError } from '../../errors.ts';

const list = (xs: readonly number[]): string => `[${xs.join(',')}]`;

/** JAX's core.dilate_dim: the size of `d` elements with `dilation - 1` holes between them. */
export function dilateDim(d: number, dilation: number): number {
  return d === 0 ? 0 : Math.max(0, 1 + dilation * (d - 1));
}

/** JAX's core.stride_dim: the number of windows of `window` with stride `stride` in `d`. */
export function strideDim(d: number, window: number, stride: number): number {
  return Math.max(0, Math.floor((d - window) / stride) + 1);
}

function checkPositiveInts(
  api: string,
  name: string,
  xs: readonly number[],
  allowZero = false,
): void {
  for (const v of xs) {
    if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
      throw new InvalidArgumentError(
        `${api}: ${name} must contain ${allowZero ? 'non-negative' : 'positive'} integers; got ${list(xs)}.`,
      );
    }
  }
}

function checkPadding(
  api: string,
  padding: readonly (readonly [number, number])[],
  n: number,
): void {
  if (padding.length !== n) {
    throw new ShapeError(
      `${api}: padding must have one (low, high) pair per dimension; ` +
        `expected ${n} pairs, got ${padding.length}.`,
    );
  }
  for (const p of padding) {
    if (p.length !== 2 || !Number.isInteger(p[0]) || !Number.isInteger(p[1])) {
      throw new InvalidArgumentError(
        `${api}: padding must be a list of (low, high) integer pairs; got ${JSON.stringify(padding)}.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// dot_general
// ---------------------------------------------------------------------------------------------

function checkDims(
  side: 'lhs' | 'rhs',
  a: ShapedArray,
  batch: readonly number[],
  contracting: readonly number[],
): void {
  for (const d of [...batch, ...contracting]) {
    if (!Number.isInteger(d) || d < 0 || d >= a.ndim) {
      throw new AxisError(
        `dot_general: ${side} dimension numbers must be non-negative and less than the rank of ` +
          `${side}; got ${side} batch dims ${list(batch)} and contracting dims ` +
          `${list(contracting)} for ${a.strShort()}.`,
      );
    }
  }
  if (new Set(contracting).size !== contracting.length) {
    throw new AxisError(
      `dot_general: ${side} contracting dimensions must be distinct; got ${list(contracting)}.`,
    );
  }
  if (new Set(batch).size !== batch.length) {
    throw new AxisError(
      `dot_general: ${side} batch dimensions must be distinct; got ${list(batch)}.`,
    );
  }
  for (const d of batch) {
    if (contracting.includes(d)) {
      throw new AxisError(
        `dot_general: ${side} batch dimensions must be disjoint from contracting dimensions; ` +
          `got batch ${list(batch)} and contracting ${list(contracting)}.`,
      );
    }
  }
}

/** The free (non-batch, non-contracting) dimensions of one operand, in order. */
export function freeDims(
  ndim: number,
  batch: readonly number[],
  contracting: readonly number[],
): number[] {
  const out: number[] = [];
  for (let i = 0; i < ndim; i++) if (!batch.includes(i) && !contracting.includes(i)) out.push(i);
  return out;
}

export function dotGeneralShape(
  lhs: ShapedArray,
  rhs: ShapedArray,
  dn: DotDimensionNumbers,
): number[] {
  const [lc, rc] = dn.contracting;
  const [lb, rb] = dn.batch;
  if (lb.length !== rb.length) {
    throw new ShapeError(
      `dot_general: lhs and rhs must have the same number of batch dimensions; got lhs batch ` +
        `${list(lb)} and rhs batch ${list(rb)}.`,
    );
  }
  if (lc.length !== rc.length) {
    throw new ShapeError(
      `dot_general: lhs and rhs must have the same number of contracting dimensions; got ` +
        `${list(lc)} and ${list(rc)} for ${lhs.strShort()} and ${rhs.strShort()}.`,
    );
  }
  checkDims('lhs', lhs, lb, lc);
  checkDims('rhs', rhs, rb, rc);
  const ls = lhs.shape;
  const rs = rhs.shape;
  if (lb.some((d, i) => ls[d] !== rs[rb[i] as number])) {
    throw new ShapeError(
      `dot_general: batch dimensions must have the same size; got ${lhs.strShort()} and ` +
        `${rhs.strShort()} with batch dims ${list(lb)} and ${list(rb)}.`,
    );
  }
  if (lc.some((d, i) => ls[d] !== rs[rc[i] as number])) {
    throw new ShapeError(
      `dot_general: contracting dimensions must have the same size; got ${lhs.strShort()} and ` +
        `${rhs.strShort()} with contracting dims ${list(lc)} and ${list(rc)}.`,
    );
  }
  return [
    ...lb.map((d) => ls[d] as number),
    ...freeDims(lhs.ndim, lb, lc).map((d) => ls[d] as number),
    ...freeDims(rhs.ndim, rb, rc).map((d) => rs[d] as number),
  ];
}

function dotGeneral(avals: readonly ShapedArray[], params: Params<'dot_general'>): ShapedArray[] {
  const lhs = avals[0] as ShapedArray;
  const rhs = avals[1] as ShapedArray;
  if (lhs.dtype !== rhs.dtype) {
    throw new DTypeError(
      `dot_general: operands must have the same dtype; got ${lhs.strShort()} and ` +
        `${rhs.strShort()}. Convert one operand first (lax.convertElementType), or use ` +
        'lax.dotGeneral / jnp.matmul, which promote.',
    );
  }
  const shape = dotGeneralShape(lhs, rhs, params.dimension_numbers);
  const pref = params.preferred_element_type;
  const dtype: DType = pref ?? lhs.dtype;
  // As in JAX: weak iff both operands are weak, whatever preferred_element_type says.
  const weak = lhs.weakType && rhs.weakType;
  return [new ShapedArray(shape, dtype, weak)];
}

// ---------------------------------------------------------------------------------------------
// conv_general_dilated
// ---------------------------------------------------------------------------------------------

function checkSpec(api: string, name: string, spec: readonly number[], ndim: number): void {
  const sorted = [...spec].sort((a, b) => a - b);
  if (spec.length !== ndim || sorted.some((d, i) => d !== i)) {
    throw new InvalidArgumentError(
      `${api}: dimension_numbers.${name} must be a permutation of the ${ndim} operand ` +
        `dimensions; got ${list(spec)}.`,
    );
  }
}

export function convShape(
  lhs: ShapedArray,
  rhs: ShapedArray,
  params: Params<'conv_general_dilated'>,
): number[] {
  const api = 'conv_general_dilated';
  const dn: ConvDimensionNumbers = params.dimension_numbers;
  if (lhs.ndim !== rhs.ndim) {
    throw new ShapeError(
      `${api}: lhs and rhs must have the same rank; got ${lhs.strShort()} and ${rhs.strShort()}.`,
    );
  }
  if (lhs.ndim < 2) {
    throw new ShapeError(
      `${api}: operands need a batch and a feature dimension (rank >= 2); got ${lhs.strShort()}.`,
    );
  }
  checkSpec(api, 'lhsSpec', dn.lhsSpec, lhs.ndim);
  checkSpec(api, 'rhsSpec', dn.rhsSpec, rhs.ndim);
  checkSpec(api, 'outSpec', dn.outSpec, lhs.ndim);
  const ns = lhs.ndim - 2;
  const { feature_group_count: G, batch_group_count: B } = params;
  if (!Number.isInteger(G) || G < 1) {
    throw new InvalidArgumentError(
      `${api}: feature_group_count must be a positive integer; got ${G}.`,
    );
  }
  if (!Number.isInteger(B) || B < 1) {
    throw new InvalidArgumentError(
      `${api}: batch_group_count must be a positive integer; got ${B}.`,
    );
  }
  if (G > 1 && B > 1) {
    throw new InvalidArgumentError(
      `${api}: at most one of batch_group_count and feature_group_count may be > 1; got ` +
        `batch_group_count=${B} and feature_group_count=${G}.`,
    );
  }
  const ls = (i: number): number => lhs.shape[dn.lhsSpec[i] as number] as number;
  const rs = (i: number): number => rhs.shape[dn.rhsSpec[i] as number] as number;
  const lhsFeatures = ls(1);
  if (lhsFeatures % G !== 0) {
    throw new ShapeError(
      `${api}: feature_group_count must divide the lhs feature dimension; got ` +
        `feature_group_count=${G} and lhs ${lhs.strShort()} with ${lhsFeatures} features.`,
    );
  }
  if (lhsFeatures / G !== rs(1)) {
    throw new ShapeError(
      `${api}: lhs feature dimension divided by feature_group_count must equal the rhs input ` +
        `feature dimension; expected ${rs(1)} (rhs input features), got ${lhsFeatures} / ${G} = ` +
        `${lhsFeatures / G} for lhs ${lhs.strShort()} and rhs ${rhs.strShort()}. Check the channel dimensions and ` +
        'dimension_numbers.',
    );
  }
  if (rs(0) % G !== 0) {
    throw new ShapeError(
      `${api}: the rhs output feature dimension must be a multiple of feature_group_count; got ` +
        `${rs(0)} and feature_group_count=${G} for rhs ${rhs.strShort()}.`,
    );
  }
  if (ls(0) % B !== 0) {
    throw new ShapeError(
      `${api}: batch_group_count must divide the lhs batch dimension; got batch_group_count=${B} ` +
        `and lhs ${lhs.strShort()} with batch ${ls(0)}.`,
    );
  }
  if (rs(0) % B !== 0) {
    throw new ShapeError(
      `${api}: the rhs output feature dimension must be a multiple of batch_group_count; got ` +
        `${rs(0)} and batch_group_count=${B} for rhs ${rhs.strShort()}.`,
    );
  }
  const { window_strides: strides, padding, lhs_dilation: ld, rhs_dilation: rd } = params;
  for (const [name, v] of [
    ['window_strides', strides],
    ['lhs_dilation', ld],
    ['rhs_dilation', rd],
  ] as const) {
    if (v.length !== ns) {
      throw new ShapeError(
        `${api}: ${name} must have one entry per spatial dimension; expected ${ns}, got ` +
          `${list(v)} for lhs ${lhs.strShort()}.`,
      );
    }
    checkPositiveInts(api, name, v);
  }
  checkPadding(api, padding, ns);
  const outSpatial: number[] = [];
  for (let i = 0; i < ns; i++) {
    const inSize = dilateDim(ls(2 + i), ld[i] as number);
    const [lo, hi] = padding[i] as readonly [number, number];
    const padded = inSize + lo + hi;
    if (padded < 0) {
      throw new ShapeError(
        `${api}: negative padding is larger than the corresponding dimension; got padding ` +
          `${JSON.stringify(padding)} for lhs ${lhs.strShort()}.`,
      );
    }
    const window = dilateDim(rs(2 + i), rd[i] as number);
    outSpatial.push(strideDim(padded, window, strides[i] as number));
  }
  const canonical = [ls(0) / B, rs(0), ...outSpatial];
  const out = new Array<number>(lhs.ndim);
  for (let i = 0; i < lhs.ndim; i++) out[dn.outSpec[i] as number] = canonical[i] as number;
  return out;
}

function conv(
  avals: readonly ShapedArray[],
  params: Params<'conv_general_dilated'>,
): ShapedArray[] {
  const lhs = avals[0] as ShapedArray;
  const rhs = avals[1] as ShapedArray;
  if (lhs.dtype !== rhs.dtype) {
    throw new DTypeError(
      `conv_general_dilated: lhs and rhs must have the same dtype; got ${lhs.strShort()} and ` +
        `${rhs.strShort()}. Convert one operand first (lax.convertElementType).`,
    );
  }
  const shape = convShape(lhs, rhs, params);
  return [new ShapedArray(shape, lhs.dtype, lhs.weakType && rhs.weakType)];
}

// ---------------------------------------------------------------------------------------------
// reduce_window_{sum,max,min}
// ---------------------------------------------------------------------------------------------

export function reduceWindowShape(api: string, x: ShapedArray, p: WindowParams): number[] {
  const n = x.ndim;
  if (p.window_dimensions.length !== n) {
    throw new ShapeError(
      `${api}: window_dimensions must have one entry per operand dimension; expected ${n}, got ` +
        `${list(p.window_dimensions)} for ${x.strShort()}.`,
    );
  }
  for (const [name, v] of [
    ['window_strides', p.window_strides],
    ['base_dilation', p.base_dilation],
    ['window_dilation', p.window_dilation],
  ] as const) {
    if (v.length !== n) {
      throw new ShapeError(
        `${api}: ${name} must have one entry per operand dimension; expected ${n}, got ` +
          `${list(v)} for ${x.strShort()}.`,
      );
    }
  }
  checkPositiveInts(api, 'window_dimensions', p.window_dimensions);
  checkPositiveInts(api, 'window_strides', p.window_strides);
  checkPositiveInts(api, 'base_dilation', p.base_dilation);
  checkPositiveInts(api, 'window_dilation', p.window_dilation);
  checkPadding(api, p.padding, n);
  return x.shape.map((d, i) => {
    const [lo, hi] = p.padding[i] as readonly [number, number];
    const padded = dilateDim(d, p.base_dilation[i] as number) + lo + hi;
    const window = dilateDim(p.window_dimensions[i] as number, p.window_dilation[i] as number);
    return strideDim(padded, window, p.window_strides[i] as number);
  });
}

function reduceWindow(api: string, allowBool: boolean) {
  return (avals: readonly ShapedArray[], params: WindowParams): ShapedArray[] => {
    const x = avals[0] as ShapedArray;
    if (x.dtype === 'bool' && !allowBool) {
      throw new DTypeError(
        `${api}: operand must have a number dtype; got ${x.strShort()}. Convert it first ` +
          "(x.astype('int32')).",
      );
    }
    return [new ShapedArray(reduceWindowShape(api, x, params), x.dtype, x.weakType)];
  };
}

export const linalgAbstractEval = {
  dot_general: dotGeneral,
  conv_general_dilated: conv,
  reduce_window_sum: reduceWindow('reduce_window_sum', false),
  reduce_window_max: reduceWindow('reduce_window_max', true),
  reduce_window_min: reduceWindow('reduce_window_min', true),
} satisfies AbstractEvalFamily<LinalgPrimitive>;
