/**
 * State dicts (flax.serialization.to_state_dict / from_state_dict): a variable tree — FrozenDicts,
 * plain objects, arrays (as `{'0': ..., '1': ...}`), null — as nested plain objects with string
 * keys, and back, with the target tree giving the structure. Unlike Flax, restoring checks every
 * array's shape and dtype against the target and rejects missing or extra keys, naming the path.
 */
import { FrozenDict, isFrozenDict } from '../frozen-dict.ts';
import { SerializationError } from './errors.ts';
import { describeArray, HostArray } from './host-array.ts';

/** Anything that describes an array leaf of a target: HostArray, a Tensor, a ShapeDtype spec. */
export interface ArrayLikeSpec {
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** A plain object (Object or null prototype): the only objects a state dict is made of. */
function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** An array leaf: a HostArray or any object with a numeric `shape` array and a `dtype` string. */
export function isArrayLeaf(x: unknown): x is ArrayLikeSpec {
  if (x instanceof HostArray) return true;
  if (
    x === null ||
    typeof x !== 'object' ||
    isPlainObject(x) ||
    Array.isArray(x) ||
    isFrozenDict(x)
  )
    return false;
  const o = x as { shape?: unknown; dtype?: unknown };
  return Array.isArray(o.shape) && typeof o.dtype === 'string';
}

function keystr(path: readonly string[]): string {
  return path.length === 0 ? '/' : `/${path.join('/')}`;
}

/** The state dict of a tree: nested plain objects with string keys; leaves are kept. */
export function toStateDict(target: unknown): unknown {
  if (isFrozenDict(target) || isPlainObject(target)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(target))
      out[k] = toStateDict((target as Record<string, unknown>)[k]);
    return out;
  }
  if (Array.isArray(target)) {
    const out: Record<string, unknown> = {};
    target.forEach((x, i) => {
      out[String(i)] = toStateDict(x);
    });
    return out;
  }
  return target === undefined ? null : target;
}

function checkKeys(
  target: readonly string[],
  state: Record<string, unknown>,
  path: readonly string[],
): void {
  const missing = target.filter((k) => !Object.hasOwn(state, k));
  const extra = Object.keys(state).filter((k) => !target.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing keys [${missing.join(', ')}]`);
    if (extra.length > 0) parts.push(`unexpected keys [${extra.join(', ')}]`);
    throw new SerializationError(
      `fromStateDict: the state dict does not match the target at path ${keystr(path)}: ${parts.join('; ')}. ` +
        'Restore into a target with the same structure as the saved tree.',
    );
  }
}

function describeValue(v: unknown): string {
  if (v instanceof HostArray) return `an array ${describeArray(v)}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a dict';
  return `a ${typeof v}`;
}

/**
 * Restores `state` into the structure of `target`. Array leaves of the target (HostArrays,
 * Tensors or specs) must match the stored array's shape and dtype; the result holds the stored
 * HostArrays at those positions.
 */
export function fromStateDict<T>(target: T, state: unknown, path: readonly string[] = []): T {
  if (isFrozenDict(target) || isPlainObject(target)) {
    if (!isPlainObject(state)) {
      throw new SerializationError(
        `fromStateDict: expected a dict at path ${keystr(path)} (the target has one there); got ${describeValue(state)}.`,
      );
    }
    const keys = Object.keys(target);
    checkKeys(keys, state, path);
    const out: Record<string, unknown> = {};
    for (const k of keys)
      out[k] = fromStateDict((target as Record<string, unknown>)[k], state[k], [...path, k]);
    return (isFrozenDict(target) ? new FrozenDict(out) : out) as T;
  }
  if (Array.isArray(target)) {
    if (!isPlainObject(state) && !Array.isArray(state)) {
      throw new SerializationError(
        `fromStateDict: expected a list (a dict with keys '0'..'${target.length - 1}') at path ${keystr(path)}; got ${describeValue(state)}.`,
      );
    }
    const st = Array.isArray(state)
      ? Object.fromEntries(state.map((v, i) => [String(i), v]))
      : state;
    checkKeys(
      target.map((_, i) => String(i)),
      st,
      path,
    );
    return target.map((x, i) => fromStateDict(x, st[String(i)], [...path, String(i)])) as T;
  }
  if (isArrayLeaf(target)) {
    if (!(state instanceof HostArray)) {
      throw new SerializationError(
        `fromStateDict: expected an array ${describeArray(target)} at path ${keystr(path)}; got ${describeValue(state)}.`,
      );
    }
    const sameShape =
      state.shape.length === target.shape.length &&
      state.shape.every((d, i) => d === target.shape[i]);
    if (!sameShape || state.dtype !== target.dtype) {
      throw new SerializationError(
        `fromStateDict: array at path ${keystr(path)} is ${describeArray(state)} but the target expects ${describeArray(target)}. ` +
          'Shapes and dtypes must match the target tree.',
      );
    }
    return state as T;
  }
  if (target === null || target === undefined) return state as T;
  if (
    typeof target !== typeof state &&
    !(typeof target === 'number' && typeof state === 'bigint')
  ) {
    throw new SerializationError(
      `fromStateDict: expected a ${typeof target} at path ${keystr(path)}; got ${describeValue(state)}.`,
    );
  }
  return state as T;
}
