/**
 * dtypes and JAX's type promotion lattice (jax._src.dtypes), restricted to the dtypes jaxts has:
 * float32 (the default float, as JAX without x64), int32, bool, and uint32 for PRNG keys.
 */
import { UnsupportedDTypeError } from './errors.ts';

export type DType = 'float32' | 'int32' | 'uint32' | 'bool';

export const DTYPES: readonly DType[] = ['bool', 'int32', 'uint32', 'float32'];

const SHORT: Record<DType, string> = { float32: 'f32', int32: 'i32', uint32: 'u32', bool: 'bool' };

/** JAX's short dtype name as printed in jaxprs: `f32`, `i32`, `u32`, `bool`. */
export function shortDType(d: DType): string {
  return SHORT[d];
}

/** Dtype names users may pass; JAX-style aliases map to jaxts dtypes, the rest are errors. */
export function toDType(name: unknown, api = 'dtype'): DType {
  switch (name) {
    case 'float32':
    case 'f32':
    case 'float':
      return 'float32';
    case 'int32':
    case 'i32':
    case 'int':
      return 'int32';
    case 'uint32':
    case 'u32':
      return 'uint32';
    case 'bool':
    case 'bool_':
      return 'bool';
    default:
      throw new UnsupportedDTypeError(
        `${api}: unsupported dtype ${JSON.stringify(name)}; expected one of float32, int32, uint32, bool. ` +
          'jaxts runs float32 like JAX without x64; float16, bfloat16, float64 and complex dtypes are not supported.',
      );
  }
}

export function isFloat(d: DType): boolean {
  return d === 'float32';
}

export function isInteger(d: DType): boolean {
  return d === 'int32' || d === 'uint32';
}

/**
 * Nodes of JAX's promotion lattice that matter here. `i*` and `f*` are the weak (Python scalar)
 * int and float types. bool → i* → {i32, u32}; i32 and u32 join at i64, which without x64 is
 * canonicalized to int32; every int → f*; f* → f32.
 */
type LatticeNode = 'bool' | 'i*' | 'int32' | 'uint32' | 'i64' | 'f*' | 'float32';

const RANK: Record<LatticeNode, number> = {
  bool: 0,
  'i*': 1,
  int32: 2,
  uint32: 2,
  i64: 3,
  'f*': 4,
  float32: 5,
};

function node(d: DType, weak: boolean): LatticeNode {
  if (weak) {
    if (d === 'float32') return 'f*';
    if (d === 'int32' || d === 'uint32') return 'i*';
  }
  return d;
}

function join(a: LatticeNode, b: LatticeNode): LatticeNode {
  if (a === b) return a;
  if ((a === 'int32' && b === 'uint32') || (a === 'uint32' && b === 'int32')) return 'i64';
  return RANK[a] >= RANK[b] ? a : b;
}

/** Result dtype and weak type of combining operands, exactly as `jnp.result_type` (no x64). */
export function promoteTypes(
  operands: readonly { readonly dtype: DType; readonly weakType: boolean }[],
): { dtype: DType; weakType: boolean } {
  let acc: LatticeNode | null = null;
  for (const o of operands) {
    const n = node(o.dtype, o.weakType);
    acc = acc === null ? n : join(acc, n);
  }
  switch (acc) {
    case null:
      return { dtype: 'float32', weakType: true };
    case 'i*':
      return { dtype: 'int32', weakType: true };
    case 'f*':
      return { dtype: 'float32', weakType: true };
    case 'i64':
      return { dtype: 'int32', weakType: false };
    default:
      return { dtype: acc, weakType: false };
  }
}

/**
 * Dtype of a JavaScript scalar as JAX types a Python scalar: weakly typed. JavaScript numbers do
 * not say int or float, so integral values in int32's range are ints and everything else —
 * fractions, -0, and integral values too large for int32 such as 2**31 or -3.4e38 — is a float
 * (where JAX would raise an OverflowError for a Python int of that size).
 */
export function scalarDType(x: number | boolean): DType {
  if (typeof x === 'boolean') return 'bool';
  const int32 = Number.isInteger(x) && x >= -2147483648 && x <= 2147483647 && !Object.is(x, -0);
  return int32 ? 'int32' : 'float32';
}
