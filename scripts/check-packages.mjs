#!/usr/bin/env node
// Packaging check ("install only the pieces you need"): build, pack every public package, install
// each tarball alone in a fresh npm project and use it the way a user would (Node ESM import,
// TypeScript against the published .d.ts), then lint the tarballs with publint and attw.
//
// Usage: node scripts/check-packages.mjs [--keep]   (--keep leaves the temporary projects behind)

import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const KEEP = process.argv.includes('--keep');
// npm's cache lives under node_modules so repeated local runs reuse downloads (tfjs is the big
// one) while a fresh clone starts clean; `--prefer-offline` skips revalidating cached metadata.
const NPM_CACHE = join(ROOT, 'node_modules', '.cache', 'check-packages', 'npm');

// The dependency rules of ARCHITECTURE.md. `directForbidden`: never in the manifest's
// dependencies nor imported by the published files. `transitiveForbidden`: never anywhere in the
// installed tree. `noDependencies`: the package installs alone.
const RULES = {
  '@jaxts/frozendict': { noDependencies: true },
  '@jaxts/grad': { directForbidden: ['@tensorflow/*'] },
  '@jaxts/vmap': { directForbidden: ['@tensorflow/*'], transitiveForbidden: ['@jaxts/grad'] },
  '@jaxts/linen': { directForbidden: ['@tensorflow/*'], transitiveForbidden: ['@jaxts/optax-ts'] },
  '@jaxts/optax-ts': { directForbidden: ['@tensorflow/*'], transitiveForbidden: ['@jaxts/linen'] },
};
// Published code runs in browsers too, so Node built-ins must be asked for here explicitly.
const ALLOWED_BUILTINS = {};

const COLUMNS = [
  'files',
  'deps',
  'install',
  'node',
  'tsc nodenext',
  'tsc bundler',
  'publint',
  'attw',
];

// ---------------------------------------------------------------------------------------------
// Small helpers.

const failures = []; // { pkg, step, message }
const warnings = []; // { pkg, step, message }

function fail(pkg, step, message) {
  failures.push({ pkg, step, message });
  pkg.status[step] = 'FAIL';
}

/** Marks a step as run for a package (a failure recorded before or after it wins). */
function ran(pkg, step) {
  pkg.status[step] ??= 'ok';
}

function warn(pkg, step, message) {
  warnings.push({ pkg, step, message });
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Runs a command; resolves with { code, stdout, stderr } (never rejects on a non-zero exit). */
function run(cmd, args, { cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** pnpm as the repo pins it: the running pnpm when called from a pnpm script, else npx. */
function pnpmCommand(args) {
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(execPath)) return [process.execPath, [execPath, ...args]];
  const pinned = readJson(join(ROOT, 'package.json')).packageManager ?? 'pnpm@10';
  return ['npx', ['-y', pinned.split('+')[0], ...args]];
}

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** Package name of a bare specifier (`@scope/name/sub` → `@scope/name`), or null if not bare. */
function packageNameOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z]+:/i.test(specifier)) {
    return null;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

function matches(name, pattern) {
  return pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
}

/** The subpaths of an `exports` map that are entry points (not package.json, not patterns). */
function entrySubpaths(manifest) {
  const { exports } = manifest;
  if (exports === undefined) return ['.'];
  if (typeof exports === 'string' || Array.isArray(exports)) return ['.'];
  const keys = Object.keys(exports);
  if (!keys.some((k) => k.startsWith('.'))) return ['.'];
  return keys.filter((k) => !k.includes('*') && !k.endsWith('.json'));
}

/** Every file path an exports entry points at, under any condition (`@jaxts/source` too). */
function exportTargets(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) exportTargets(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) exportTargets(v, out);
  return out;
}

function allDependencies(manifest) {
  return {
    ...manifest.dependencies,
    ...manifest.optionalDependencies,
    ...manifest.peerDependencies,
  };
}

async function timed(label, timings, fn) {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([label, Date.now() - start]);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight (the machine has two cores). */
async function pool(items, limit, fn) {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length > 0) await fn(queue.shift());
  });
  await Promise.all(workers);
}

// ---------------------------------------------------------------------------------------------
// 0. Which packages: every folder under packages/ is a public package; the ones without
//    src/index.ts are manifests waiting for their issue and are reported as skipped.

