// Extracts the code blocks of the docs' Markdown pages so the tests can type-check and run them
// (the docs' counterpart of doctest / JAX's notebook execution in its docs build).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced ```ts block with the ```text block that follows it, if any. */
export interface DocBlock {
  /** Page path relative to docs/, e.g. `guide/random.md`. */
  readonly page: string;
  /** 1-based line of the first code line in the page. */
  readonly line: number;
  readonly code: string;
  /** ```ts fragment: type-checked only, never run. */
  readonly fragment: boolean;
  /** ```ts session=NAME: blocks of one page with the same name run as one module, in order. */
  readonly session: string | null;
  readonly output: ExpectedOutput | null;
}

export interface ExpectedOutput {
  readonly text: string;
  readonly line: number;
  readonly rtol: number;
  readonly atol: number;
}

/** A module written to disk: one standalone block, one session, or one fragment. */
export interface DocUnit {
  readonly id: string;
  readonly page: string;
  readonly blocks: readonly DocBlock[];
  readonly run: boolean;
}

const SKIP_DIRS = new Set(['node_modules', '.vitepress', 'public', 'api', 'test', 'e2e']);
const TS_LANGS = new Set(['ts', 'typescript']);

export function listPages(docsRoot: string, dir = docsRoot): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...listPages(docsRoot, full));
    } else if (name.endsWith('.md')) {
      out.push(relative(docsRoot, full));
    }
  }
  return out;
}

interface Fence {
  readonly lang: string;
  readonly meta: Map<string, string>;
  readonly body: string;
  /** Line of the first body line (1-based). */
  readonly line: number;
  /** Index of the fence's closing line (0-based). */
  readonly end: number;
  /** Index of the opening line (0-based). */
  readonly start: number;
}

function parseMeta(words: readonly string[]): Map<string, string> {
  const meta = new Map<string, string>();
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq < 0) meta.set(w, '');
    else meta.set(w.slice(0, eq), w.slice(eq + 1));
  }
  return meta;
}

function fences(lines: readonly string[]): Fence[] {
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s{0,3})(`{3,})\s*([^\s`]*)(.*)$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const [, indent = '', ticks = '', lang = '', rest = ''] = open;
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').trimStart().startsWith(ticks)) j++;
    const body = lines
      .slice(i + 1, j)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join('\n');
    out.push({
      lang,
      meta: parseMeta(rest.trim().split(/\s+/).filter(Boolean)),
      body,
      line: i + 2,
      start: i,
      end: j,
    });
    i = j;
  }
  return out;
}

function num(meta: Map<string, string>, key: string, fallback: number): number {
  const v = meta.get(key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`docs: bad ${key}=${v}; expected a number`);
  return n;
}

export function extractBlocks(page: string, source: string): DocBlock[] {
  const lines = source.split('\n');
  const fs = fences(lines);
  const blocks: DocBlock[] = [];
  for (let k = 0; k < fs.length; k++) {
    const f = fs[k]!;
    if (!TS_LANGS.has(f.lang)) continue;
    const next = fs[k + 1];
    const between = next === undefined ? [] : lines.slice(f.end + 1, next.start);
    const adjacent = next !== undefined && between.every((l) => l.trim() === '');
    const output =
      adjacent && next.lang === 'text'
        ? {
            text: next.body,
            line: next.line,
            rtol: num(next.meta, 'rtol', 1e-5),
            atol: num(next.meta, 'atol', 1e-6),
          }
        : null;
    const fragment = f.meta.has('fragment');
    if (fragment && output !== null) {
      throw new Error(
        `${page}:${f.line}: a fragment is never run, so it cannot have an output block`,
      );
    }
    blocks.push({
      page,
      line: f.line,
      code: f.body,
      fragment,
      session: f.meta.get('session') ?? null,
      output,
    });
  }
  return blocks;
}

/** Groups a page's blocks into modules: sessions in order of first appearance, others alone. */
export function unitsOf(blocks: readonly DocBlock[]): DocUnit[] {
  const units: DocUnit[] = [];
  const sessions = new Map<string, DocBlock[]>();
  for (const b of blocks) {
    const slug = b.page.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '_');
    if (b.session !== null && !b.fragment) {
      let list = sessions.get(b.session);
      if (list === undefined) {
        list = [];
        sessions.set(b.session, list);
        units.push({ id: `${slug}__${b.session}`, page: b.page, blocks: list, run: true });
      }
      list.push(b);
    } else {
      units.push({ id: `${slug}__L${b.line}`, page: b.page, blocks: [b], run: !b.fragment });
    }
  }
  return units;
}

export function collectUnits(docsRoot: string): DocUnit[] {
  return listPages(docsRoot).flatMap((page) =>
    unitsOf(extractBlocks(page, readFileSync(join(docsRoot, page), 'utf8'))),
  );
}

/** Marker printed after each block of a unit, to split the captured output per block. */
export const BLOCK_MARK = '\u0000jaxts-docs-block-end';

/** The module text of a unit, and for each generated line the page line it came from. */
export function renderUnit(unit: DocUnit): { text: string; lineMap: number[] } {
  const out: string[] = [];
  const lineMap: number[] = [];
  unit.blocks.forEach((b, i) => {
    b.code.split('\n').forEach((l, k) => {
      out.push(l);
      lineMap.push(b.line + k);
    });
    if (unit.run) {
      out.push(`console.log(${JSON.stringify(`${BLOCK_MARK}${i}`)});`);
      lineMap.push(b.line);
    }
  });
  // Every unit is a module, even one without imports (so top-level names do not collide).
  out.push('export {};');
  lineMap.push(unit.blocks[0]?.line ?? 1);
  return { text: `${out.join('\n')}\n`, lineMap };
}

const NUMBER = /[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?/g;

function normalize(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * Compares printed output with the page's ```text block: the text between numbers must be equal
 * (runs of spaces count as one), numbers must agree within `atol + rtol * |expected|`.
 * Returns null when they match, else a description of the first difference.
 */
export function compareOutput(actual: string, expected: ExpectedOutput): string | null {
  const a = normalize(actual);
  const e = normalize(expected.text);
  const aText = a.split(NUMBER);
  const eText = e.split(NUMBER);
  const aNums = a.match(NUMBER) ?? [];
  const eNums = e.match(NUMBER) ?? [];
  // Alignment padding depends on the digits printed, so runs of spaces compare as one space,
  // and spaces next to brackets and commas are ignored.
  const squash = (t: string) => t.replace(/[ \t]+/g, ' ').replace(/ ?([[\](),]) ?/g, '$1');
  const same =
    aText.length === eText.length &&
    aText.every((t, i) => squash(t) === squash(eText[i] ?? '')) &&
    aNums.length === eNums.length;
  if (!same) return `printed output differs from the page:\n--- page\n${e}\n--- printed\n${a}`;
  for (let i = 0; i < eNums.length; i++) {
    const x = Number(aNums[i]);
    const y = Number(eNums[i]);
    if (!(Math.abs(x - y) <= expected.atol + expected.rtol * Math.abs(y))) {
      return `number ${i + 1} differs: printed ${aNums[i]}, page ${eNums[i]} (rtol ${expected.rtol}, atol ${expected.atol})\n--- printed\n${a}`;
    }
  }
  return null;
}
