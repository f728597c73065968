// Module.tabulate: a table of the module calls made during init (path, module, inputs, outputs,
// variables per collection with counts and bytes, totals), drawn like flax.linen.summary's
// rich table. Unlike Flax it runs a real init (no eval_shape), which is cheap for summaries.

import { Tensor } from '@jaxts/tensor';
import { type DictLike, isDictLike } from './dicts.ts';
import type { CollectionFilter } from './filters.ts';
import {
  type CallInfo,
  type MethodSpec,
  type Module,
  recordCalls,
  type Variables,
} from './module.ts';
import type { RNGSequences } from './scope.ts';

export interface TabulateOptions {
  /** Rows deeper than this many submodule levels are folded into their ancestor's row. */
  readonly depth?: number | null;
  /** Show every call of a module method, not only the first. */
  readonly showRepeated?: boolean;
  readonly mutable?: CollectionFilter;
  readonly method?: MethodSpec;
}

const ITEM_SIZE: Record<string, number> = { float32: 4, int32: 4, uint32: 4, bool: 1 };

/** `float32[1,3]`, like Flax's array representation. */
function arrayRepr(t: Tensor): string {
  return `${t.dtype}[${t.shape.join(',')}]`;
}

/** Flax's _bytes_repr. */
export function bytesRepr(n: number): string {
  const fmt = (v: number): string =>
    v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (n > 1e9) return `${fmt(n / 1e9)} GB`;
  if (n > 1e6) return `${fmt(n / 1e6)} MB`;
  if (n > 1e3) return `${fmt(n / 1e3)} KB`;
  return `${n.toLocaleString('en-US')} B`;
}

function sizeAndBytesRepr(size: number, bytes: number): string {
  if (size === 0) return '';
  return `${size.toLocaleString('en-US')} (${bytesRepr(bytes)})`;
}

function sizeAndBytes(x: unknown): [number, number] {
  let size = 0;
  let bytes = 0;
  const visit = (v: unknown): void => {
    if (v instanceof Tensor) {
      size += v.size;
      bytes += v.size * (ITEM_SIZE[v.dtype] ?? 4);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isDictLike(v)) Object.values(v).forEach(visit);
  };
  visit(x);
  return [size, bytes];
}

/** A YAML-like rendering of a value tree (Flax renders cells with yaml.safe_dump). */
function yamlLines(x: unknown, indent = ''): string[] {
  if (x instanceof Tensor) return [`${indent}${arrayRepr(x)}`];
  if (Array.isArray(x)) {
    return x.flatMap((v) => {
      const inner = yamlLines(v, `${indent}  `);
      const first = (inner[0] ?? '').trimStart();
      return [`${indent}- ${first}`, ...inner.slice(1)];
    });
  }
  if (isDictLike(x)) {
    return Object.keys(x)
      .sort()
      .flatMap((k) => {
        const v = x[k];
        if (v instanceof Tensor || !(Array.isArray(v) || isDictLike(v))) {
          return [`${indent}${k}: ${v instanceof Tensor ? arrayRepr(v) : String(v)}`];
        }
        return [`${indent}${k}:`, ...yamlLines(v, `${indent}  `)];
      });
  }
  if (x === null || x === undefined) return [];
  return [`${indent}${String(x)}`];
}

function valueCell(x: unknown): string {
  return yamlLines(x).join('\n');
}

function subtree(col: DictLike, path: readonly string[]): DictLike | null {
  let node: unknown = col;
  for (const p of path) {
    if (!isDictLike(node) || !Object.hasOwn(node, p)) return null;
    node = node[p];
  }
  return isDictLike(node) ? node : null;
}

interface Row {
  readonly path: readonly string[];
  readonly module: string;
  readonly inputs: string;
  readonly outputs: string;
  readonly vars: Map<string, DictLike>;
  readonly counts: Map<string, [number, number]>;
}

