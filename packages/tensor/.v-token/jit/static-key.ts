/**
 * Cache keys for jit's static arguments: plain data (numbers, strings, booleans, arrays and plain
 * objects of them) is hashed by value, functions and other objects by identity (the seed passes
 * `model.apply`, the same function object on every call). Arrays and typed arrays are not
 * hashable, as in JAX. JAX: static arguments must be hashable.
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

function unhashable(api: string, typeName: string, shown: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `${api}: Non-hashable static arguments are not supported. An error occurred while trying to ` +
      `hash an object of type ${typeName}, ${shown}. The error was: TypeError: unhashable type: ` +
      `'${typeName}'. Pass arrays as regular (traced) arguments, or pass plain JavaScript data ` +
      '(numbers, strings, arrays of them) as the static argument.',
  );
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
    case 'symbol':
      return `y${String(v)}`;
    case 'function':
      return identityKey(v);
    default:
      break;
  }
  if (v instanceof Tensor) {
    const shown = v._trace === null ? v.toString() : v.aval.strShort();
    throw unhashable(api, 'Tensor', `${v.aval.strShort()} ${shown}`);
  }
  if (ArrayBuffer.isView(v)) {
    const name = (v as { constructor: { name: string } }).constructor.name;
    throw unhashable(api, name, `${name}(${(v as unknown as ArrayLike<number>).length})`);
  }
  if (Array.isArray(v)) return `[${v.map((x) => staticKey(x, api)).join(',')}]`;
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(v as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${staticKey((v as Record<string, unknown>)[k], api)}`).join(',')}}`;
  }
  return identityKey(v as object);
}
