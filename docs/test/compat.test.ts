// The compatibility tables cannot drift from the code: every jaxts name in a package's COMPAT.md
// (shown on the docs' compatibility pages) must exist in the package's runtime exports, and every
// runtime export must be in COMPAT.md or in the page's "jaxts-only exports" table.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  declaredProperties,
  declaredTypes,
  KEYWORDS,
  nameChains,
  section,
  tableRows,
} from './compat.ts';
import { BARE, RECEIVERS } from './receivers.ts';

const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsRoot, '..');

interface PackageInfo {
  readonly dir: string;
  readonly name: string;
  readonly entries: readonly string[];
}

function publishedPackages(): PackageInfo[] {
  const out: PackageInfo[] = [];
  for (const dir of readdirSync(join(repoRoot, 'packages')).sort()) {
    const file = join(repoRoot, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string;
      private?: boolean;
      exports?: Record<string, unknown>;
    };
    if (pkg.private === true) continue;
    const entries = Object.keys(pkg.exports ?? {})
      .filter((k) => k !== './package.json')
      .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
    out.push({ dir, name: pkg.name, entries });
  }
  return out;
}

function isNamespace(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Module'
  );
}

/**
 * A member's value. Getters that throw on a prototype (linen's `Module.prototype.path`) stand
 * for themselves.
 */
function memberValue(owner: unknown, name: string): unknown {
  try {
    const direct = (owner as Record<string, unknown>)[name];
    if (direct !== undefined) return direct;
  } catch {
    // fall through to the descriptor
  }
  for (let o: unknown = owner; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d !== undefined) return 'value' in d ? d.value : (d.get ?? d.set);
  }
  const proto = (owner as { prototype?: unknown } | null)?.prototype;
  return proto !== undefined && proto !== owner ? memberValue(proto, name) : undefined;
}

function hasMember(owner: unknown, name: string): boolean {
  if (owner === null || owner === undefined) return false;
  if (typeof owner !== 'object' && typeof owner !== 'function') return false;
  if (name in (owner as object)) return true;
  const proto = (owner as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null && name in proto;
}

const packages = publishedPackages();

/** The non-test TypeScript sources of a package. */
function sourcesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, name.name);
      if (name.isDirectory()) walk(full);
      else if (name.name.endsWith('.ts') && !name.name.endsWith('.test.ts')) {
        out.push(readFileSync(full, 'utf8'));
      }
    }
  };
  walk(join(repoRoot, 'packages', dir, 'src'));
  return out;
}

test('every published package has a COMPAT.md and a compatibility page', () => {
  const missing: string[] = [];
  for (const p of packages) {
    if (!existsSync(join(repoRoot, 'packages', p.dir, 'COMPAT.md'))) {
      missing.push(`packages/${p.dir}/COMPAT.md`);
    }
    const page = join(docsRoot, 'reference/compat', `${p.dir}.md`);
    const include = `<!--@include: ../../../packages/${p.dir}/COMPAT.md-->`;
    if (!existsSync(page) || !readFileSync(page, 'utf8').includes(include)) {
      missing.push(`docs/reference/compat/${p.dir}.md including COMPAT.md`);
    }
  }
  expect(missing).toEqual([]);
});

