/**
 * Cache keys for jit's static arguments: plain data is hashed by value, functions and other
 * objects by identity (the seed passes `model.apply`, the same function object on every call).
 * JAX: static arguments must be hashable.
 */
import { InvalidArgumentError } from '../errors.ts';
import { Tensor } from '../tensor.ts';

const identityIds = new WeakMap<object, number>();
let nextId = 0;

function identityKey(o: object): string {
  let id = identityIds.get(o);
  if (id === undefined) {
    id = nextId++;
    identityIds.set(o, id);
  }
  return `#${id}`;
}

export function staticKey(v: unknown, api: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(v, -0) ? 'n-0' : `n${v}`;
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'bigint':
      return `b${v}`;
    case 'function':
    case 'symbol':
      return typeof v === 'symbol' ? `y${String(v)}` : identityKey(v);
    default:
      break;
  }
  if (v instanceof Tensor) {
    throw new InvalidArgumentError(
      `${api}: Non-hashable static arguments are not supported; got an array ${v.aval.strShort()} ` +
        'as a static argument. Pass it as a regular (traced) argument instead.',
    );
  }
  if (Array.isArray(v)) return `[${v.map((x) => staticKey(x, api)).join(',')}]`;
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(v as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${staticKey((v as Record<string, unknown>)[k], api)}`).join(',')}}`;
  }
  return identityKey(v as object);
}
