// Reads the compatibility tables (each package's COMPAT.md) and the docs' "jaxts-only exports"
// tables, and extracts the jaxts names they mention, so a test can compare them with the exports.

/** One table row: the JAX/Flax/Optax name, the jaxts cell's code spans, and the source line. */
export interface CompatRow {
  readonly upstream: string;
  readonly spans: readonly string[];
  /**
   * For a jaxts cell that says "same", "camelCase" or "positional" without code: the upstream
   * names, camelCased, without module prefix (`nn.init_with_output` → `initWithOutput`).
   */
  readonly same: readonly string[];
  readonly line: number;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function cells(row: string): string[] {
  // Split on unescaped pipes that are not inside code spans.
  const out: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c === '`') inCode = !inCode;
    if (c === '\\' && row[i + 1] === '|') {
      cur += '|';
      i++;
      continue;
    }
    if (c === '|' && !inCode) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur.trim());
  return out.slice(1, -1);
}

export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)]
    .map((m) => (m[1] ?? '').replace(/\\\|/g, '|'))
    .filter((span) => !/^@[\w-]+\/[\w.-]+$/.test(span)); // package names
}

/**
 * Rows of every table whose header has a column named `column` (case-insensitive, e.g. `jaxts`
 * or `Export`). `upstream` is the first column.
 */
export function tableRows(markdown: string, column: string): CompatRow[] {
  const lines = markdown.split('\n');
  const rows: CompatRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] ?? '';
    const sep = lines[i + 1] ?? '';
    if (!header.trimStart().startsWith('|') || !/^\s*\|[\s:|-]+\|\s*$/.test(sep)) continue;
    const names = cells(header).map((h) => h.toLowerCase());
    const col = names.indexOf(column.toLowerCase());
    i += 2;
    for (; i < lines.length && (lines[i] ?? '').trimStart().startsWith('|'); i++) {
      if (col < 0) continue;
      const cs = cells(lines[i] ?? '');
      const cell = cs[col] ?? '';
      // "same", "same names", "camelCase", "positional": the upstream names, camelCased, without
      // their module prefix (`pooling.min_pool` → `minPool`).
      // A cell with "..." outside code (`softmax(x, opts)`, ...) means "and the others likewise".
      const derived =
        (codeSpans(cell).length === 0 && /^(same|camelcase|positional)\b/i.test(cell.trim())) ||
        /\.\.\./.test(cell.replace(/`[^`]*`/g, ''));
      const same = derived
        ? codeSpans(cs[0] ?? '').map((n) =>
            camel(n.replace(/^[\w.]*\.(?=[A-Za-z_])/, '').replace(/_\*$/, '*')),
          )
        : [];
      rows.push({ upstream: cs[0] ?? '', spans: codeSpans(cell), same, line: i + 1 });
    }
    i--;
  }
  return rows;
}

/** The section of a Markdown page under the heading with this text (up to the next heading). */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex(
    (l) => /^#{1,6}\s/.test(l) && l.replace(/^#+\s*/, '').trim() === heading,
  );
  if (start < 0) return '';
  const level = (/^#+/.exec(lines[start] ?? '')?.[0] ?? '#').length;
  let end = start + 1;
  while (end < lines.length) {
    const m = /^(#+)\s/.exec(lines[end] ?? '');
    if (m !== null && (m[1] ?? '').length <= level) break;
    end++;
  }
  return lines.slice(start, end).join('\n');
}

/**
 * The identifier chains a code span names: `tree.flatten(t, { isLeaf })` → `tree.flatten`,
 * `new FrozenDict(obj)` → `FrozenDict`, `fd.get(key)` → `fd.get`, `x instanceof FrozenDict` →
 * `x`, `FrozenDict`. Text inside brackets (arguments) is skipped, so option names are not names.
 */
export function nameChains(span: string): string[][] {
  const chains: string[][] = [];
  let depth = 0;
  let i = 0;
  const s = span;
  while (i < s.length) {
    const c = s[i] ?? '';
    // Generic arguments (`GradientTransformation<S>`) are types, not names.
    if (c === '<' && /[\w$]/.test(s[i - 1] ?? '')) {
      let d = 0;
      for (; i < s.length; i++) {
        if (s[i] === '<') d++;
        else if (s[i] === '>' && --d === 0) break;
      }
      i++;
      continue;
    }
    if ('([{'.includes(c)) {
      depth++;
      i++;
      continue;
    }
    if (')]}'.includes(c)) {
      depth--;
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = s.indexOf(c, i + 1);
      i = close < 0 ? s.length : close + 1;
      continue;
    }
    const m = /^[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*/.exec(s.slice(i));
    const prev = s[i - 1] ?? '';
    if (m !== null && depth === 0 && !/[\w$.@/-]/.test(prev)) {
      // `inAxes: 1` names an option (an object key), not an export.
      const isKey = /^\s*:/.test(s.slice(i + m[0].length));
      const chain = m[0].split('.').map((p) => p.trim());
      if (!isKey) chains.push(chain);
      i += m[0].length;
      // `scaleByParamBlockNorm/Rms` is shorthand for two names: ...Norm and ...Rms.
      const alt = /^\/([A-Z][\w$]*)/.exec(s.slice(i));
      const last = chain[chain.length - 1] ?? '';
      const cut = last.search(/[A-Z][^A-Z]*$/);
      if (alt !== null && !isKey && cut > 0) {
        chains.push([...chain.slice(0, -1), last.slice(0, cut) + (alt[1] ?? '')]);
        i += alt[0].length;
      }
      continue;
    }
    i++;
  }
  return chains;
}

/** JS keywords and operators that appear in code spans but are not names. */
export const KEYWORDS = new Set([
  'new',
  'for',
  'const',
  'let',
  'of',
  'in',
  'instanceof',
  'typeof',
  'await',
  'async',
  'function',
  'return',
  'true',
  'false',
  'null',
  'undefined',
  'class',
  'extends',
  'this',
  'import',
  'from',
  'as',
  'type',
  'readonly',
  // TypeScript type names that appear in status notes and signatures.
  'string',
  'number',
  'boolean',
  'unknown',
  'never',
  'object',
  'bigint',
  'symbol',
  'void',
]);

/**
 * Property names declared in a package's sources (`readonly inAxes?: ...`): option and state
 * fields, which the tables may name on their own (`axisName`).
 */
export function declaredProperties(sources: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/^\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*:/gm)) {
      out.add(m[1] ?? '');
    }
  }
  return out;
}

/** Type names declared in a package's sources (`interface X`, `type X =`): not runtime values. */
export function declaredTypes(sources: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/\b(?:interface|type)\s+([A-Za-z_$][\w$]*)/g))
      out.add(m[1] ?? '');
  }
  return out;
}