describe.each(packages.filter((p) => existsSync(join(repoRoot, 'packages', p.dir, 'COMPAT.md'))))(
  '$name',
  (p) => {
    const compatFile = join(repoRoot, 'packages', p.dir, 'COMPAT.md');
    const pageFile = join(docsRoot, 'reference/compat', `${p.dir}.md`);
    const compat = readFileSync(compatFile, 'utf8');
    const page = existsSync(pageFile) ? readFileSync(pageFile, 'utf8') : '';
    const compatRows = tableRows(compat, 'jaxts');
    // The docs page may add rows of its own: tables with a jaxts column (names COMPAT.md leaves
    // out) and the "jaxts-only exports" table.
    const pageOnly = page.replace(/<!--@include:[^>]*-->/g, '');
    const onlyRows = [
      ...tableRows(pageOnly, 'jaxts'),
      ...tableRows(section(pageOnly, 'jaxts-only exports'), 'export'),
    ];
    const receivers = RECEIVERS[p.name] ?? {};
    const sources = sourcesOf(p.dir);
    const properties = declaredProperties(sources);
    const types = declaredTypes(sources);

    /** Values exported by the other jaxts packages (to recognize re-exports). */
    async function dependencyValues(): Promise<Set<unknown>> {
      const out = new Set<unknown>();
      for (const other of packages) {
        if (other.name === p.name) continue;
        for (const entry of other.entries) {
          for (const v of Object.values(await import(/* @vite-ignore */ entry))) out.add(v);
        }
      }
      return out;
    }

    async function runtimeExports(): Promise<Record<string, unknown>> {
      const merged: Record<string, unknown> = {};
      for (const entry of p.entries) Object.assign(merged, await import(/* @vite-ignore */ entry));
      return merged;
    }

    test('COMPAT.md has tables with a jaxts column', () => {
      expect(compatRows.length).toBeGreaterThan(0);
    });

    interface Resolved {
      readonly where: string;
      readonly span: string;
      readonly chain: readonly string[];
      /** The value the chain names, or undefined for placeholders and JS globals. */
      readonly value?: unknown;
      readonly problem?: string;
    }

    /**
     * Resolves every name chain of every row. A bare name that is neither exported nor a
     * placeholder continues the previous chain of the same cell: in `fd.keys()` / `values()`,
     * `values` means `fd.values`.
     */
    /** Name prefixes mentioned with a wildcard (`lecun_*`). */
    const patterns: string[] = [];

    function resolveAll(exports: Record<string, unknown>): Resolved[] {
      const out: Resolved[] = [];
      patterns.length = 0;
      const rows = [
        ...compatRows.map((r) => ({ ...r, where: `packages/${p.dir}/COMPAT.md:${r.line}` })),
        ...onlyRows.map((r) => ({ ...r, where: `docs/reference/compat/${p.dir}.md:${r.line}` })),
      ];
      const bare = BARE[p.name]?.(exports) ?? [];
      const resolveMembers = (
        start: unknown,
        chain: readonly string[],
        from: number,
      ): { value?: unknown; problem?: string } => {
        let owner = start;
        for (let k = from; k < chain.length; k++) {
          const m = chain[k] ?? '';
          if (!hasMember(owner, m)) {
            return { problem: `${m} is not a member of ${chain.slice(0, k).join('.')}` };
          }
          owner = memberValue(owner, m);
        }
        return { value: owner };
      };
      const resolveChain = (chain: readonly string[]): { value?: unknown; problem?: string } => {
        const [root, ...members] = chain as [string, ...string[]];
        let owner: unknown;
        if (root in exports) owner = exports[root];
        else if (root in receivers) {
          const sample = receivers[root];
          if (sample === undefined) return {};
          owner = sample(exports);
        } else if (bare.some((o) => hasMember(o, root))) {
          owner = memberValue(
            bare.find((o) => hasMember(o, root)),
            root,
          );
          if (members.length > 0) return resolveMembers(owner, chain, 1);
          return { value: owner };
        } else if (
          root in globalThis ||
          (members.length === 0 && (properties.has(root) || types.has(root)))
        ) {
          // A JS global (`String(x)`), an option / state field (`axisName`), or a type.
          return {};
        } else return { problem: `${root} is not exported by ${p.name}` };
        return resolveMembers(owner, chain, 1);
      };
      for (const row of rows) {
        let prefix: string[] = [];
        for (const span of [...row.spans, ...row.same]) {
          // `lecun*` (from `lecun_*`) mentions every name with that prefix.
          const wildcard = /^([A-Za-z_$][\w$.]*)\*$/.exec(span);
          if (wildcard !== null) {
            patterns.push(wildcard[1] ?? '');
            continue;
          }
          for (let chain of nameChains(span)) {
            if (KEYWORDS.has(chain[0] ?? '')) continue;
            const root = chain[0] ?? '';
            let r = resolveChain(chain);
            const bare = !(root in exports || root in receivers || root in globalThis);
            if (bare && prefix.length > 0) {
              // `values()` after `fd.keys()` in one cell means `fd.values`.
              const continued = [...prefix, ...chain];
              const rc = resolveChain(continued);
              if (rc.problem === undefined || r.problem !== undefined) {
                chain = continued;
                r = rc;
              }
            }
            prefix = chain.slice(0, -1);
            out.push({ where: row.where, span, chain, ...r });
          }
        }
      }
      return out;
    }

    test('every jaxts name in COMPAT.md and the jaxts-only table exists', async () => {
      const problems = resolveAll(await runtimeExports())
        .filter((r) => r.problem !== undefined)
        .map((r) => `${r.where}: \`${r.span}\`: ${r.problem}`);
      expect(problems).toEqual([]);
    });

    test('every runtime export is in COMPAT.md or in the jaxts-only table', async () => {
      const exports = await runtimeExports();
      const resolved = resolveAll(exports);
      const mentioned = new Set<string>();
      const values = new Set<unknown>();
      for (const r of resolved) {
        for (let k = 1; k <= r.chain.length; k++) mentioned.add(r.chain.slice(0, k).join('.'));
        if (r.problem === undefined && r.value !== undefined) values.add(r.value);
      }
      // An alias (`keystr` and `tree.keystr`) is covered when the same value is mentioned.
      const covered = (name: string, value: unknown) =>
        mentioned.has(name) ||
        patterns.some((p) => (name.split('.').at(-1) ?? '').startsWith(p)) ||
        ((typeof value === 'function' || typeof value === 'symbol') && values.has(value));
      const reexported = await dependencyValues();
      const missing: string[] = [];
      for (const [name, value] of Object.entries(exports)) {
        // A value re-exported from another jaxts package is listed in that package's table.
        if (!covered(name, value) && !reexported.has(value)) missing.push(name);
        // Namespaces defined here (numpy, lax, random, ...) are checked member by member; a
        // namespace re-exported from another package (tensor's `tree`) is that package's table.
        if (isNamespace(value) && !reexported.has(value)) {
          for (const [m, v] of Object.entries(value)) {
            if (!covered(`${name}.${m}`, v)) missing.push(`${name}.${m}`);
          }
        }
      }
      expect(
        missing,
        `exports of ${p.name} missing from COMPAT.md and the jaxts-only table`,
      ).toEqual([]);
    });
  },
);
