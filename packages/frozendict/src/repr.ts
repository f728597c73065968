// Python-style value printing shared by FrozenDict.prettyRepr, TreeDef.toString, keystr and error
// messages (the counterpart of Python's repr() as used by flax.core.pretty_repr and jax.tree_util).

/** Python's repr of a str: single quotes unless the text holds a ' and no ". */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = s.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

/** Python's repr of a float, as far as a JS number allows (ints and floats look alike in JS). */
export function reprNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  return String(n);
}

function isPlainRecord(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Python-flavoured repr of any JS value: `None`, `True`/`False`, quoted strings, `[a, b]` lists,
 * `{'k': v}` dicts; objects with their own `toString` (tensors, FrozenDicts) print through it.
 */
export function repr(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return reprString(x);
    case 'number':
      return reprNumber(x);
    case 'boolean':
      return x ? 'True' : 'False';
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return String(x);
    case 'symbol':
      return x.toString();
    case 'function':
      return `<function ${x.name || '<anonymous>'}>`;
  }
  if (x === null) return 'None';
  if (Array.isArray(x)) return '[' + x.map(repr).join(', ') + ']';
  const obj = x as object;
  if (isPlainRecord(obj)) {
    const rec = obj as Record<string, unknown>;
    return (
      '{' +
      Object.keys(rec)
        .map((k) => `${reprString(k)}: ${repr(rec[k])}`)
        .join(', ') +
      '}'
    );
  }
  return String(obj);
}

/** Short type name of a value for error messages (`null`, `number`, `Array`, `Object`, `Tensor`). */
export function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  if (Array.isArray(x)) return 'Array';
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === null) return 'Object';
  const ctor = (x as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
}

/** Truncates echoed user input so messages stay readable (changesets' `truncate`). */
export function truncate(s: string, max = 500): string {
  return s.length <= max ? s : s.slice(0, max - 3) + '...';
}
