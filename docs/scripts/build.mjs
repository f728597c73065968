// Builds the docs site: the TypeDoc API reference (HTML, into public/api so VitePress copies it),
// then the VitePress site into .vitepress/dist. Run after `pnpm build` (the root `docs:build`
// does both): the live page bundles the packages' published dist entry points.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(docs, '..');
const bin = (name) => join(docs, 'node_modules/.bin', name);

/** The directories of the published (non-private) packages. */
export function packageDirs() {
  return readdirSync(join(repo, 'packages'))
    .sort()
    .map((name) => join(repo, 'packages', name))
    .filter((dir) => {
      const file = join(dir, 'package.json');
      return existsSync(file) && !JSON.parse(readFileSync(file, 'utf8')).private;
    });
}

function run(cmd, args) {
  const t = Date.now();
  execFileSync(cmd, args, { cwd: docs, stdio: 'inherit' });
  console.log(
    `docs build: ${relative(docs, cmd)} ${args[0] ?? ''} took ${((Date.now() - t) / 1000).toFixed(1)}s`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The live page bundles the packages' dist builds: make sure every one is built (incremental,
  // so this is a no-op after the root `pnpm build` when tsconfig.build.json lists them all).
  run(bin('tsc'), ['-b', ...packageDirs().map((d) => relative(docs, d))]);
  rmSync(join(docs, 'public/api'), { recursive: true, force: true });
  // One TypeDoc project per package (its own tsconfig; entry points src/index.ts and, for
  // @jaxts/tensor, src/core/index.ts), merged into one site. TypeDoc warns once per package
  // without a core entry; that is expected.
  const dirs = packageDirs().map((d) => relative(docs, d));
  run(bin('typedoc'), ['--options', 'typedoc.json', ...dirs.flatMap((d) => ['--entryPoints', d])]);
  run(bin('vitepress'), ['build', '.']);
}