function discover() {
  const packagesDir = join(ROOT, 'packages');
  const all = [];
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    const dir = join(packagesDir, entry.name);
    if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
    const manifest = readJson(join(dir, 'package.json'));
    const hasSources = existsSync(join(dir, 'src', 'index.ts'));
    all.push({
      name: manifest.name,
      dir,
      folder: entry.name,
      manifest,
      private: manifest.private === true,
      ready: hasSources && manifest.private !== true,
      status: {},
      ms: 0,
    });
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

/** Checks on the repository itself, before anything is built. */
function checkWorkspace(pkgs) {
  const buildConfig = readJson(join(ROOT, 'tsconfig.build.json'));
  const referenced = new Set((buildConfig.references ?? []).map((r) => r.path.replace(/\/$/, '')));
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  for (const pkg of pkgs.filter((p) => p.ready)) {
    const rel = relative(ROOT, pkg.dir).split(sep).join('/');
    if (!referenced.has(rel)) {
      fail(
        pkg,
        'files',
        `tsconfig.build.json does not reference ${rel}, so \`pnpm build\` never builds it. ` +
          `Add { "path": "${rel}" } to its references.`,
      );
    }
    for (const subpath of entrySubpaths(pkg.manifest)) {
      const entry = subpath === '.' ? pkg.manifest.exports?.['.'] : pkg.manifest.exports?.[subpath];
      const source = entry && typeof entry === 'object' ? entry['@jaxts/source'] : undefined;
      if (typeof source === 'string' && !existsSync(join(pkg.dir, source))) {
        fail(
          pkg,
          'files',
          `exports["${subpath}"]["@jaxts/source"] points at ${source}, which does not exist. ` +
            'Create it or remove the subpath export.',
        );
      }
    }
    for (const dep of Object.keys(allDependencies(pkg.manifest))) {
      const target = byName.get(dep);
      if (target && !target.ready) {
        fail(
          pkg,
          'deps',
          `depends on ${dep}, which has no sources yet (${relative(ROOT, target.dir)}/src/index.ts).`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Build, and make sure dist/ holds nothing that no source produces (a stale file from a
//    deleted module would be published from a local run but not from CI's fresh clone).

function checkStaleOutputs(pkg) {
  const distDir = join(pkg.dir, 'dist');
  if (!existsSync(distDir)) {
    fail(pkg, 'files', `${relative(ROOT, distDir)} does not exist after the build.`);
    return false;
  }
  const stale = [];
  for (const file of walk(distDir)) {
    const rel = relative(distDir, file).split(sep).join('/');
    const stem = rel.replace(/(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/, '');
    if (stem === rel) continue; // .tsbuildinfo and other files tsc does not emit per module
    if (!existsSync(join(pkg.dir, 'src', `${stem}.ts`))) stale.push(`dist/${rel}`);
  }
  if (stale.length > 0) {
    fail(
      pkg,
      'files',
      `stale build output with no source in src/: ${stale.join(', ')}. ` +
        `Delete ${relative(ROOT, distDir)} and rebuild.`,
    );
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// 2. Static checks on the tarball: what it contains, what its code imports, what it declares.

function checkTarballFiles(pkg) {
  ran(pkg, 'files');
  const { files, manifest } = pkg.packed;
  const has = (p) => files.has(p.replace(/^\.\//, ''));
  const targets = [
    ...exportTargets(manifest.exports),
    ...[manifest.main, manifest.types, manifest.typings].filter((x) => typeof x === 'string'),
  ];
  for (const target of new Set(targets)) {
    if (!target.includes('*') && !has(target)) {
      fail(pkg, 'files', `the tarball lacks ${target}, which package.json points at.`);
    }
  }
  for (const subpath of entrySubpaths(manifest)) {
    const entry =
      subpath === '.' && typeof manifest.exports !== 'object' ? null : manifest.exports?.[subpath];
    if (entry && typeof entry === 'object' && !('types' in entry)) {
      fail(pkg, 'files', `exports["${subpath}"] has no "types" condition.`);
    }
  }
  for (const file of files) {
    if (file.endsWith('.tsbuildinfo') || /\.test\.[cm]?[jt]s$/.test(file)) {
      fail(
        pkg,
        'files',
        `the tarball contains ${file}; exclude it through "files" in package.json.`,
      );
    }
  }
  for (const expected of ['README.md', 'LICENSE']) {
    if (!has(expected)) warn(pkg, 'files', `the tarball has no ${expected}`);
  }
}

function checkDeclaredImports(pkg) {
  ran(pkg, 'deps');
  const { dir, manifest } = pkg.packed;
  const declared = new Set([manifest.name, ...Object.keys(allDependencies(manifest))]);
  const rule = RULES[manifest.name] ?? {};
  const allowedBuiltins = new Set(ALLOWED_BUILTINS[manifest.name] ?? []);

  for (const [dep, spec] of Object.entries(allDependencies(manifest))) {
    if (/^(workspace|link|file|portal):/.test(String(spec))) {
      fail(pkg, 'deps', `packed manifest still has ${dep}@${spec}; it cannot install from npm.`);
    }
    for (const pattern of rule.directForbidden ?? []) {
      if (matches(dep, pattern)) {
        fail(
          pkg,
          'deps',
          `declares ${dep}; ${manifest.name} must not depend on ${pattern} directly.`,
        );
      }
    }
  }
  if (rule.noDependencies) {
    const deps = Object.keys(allDependencies(manifest));
    if (deps.length > 0) {
      fail(pkg, 'deps', `must have no runtime dependencies, declares ${deps.join(', ')}.`);
    }
  }

  const distDir = join(dir, 'dist');
  if (!existsSync(distDir)) return;
  for (const file of walk(distDir)) {
    if (!/\.(m?js|d\.m?ts)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    const info = ts.preProcessFile(text, true, true);
    const specifiers = [
      ...info.importedFiles.map((f) => f.fileName),
      ...info.typeReferenceDirectives.map((f) => `@types/${f.fileName}`),
    ];
    const where = relative(dir, file).split(sep).join('/');
    for (const specifier of specifiers) {
      if (isBuiltin(specifier)) {
        if (!allowedBuiltins.has(specifier)) {
          fail(
            pkg,
            'deps',
            `${where} imports the Node built-in '${specifier}'; published code must also run in ` +
              'browsers. If it really must, allow it in ALLOWED_BUILTINS of scripts/check-packages.mjs.',
          );
        }
        continue;
      }
      const name = packageNameOf(specifier);
      if (name === null) continue;
      if (!declared.has(name)) {
        fail(
          pkg,
          'deps',
          `${where} imports '${specifier}', but ${name} is not in dependencies or peerDependencies.`,
        );
      }
      for (const pattern of rule.directForbidden ?? []) {
        if (matches(name, pattern)) {
          fail(
            pkg,
            'deps',
            `${where} imports '${specifier}'; ${manifest.name} must not use ${pattern}.`,
          );
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Install the tarball with its @jaxts dependencies (as tarballs) into a fresh npm project.

function workspaceClosure(pkg, byName) {
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p.name)) return;
    seen.add(p.name);
    for (const dep of Object.keys(allDependencies(p.packed.manifest))) {
      const target = byName.get(dep);
      if (target?.packed) visit(target);
    }
  };
  visit(pkg);
  return [...seen].map((name) => byName.get(name));
}

async function install(pkg, byName, work) {
  ran(pkg, 'install');
  for (const dep of Object.keys(allDependencies(pkg.packed.manifest))) {
    if (dep.startsWith('@jaxts/') && !byName.get(dep)?.packed) {
      fail(pkg, 'install', `depends on ${dep}, which is not a public package with sources here.`);
      return false;
    }
  }
  const project = join(work, 'consumers', pkg.folder);
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: `consumer-of-${pkg.folder}`, private: true, type: 'module' }, null, 2)}\n`,
  );
  pkg.project = project;
  const tarballs = workspaceClosure(pkg, byName).map((p) => p.packed.tarball);
  const result = await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      `--cache=${NPM_CACHE}`,
      ...tarballs,
    ],
    { cwd: project },
  );
  if (result.code !== 0) {
    fail(pkg, 'install', `npm install failed:\n${result.stderr || result.stdout}`);
    return false;
  }

  // What actually landed: every @jaxts package must come from our tarballs (never the registry),
  // and the dependency rules hold for the whole installed tree.
  const lock = readJson(join(project, 'package-lock.json'));
  const installed = new Map();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '') continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    installed.set(name, entry);
  }
  pkg.installedCount = installed.size;
  for (const [name, entry] of installed) {
    if (name.startsWith('@jaxts/') && !String(entry.resolved ?? '').startsWith('file:')) {
      fail(
        pkg,
        'install',
        `${name} was installed from ${entry.resolved}, not from a local tarball.`,
      );
    }
  }
  const rule = RULES[pkg.name] ?? {};
  if (rule.noDependencies) {
    const others = [...installed.keys()].filter((n) => n !== pkg.name);
    if (others.length > 0) fail(pkg, 'deps', `installing it pulls in ${others.join(', ')}.`);
  }
  for (const forbidden of rule.transitiveForbidden ?? []) {
    for (const name of installed.keys()) {
      if (matches(name, forbidden)) {
        fail(pkg, 'deps', `installing it pulls in ${name}; ${pkg.name} must never depend on it.`);
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// 4. Use it: type-check a .ts consumer against the published .d.ts (nodenext and bundler), and
//    import every entry from plain Node ESM, expecting every value export the .d.ts names.

function entrySpecifiers(pkg) {
  return entrySubpaths(pkg.packed.manifest).map((s) =>
    s === '.' ? pkg.name : `${pkg.name}${s.slice(1)}`,
  );
}

const CONSUMER_OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  skipLibCheck: false, // check the published .d.ts themselves, not only their use
};

const TS_LIB_DIR = dirname(ts.getDefaultLibFilePath(CONSUMER_OPTIONS));
const LIB_FILES = new Map();

const MODES = {
  'tsc nodenext': {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  },
  'tsc bundler': {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  },
};

function typeCheck(pkg, mode) {
  ran(pkg, mode);
  const file = join(pkg.project, 'check.ts');
  const options = { ...CONSUMER_OPTIONS, ...MODES[mode] };
  // A host rooted in the consumer project, so automatic @types come from its node_modules only.
  const compilerHost = ts.createCompilerHost(options);
  compilerHost.getCurrentDirectory = () => pkg.project;
  // TypeScript's own lib files (lib.dom.d.ts alone is 1 MB) are parsed once for all programs.
  const getSourceFile = compilerHost.getSourceFile.bind(compilerHost);
  compilerHost.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (!fileName.startsWith(TS_LIB_DIR)) return getSourceFile(fileName, languageVersion, ...rest);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    let source = LIB_FILES.get(key);
    if (source === undefined) {
      source = getSourceFile(fileName, languageVersion, ...rest);
      if (source !== undefined) LIB_FILES.set(key, source);
    }
    return source;
  };
  const program = ts.createProgram({ rootNames: [file], options, host: compilerHost });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const ours = (d) =>
    d.file === undefined ||
    d.file.fileName === file ||
    d.file.fileName.includes('/node_modules/@jaxts/');
  const host = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => pkg.project,
    getNewLine: () => '\n',
  };
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  const mine = errors.filter(ours);
  const theirs = errors.length - mine.length;
  if (mine.length > 0) {
    fail(pkg, mode, ts.formatDiagnostics(mine.slice(0, 20), host).trimEnd());
  }
  if (theirs > 0) {
    warn(pkg, mode, `${theirs} type error(s) inside third-party .d.ts files (not ours; ignored)`);
  }
  return program;
}

/** The runtime names each entry's .d.ts promises: exported symbols that are values. */
function valueExports(program, file) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const result = {};
  for (const statement of source?.statements ?? []) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const moduleSymbol = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (moduleSymbol === undefined) continue;
    const names = [];
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      if (checker.getTypeOnlyAliasDeclaration?.(symbol)) continue;
      const target =
        symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (target.flags & ts.SymbolFlags.Value) names.push(symbol.escapedName.toString());
    }
    result[statement.moduleSpecifier.text] = names.sort();
  }
  return result;
}

const NODE_CHECK = `// Generated by scripts/check-packages.mjs: import every entry as a user would.
const expected = JSON.parse(process.argv[2]);
const report = {};
for (const [specifier, names] of Object.entries(expected)) {
  const mod = await import(specifier);
  const keys = Object.keys(mod);
  report[specifier] = {
    count: keys.length,
    missing: names.filter((n) => !(n in mod) || mod[n] === undefined),
    extra: keys.filter((k) => !names.includes(k)),
  };
}
process.stdout.write(JSON.stringify(report));
`;

async function useLikeAUser(pkg) {
  ran(pkg, 'node');
  const specifiers = entrySpecifiers(pkg);
  const lines = specifiers.map((s, i) => `import * as entry${i} from '${s}';`);
  lines.push(`export const entries = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];`);
  writeFileSync(join(pkg.project, 'check.ts'), `${lines.join('\n')}\n`);

  const program = typeCheck(pkg, 'tsc nodenext');
  typeCheck(pkg, 'tsc bundler');
  const expected = valueExports(program, join(pkg.project, 'check.ts'));

  writeFileSync(join(pkg.project, 'check.mjs'), NODE_CHECK);
  const result = await run(process.execPath, ['check.mjs', JSON.stringify(expected)], {
    cwd: pkg.project,
  });
  if (result.code !== 0) {
    fail(pkg, 'node', `node check.mjs failed:\n${result.stderr.trim()}`);
    return;
  }
  const report = JSON.parse(result.stdout);
  pkg.exportCounts = [];
  for (const specifier of specifiers) {
    const r = report[specifier];
    const declared = expected[specifier];
    if (r === undefined || declared === undefined) {
      fail(pkg, 'node', `${specifier}: could not resolve its declarations.`);
      continue;
    }
    pkg.exportCounts.push(`${specifier}: ${r.count}`);
    if (r.count === 0) fail(pkg, 'node', `${specifier} exports nothing at runtime.`);
    if (r.missing.length > 0) {
      fail(
        pkg,
        'node',
        `${specifier}: the .d.ts declares ${r.missing.join(', ')}, missing at runtime.`,
      );
    }
    if (r.extra.length > 0) {
      warn(pkg, 'node', `${specifier}: runtime exports not in the .d.ts: ${r.extra.join(', ')}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Linters on what is published: publint on the unpacked tarball, attw on the tarball itself
//    (it reads only the tarball, so it runs offline). ESM-only packages: the esm-only profile.

async function lint(pkg) {
  ran(pkg, 'publint');
  const { messages } = await publint({ pkgDir: pkg.packed.dir, pack: false, level: 'suggestion' });
  for (const message of messages) {
    const text = `${message.type}: ${formatMessage(message, pkg.packed.manifest) ?? message.code}`;
    if (message.type === 'error') fail(pkg, 'publint', text);
    else warn(pkg, 'publint', text);
  }

  ran(pkg, 'attw');
  const attwBin = join(ROOT, 'node_modules', '.bin', 'attw');
  const args = [
    pkg.packed.tarball,
    '--profile',
    'esm-only',
    '--no-definitely-typed',
    '--format',
    'json',
  ];
  const result = await run(attwBin, args);
  let problems = [];
  try {
    const json = JSON.parse(result.stdout);
    const ignored = new Set(['node10', 'node16-cjs']); // what --profile esm-only ignores
    problems = Object.values(json.problems ?? json.analysis?.problems ?? {})
      .flat()
      .filter((p) => !ignored.has(p.resolutionKind));
  } catch {
    fail(pkg, 'attw', `attw did not run:\n${result.stderr || result.stdout}`);
    return;
  }
  if (result.code !== 0 || problems.length > 0) {
    const detail = problems
      .map((p) => `${p.kind} at "${p.entrypoint ?? ''}" (${p.resolutionKind ?? 'all'})`)
      .join('\n');
    fail(pkg, 'attw', `attw --profile esm-only found problems:\n${detail || result.stderr}`);
  }
}

// ---------------------------------------------------------------------------------------------

function printTable(pkgs) {
  const header = ['package', ...COLUMNS, 'time', 'result'];
  const rows = pkgs.map((pkg) => {
    if (!pkg.ready) {
      const why = pkg.private ? 'private (not published)' : 'skipped (no sources yet)';
      return [pkg.name, ...COLUMNS.map(() => '-'), '-', why];
    }
    const cells = COLUMNS.map((c) => pkg.status[c] ?? '-');
    const failed = cells.includes('FAIL');
    return [pkg.name, ...cells, seconds(pkg.ms), failed ? 'FAIL' : 'ok'];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const started = Date.now();
  const timings = [];
  const pkgs = discover();
  const ready = pkgs.filter((p) => p.ready);
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  console.log(
    `check-packages: ${ready.length} of ${pkgs.length} packages have sources: ` +
      `${ready.map((p) => p.name).join(', ') || '(none)'}`,
  );
  checkWorkspace(pkgs);

  await timed('build', timings, async () => {
    const [cmd, args] = pnpmCommand(['build']);
    const result = await run(cmd, args);
    if (result.code !== 0) {
      console.error(`${result.stdout}${result.stderr}`);
      throw new Error('`pnpm build` failed (output above).');
    }
    for (const pkg of ready) pkg.built = checkStaleOutputs(pkg);
  });

  const work = mkdtempSync(join(tmpdir(), 'jaxts-check-packages-'));
  try {
    // A package that did not build has failed already; nothing after the build can run for it.
    const built = ready.filter((p) => p.built);
    if (built.length > 0) {
      await timed('pack', timings, async () => {
        const tarballs = join(work, 'tarballs');
        const filters = built.flatMap((p) => ['--filter', p.name]);
        const [cmd, args] = pnpmCommand(['-r', ...filters, 'pack', '--pack-destination', tarballs]);
        const result = await run(cmd, args);
        if (result.code !== 0) {
          console.error(`${result.stdout}${result.stderr}`);
          throw new Error('`pnpm pack` failed (output above).');
        }
        for (const file of readdirSync(tarballs).filter((f) => f.endsWith('.tgz'))) {
          const dir = join(work, 'unpacked', file.replace(/\.tgz$/, ''));
          mkdirSync(dir, { recursive: true });
          const untar = await run('tar', ['-xzf', join(tarballs, file), '-C', dir]);
          if (untar.code !== 0) throw new Error(`tar failed on ${file}: ${untar.stderr}`);
          const pkgDir = join(dir, 'package');
          const manifest = readJson(join(pkgDir, 'package.json'));
          const files = new Set(walk(pkgDir).map((f) => relative(pkgDir, f).split(sep).join('/')));
          const pkg = byName.get(manifest.name);
          if (pkg) pkg.packed = { tarball: join(tarballs, file), dir: pkgDir, manifest, files };
        }
        for (const pkg of built) {
          if (!pkg.packed) fail(pkg, 'files', 'pnpm pack produced no tarball for it.');
        }
      });
    }
    const packed = ready.filter((p) => p.packed);

    await timed('static checks', timings, async () => {
      for (const pkg of packed) {
        checkTarballFiles(pkg);
        checkDeclaredImports(pkg);
      }
    });

    // Install one package first so npm's cache holds tfjs before the rest install in parallel.
    await timed('install', timings, async () => {
      const [first, ...rest] = packed;
      const one = async (pkg) => {
        const start = Date.now();
        pkg.installed = await install(pkg, byName, work);
        pkg.ms += Date.now() - start;
      };
      const withTfjs = packed.find((p) => p.name === '@jaxts/tensor');
      if (withTfjs) {
        await one(withTfjs);
        await pool(
          packed.filter((p) => p !== withTfjs),
          2,
          one,
        );
      } else if (first) {
        await one(first);
        await pool(rest, 2, one);
      }
    });

    await timed('import + type-check', timings, async () => {
      for (const pkg of packed.filter((p) => p.installed)) {
        const start = Date.now();
        await useLikeAUser(pkg);
        pkg.ms += Date.now() - start;
      }
    });

    await timed('publint + attw', timings, async () => {
      for (const pkg of packed) {
        const start = Date.now();
        await lint(pkg);
        pkg.ms += Date.now() - start;
      }
    });
  } finally {
    if (KEEP || failures.length > 0) console.log(`\nTemporary projects kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }

  console.log('');
  printTable(pkgs);
  console.log('');
  console.log(`steps: ${timings.map(([l, ms]) => `${l} ${seconds(ms)}`).join(', ')}`);
  for (const pkg of ready.filter((p) => p.exportCounts?.length > 0)) {
    console.log(
      `runtime exports: ${pkg.exportCounts.join(', ')} (${pkg.installedCount} installed packages)`,
    );
  }
  if (warnings.length > 0) {
    console.log('\nwarnings:');
    for (const w of warnings) console.log(`  ${w.pkg.name} [${w.step}] ${w.message}`);
  }
  if (failures.length > 0) {
    console.log('\nfailures:');
    for (const f of failures) {
      console.log(`  ${f.pkg.name} [${f.step}] ${f.message.replaceAll('\n', '\n      ')}`);
    }
  }
  const verdict = failures.length > 0 ? `FAILED (${failures.length} problem(s))` : 'passed';
  console.log(`\ncheck-packages ${verdict} in ${seconds(Date.now() - started)}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`check-packages: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
