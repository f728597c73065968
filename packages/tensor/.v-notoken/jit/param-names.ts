/**
 * Parameter names of a JavaScript function, read from its source, so jit can name arguments in
 * errors (`path x['a']`) and resolve staticArgnames like JAX does with inspect.signature. Only
 * plain identifiers count: destructured parameters, rest parameters and native or bound
 * functions give null at their positions (errors then say `args[i]`).
 */

/** Splits at top-level commas, skipping nested brackets and string literals. */
function splitTopLevel(s: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  parts.push(s.slice(start));
  return parts;
}

/** The text between the parameter list's parentheses (or a lone arrow parameter), or null. */
function paramList(src: string): string | null {
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow !== null) return arrow[1] as string;
  const open = src.indexOf('(');
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return src.slice(open + 1, i);
    }
  }
  return null;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** One entry per declared parameter: its name, or null when it is not a plain identifier. */
export function paramNames(f: (...args: never[]) => unknown): (string | null)[] {
  let src: string;
  try {
    src = Function.prototype.toString.call(f);
  } catch {
    return [];
  }
  if (src.includes('[native code]')) return [];
  const list = paramList(src);
  if (list === null || list.trim() === '') return [];
  const parts = splitTopLevel(list);
  if (parts === null) return [];
  const names: (string | null)[] = [];
  for (const p of parts) {
    const t = p.trim();
    if (t.startsWith('...')) break;
    const name = (t.split('=')[0] as string).trim();
    names.push(IDENT.test(name) ? name : null);
  }
  return names;
}
