// Shared fast-check arbitraries for jaxts property tests (JAX tests draw shapes, axes and
// dtypes with hypothesis / parameterized cases; these are the fast-check equivalents).

import fc from 'fast-check';

/** Options of {@link shape}. */
export interface ShapeOptions {
  readonly minRank?: number;
  readonly maxRank?: number;
  readonly minDim?: number;
  readonly maxDim?: number;
}

/** Array shapes: rank in `[minRank, maxRank]` (default 0..3), dims in `[minDim, maxDim]` (1..4). */
export function shape(options: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 3, minDim = 1, maxDim = 4 } = options;
  return fc.array(fc.integer({ min: minDim, max: maxDim }), {
    minLength: minRank,
    maxLength: maxRank,
  });
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/**
 * NumPy broadcasting of two shapes (align from the right; dims must be equal or 1), or
 * undefined when they do not broadcast.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Options of {@link broadcastableShapes}. */
export interface BroadcastableShapesOptions {
  readonly maxRank?: number;
  readonly maxDim?: number;
}

// One operand: a suffix of the result shape with some dims replaced by 1.
function operandOf(result: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: result.length }),
      fc.array(fc.boolean(), { minLength: result.length, maxLength: result.length }),
    )
    .map(([rank, ones]) =>
      result.slice(result.length - rank).map((d, i) => (ones[result.length - rank + i] ? 1 : d)),
    );
}

/** Pairs of shapes that broadcast together by NumPy's rule (ranks may differ). */
export function broadcastableShapes(
  options: BroadcastableShapesOptions = {},
): fc.Arbitrary<[number[], number[]]> {
  const { maxRank = 3, maxDim = 4 } = options;
  return shape({ maxRank, maxDim }).chain((result) =>
    fc.tuple(operandOf(result), operandOf(result)),
  );
}

/** Options of {@link axis}. */
export interface AxisOptions {
  /** Also draw negative axes (`-rank..-1`), as NumPy accepts. Default true. */
  readonly negative?: boolean;
}

/** A valid axis of an array of rank `rank` (`rank >= 1`). */
export function axis(rank: number, options: AxisOptions = {}): fc.Arbitrary<number> {
  if (!Number.isInteger(rank) || rank < 1) {
    throw new RangeError(`axis: rank must be a positive integer; expected >= 1, got ${rank}.`);
  }
  const { negative = true } = options;
  return fc.integer({ min: negative ? -rank : 0, max: rank - 1 });
}

/** A permutation of `0..n-1` (for transpose axes). */
export function permutation(n: number): fc.Arbitrary<number[]> {
  const identity = Array.from({ length: n }, (_, i) => i);
  return fc.shuffledSubarray(identity, { minLength: n, maxLength: n });
}

/** Options of {@link floatArray}. */
export interface FloatArrayOptions {
  readonly min?: number;
  readonly max?: number;
}

/**
 * `sizeOf(shape)` finite float32-representable numbers in `[min, max]` (default -10..10), as a
 * flat row-major array.
 */
export function floatArray(
  shape: readonly number[],
  options: FloatArrayOptions = {},
): fc.Arbitrary<number[]> {
  const { min = -10, max = 10 } = options;
  const size = sizeOf(shape);
  const element = fc.float({
    min: Math.fround(min),
    max: Math.fround(max),
    noNaN: true,
    noDefaultInfinity: true,
  });
  return fc.array(element, { minLength: size, maxLength: size });
}

/** Options of {@link pytree}. */
export interface PytreeOptions {
  /** Maximum nesting depth of containers (default 3). */
  readonly maxDepth?: number;
  /** Maximum number of children per container (default 4). */
  readonly maxChildren?: number;
  /** Include `null` empty nodes (default true). */
  readonly withNull?: boolean;
}

/** A nested tree value: a leaf, `null`, or arrays / plain objects of trees. */
export type TreeValue<L> = L | null | TreeValue<L>[] | { [key: string]: TreeValue<L> };

/**
 * Random pytrees built from nested plain objects, arrays and `null`s with leaves from `leaf`
 * (via `fc.letrec`). Object keys are short identifiers.
 */
export function pytree<L>(
  leaf: fc.Arbitrary<L>,
  options: PytreeOptions = {},
): fc.Arbitrary<TreeValue<L>> {
  const { maxDepth = 3, maxChildren = 4, withNull = true } = options;
  const depthIdentifier = fc.createDepthIdentifier();
  const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
  const tree = fc.letrec<{ node: TreeValue<L> }>((tie) => ({
    node: fc.oneof(
      { maxDepth, depthIdentifier, withCrossShrink: true },
      leaf,
      ...(withNull ? [fc.constant(null)] : []),
      fc.array(tie('node'), { maxLength: maxChildren, depthIdentifier }),
      fc.dictionary(key, tie('node'), {
        maxKeys: maxChildren,
        depthIdentifier,
        noNullPrototype: true,
      }),
    ),
  }));
  return tree.node;
}

/** The dtypes every backend supports. */
export type BasicDtype = 'float32' | 'int32' | 'bool';

/** One of `'float32' | 'int32' | 'bool'`. */
export function dtype(): fc.Arbitrary<BasicDtype> {
  return fc.constantFrom<BasicDtype>('float32', 'int32', 'bool');
}
