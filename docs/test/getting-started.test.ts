// The Getting started page cannot drift from the manifests: its dependency table must list each
// package's runtime dependencies, and every install line must name real packages (the jaxts
// packages, or the optional wasm backend at the version @jaxts/tensor declares as its peer).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { tableRows } from './compat.ts';

const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsRoot, '..');
const page = readFileSync(join(docsRoot, 'guide/getting-started.md'), 'utf8');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
const dirs = ['frozendict', 'tensor', 'grad', 'vmap', 'linen', 'optax-ts'];
const manifests = new Map(dirs.map((d) => [manifest(d).name, manifest(d)]));

/** Code spans of a cell, package names included. */
const spans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

test('the dependency table lists each package and its runtime dependencies', () => {
  const rows = page
    .split('\n')
    .filter((l) => l.startsWith('| `@jaxts/'))
    .map((l) => l.split('|').map((c) => c.trim()));
  const table = new Map(rows.map((r) => [spans(r[1] ?? '')[0] ?? '', spans(r[3] ?? '')]));
  expect([...table.keys()].sort()).toEqual([...manifests.keys()].sort());
  for (const [name, m] of manifests) {
    expect(table.get(name)?.sort(), name).toEqual(Object.keys(m.dependencies ?? {}).sort());
  }
  // The table has the same shape as the compat tables (one parser for both).
  expect(tableRows(page, 'depends on').length).toBe(manifests.size);
});

test('every install line names real packages', () => {
  const lines = [...page.matchAll(/^npm install (.+)$/gm)].map((m) => m[1] ?? '');
  expect(lines.length).toBeGreaterThan(5);
  const wasmPeer =
    manifests.get('@jaxts/tensor')?.peerDependencies?.['@tensorflow/tfjs-backend-wasm'];
  for (const line of lines) {
    for (const spec of line.split(/\s+/)) {
      if (spec.startsWith('@tensorflow/tfjs-backend-wasm')) {
        expect(spec).toBe(`@tensorflow/tfjs-backend-wasm@${wasmPeer}`);
      } else {
        expect(manifests.has(spec), `${spec} in "npm install ${line}"`).toBe(true);
      }
    }
  }
});

test('install lines list @jaxts/tensor next to the packages that work on tensors', () => {
  // Dependencies install themselves, but code using grad, vmap, linen or optax-ts also imports
  // @jaxts/tensor (for arrays), so a use case's line names it explicitly.
  for (const line of [...page.matchAll(/^npm install (@jaxts\/.+)$/gm)].map((m) => m[1] ?? '')) {
    const named = new Set(line.split(/\s+/));
    for (const spec of named) {
      const deps = Object.keys(manifests.get(spec)?.dependencies ?? {});
      if (deps.includes('@jaxts/tensor')) {
        expect(named.has('@jaxts/tensor'), `npm install ${line}`).toBe(true);
      }
    }
  }
});