/** Lines of a rich-style table (HEAVY_HEAD box, lines between rows, a footer). */
function drawTable(
  title: string,
  header: string[],
  rows: string[][],
  footer: string[],
  rightAlignFooter: Set<number>,
  caption: string,
): string {
  const cellLines = (s: string): string[] => s.split('\n');
  const all = [header, ...rows, footer];
  const widths = header.map((_, c) =>
    Math.max(...all.map((r) => Math.max(...cellLines(r[c] ?? '').map((l) => [...l].length)))),
  );
  const hline = (l: string, m: string, r: string, ch: string): string =>
    l + widths.map((w) => ch.repeat(w + 2)).join(m) + r;
  const row = (cells: string[], sep: string, right: Set<number> = new Set()): string[] => {
    const lines = cells.map(cellLines);
    const h = Math.max(...lines.map((l) => l.length));
    const out: string[] = [];
    for (let i = 0; i < h; i++) {
      const parts = widths.map((w, c) => {
        const text = lines[c]?.[i] ?? '';
        const pad = w - [...text].length;
        return right.has(c) ? ' '.repeat(pad) + text : text + ' '.repeat(pad);
      });
      out.push(`${sep} ${parts.join(` ${sep} `)} ${sep}`);
    }
    return out;
  };
  const lines: string[] = [];
  lines.push(hline('┏', '┳', '┓', '━'));
  lines.push(...row(header, '┃'));
  lines.push(hline('┡', '╇', '┩', '━'));
  rows.forEach((r, i) => {
    if (i > 0) lines.push(hline('├', '┼', '┤', '─'));
    lines.push(...row(r, '│'));
  });
  lines.push(hline('├', '┼', '┤', '─'));
  lines.push(...row(footer, '│', rightAlignFooter));
  lines.push(hline('└', '┴', '┘', '─'));
  const total = [...(lines[0] as string)].length;
  // Rich centers the title and caption in the table width and pads them to it.
  const center = (s: string): string => {
    const left = Math.max(0, Math.floor((total - [...s].length) / 2));
    const right = Math.max(0, total - left - [...s].length);
    return ' '.repeat(left) + s + ' '.repeat(right);
  };
  return ['', center(title), ...lines, ' '.repeat(total), center(caption), '', ''].join('\n');
}

/**
 * The summary table of `module` called on `args` (see Module.tabulate). @see flax.linen.summary
 */
export function tabulate(
  module: Module<object>,
  rngs: RNGSequences,
  args: readonly unknown[],
  opts: TabulateOptions = {},
): string {
  const initOpts = {
    ...(opts.mutable !== undefined ? { mutable: opts.mutable } : {}),
    ...(opts.method !== undefined ? { method: opts.method } : {}),
  };
  const [[, variables], calls] = recordCalls(() => module.initWith(rngs, initOpts, ...args)) as [
    [unknown, Variables],
    CallInfo[],
  ];
  const collections = Object.keys(variables).sort((a, b) =>
    a === 'params' ? -1 : b === 'params' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const depth = opts.depth ?? null;
  const seen = new Set<string>();
  const shown = calls.filter((c) => {
    if (depth !== null && c.path.length > depth) return false;
    const key = `${c.path.join('/')}:${c.method}`;
    if (!(opts.showRepeated ?? false) && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const childNames = (path: readonly string[]): Set<string> =>
    new Set(
      calls
        .filter((c) => c.path.length > path.length && path.every((p, i) => c.path[i] === p))
        .map((c) => c.path[path.length] as string),
    );
  const countedPaths = new Set<string>();
  const rows: Row[] = shown.map((c) => {
    const vars = new Map<string, DictLike>();
    const counts = new Map<string, [number, number]>();
    const pathKey = c.path.join('/');
    const first = !countedPaths.has(pathKey);
    countedPaths.add(pathKey);
    const folded = depth !== null && c.path.length === depth;
    const children = childNames(c.path);
    for (const col of collections) {
      const node = subtree(variables[col] as DictLike, c.path);
      if (node === null) continue;
      const own: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) if (!children.has(k)) own[k] = v;
      if (Object.keys(own).length > 0) vars.set(col, own);
      // Each module's variables are counted once; a folded row also counts its subtree.
      if (first) counts.set(col, sizeAndBytes(folded ? node : own));
    }
    const inputs = c.args.length === 1 ? c.args[0] : c.args;
    return {
      path: c.path,
      module: className(c.module) + (c.method === 'call' ? '' : ` (${c.method})`),
      inputs: valueCell(inputs),
      outputs: valueCell(c.output),
      vars,
      counts,
    };
  });
  const header = ['path', 'module', 'inputs', 'outputs', ...collections];
  const body = rows.map((r) => [
    r.path.join('/'),
    r.module,
    r.inputs,
    r.outputs,
    ...collections.map((col) => {
      const v = r.vars.get(col);
      const [size, bytes] = r.counts.get(col) ?? [0, 0];
      const listing = v === undefined ? '' : valueCell(v);
      const summary = sizeAndBytesRepr(size, bytes);
      return listing === '' ? summary : summary === '' ? listing : `${listing}\n\n${summary}`;
    }),
  ]);
  const totals = collections.map((col) =>
    rows.reduce<[number, number]>(
      (acc, r) => {
        const [s, b] = r.counts.get(col) ?? [0, 0];
        return [acc[0] + s, acc[1] + b];
      },
      [0, 0],
    ),
  );
  const footer = ['', '', '', 'Total', ...totals.map(([s, b]) => sizeAndBytesRepr(s, b))];
  const grand = totals.reduce((a, [s, b]) => [a[0] + s, a[1] + b], [0, 0]);
  return drawTable(
    `${className(module)} Summary`,
    header,
    body,
    footer,
    new Set([3]),
    `Total Parameters: ${sizeAndBytesRepr(grand[0], grand[1])}`,
  );
}

function className(m: Module<object>): string {
  return (Object.getPrototypeOf(m) as { constructor: { name: string } }).constructor.name;
}
