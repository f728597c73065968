// Every ```ts block of the docs is type-checked and run; printed output shown in a ```text block
// right after it is asserted. ```ts fragment blocks are type-checked only.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { BLOCK_MARK, collectUnits, compareOutput, type DocUnit, renderUnit } from './blocks.ts';
import { typecheck } from './typecheck.ts';

const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsRoot, '..');
// Inside docs/ so that `@jaxts/*` resolve through docs/node_modules; outside node_modules so the
// test runner transforms the files (gitignored with the rest of the VitePress cache).
const outDir = join(docsRoot, '.vitepress/cache/doc-blocks');

const units = collectUnits(docsRoot);
const written = new Map<string, { file: string; lineMap: number[] }>();

function writeUnits(): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const unit of units) {
    const { text, lineMap } = renderUnit(unit);
    const file = join(outDir, `${unit.id}.ts`);
    writeFileSync(file, text);
    written.set(unit.id, { file, lineMap });
  }
}

/** The docs' own TypeScript (tests, the live page's training code), checked in the same program. */
function ownSources(): string[] {
  const out: string[] = [];
  for (const dir of ['test', 'live', '.vitepress', '.vitepress/theme']) {
    let names: string[];
    try {
      names = readdirSync(join(docsRoot, dir));
    } catch {
      continue;
    }
    for (const n of names) if (n.endsWith('.ts')) out.push(join(docsRoot, dir, n));
  }
  return out;
}

beforeAll(writeUnits);

test('the docs have code blocks to check', () => {
  expect(units.length).toBeGreaterThan(0);
});

test('every code block and the docs sources type-check', () => {
  const files = [...[...written.values()].map((w) => w.file), ...ownSources()];
  const diagnostics = typecheck(repoRoot, files);
  const byFile = new Map([...written.entries()].map(([id, w]) => [resolve(w.file), { id, ...w }]));
  const messages = diagnostics.map((d) => {
    const unit = byFile.get(d.file);
    if (unit === undefined) return `${d.file}:${d.line}: ${d.message}`;
    const page = units.find((u) => u.id === unit.id)?.page ?? '?';
    return `docs/${page}:${unit.lineMap[d.line - 1] ?? '?'}: ${d.message}`;
  });
  expect(messages).toEqual([]);
});

describe('code blocks run and print what the page shows', () => {
  const runnable = units.filter((u) => u.run);
  let restore: (() => void) | null = null;
  afterEach(() => {
    restore?.();
    restore = null;
  });

  function capture(): () => string {
    const chunks: string[] = [];
    const push = (...args: unknown[]) => {
      chunks.push(`${format(...args)}\n`);
    };
    const spies = [
      vi.spyOn(console, 'log').mockImplementation(push),
      vi.spyOn(console, 'info').mockImplementation(push),
    ];
    restore = () => {
      for (const s of spies) s.mockRestore();
    };
    return () => chunks.join('');
  }

  test.each(runnable.map((u): [string, DocUnit] => [`${u.page}:${u.blocks[0]?.line}`, u]))(
    '%s',
    async (_name, unit) => {
      const w = written.get(unit.id);
      if (w === undefined) throw new Error(`docs: ${unit.id} was not written`);
      const read = capture();
      await import(/* @vite-ignore */ pathToFileURL(w.file).href);
      const printed = read().split('\n');
      const failures: string[] = [];
      let start = 0;
      unit.blocks.forEach((b, i) => {
        const end = printed.indexOf(`${BLOCK_MARK}${i}`, start);
        const text = printed.slice(start, end < 0 ? printed.length : end).join('\n');
        start = end + 1;
        if (b.output === null) return;
        const diff = compareOutput(text, b.output);
        if (diff !== null) failures.push(`docs/${b.page}:${b.output.line}: ${diff}`);
      });
      expect(failures.join('\n\n')).toBe('');
    },
  );
});
