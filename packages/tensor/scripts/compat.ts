/**
 * The compatibility table (COMPAT.md): every public function of jax.numpy, jax.numpy.linalg,
 * jax.lax and jax.random (scripts/jax-names.json, from jax_names.py) against what @jaxts/tensor
 * exports, plus the jaxts exports JAX does not have. test/compat.test.ts checks that COMPAT.md is
 * what this renders, so the table cannot drift from the exports.
 *
 *   npx tsx --conditions=@jaxts/source packages/tensor/scripts/compat.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lax, numpy, random } from '@jaxts/tensor';

const HERE = dirname(fileURLToPath(import.meta.url));
export const COMPAT_PATH = join(HERE, '..', 'COMPAT.md');

export type Namespace = 'numpy' | 'numpy.linalg' | 'lax' | 'random';
export const NAMESPACES: readonly Namespace[] = ['numpy', 'numpy.linalg', 'lax', 'random'];

interface JaxNames {
  readonly jax_version: string;
  readonly numpy: readonly string[];
  readonly 'numpy.linalg': readonly string[];
  readonly lax: readonly string[];
  readonly random: readonly string[];
}

export function jaxNames(): JaxNames {
  return JSON.parse(readFileSync(join(HERE, 'jax-names.json'), 'utf8')) as JaxNames;
}

/** What @jaxts/tensor exports in each namespace (functions only; `numpy.linalg` is its own). */
export function jaxtsExports(): Record<Namespace, string[]> {
  const fns = (o: object): string[] =>
    Object.keys(o)
      .filter((k) => typeof (o as Record<string, unknown>)[k] === 'function')
      .sort();
  return {
    numpy: fns(numpy),
    'numpy.linalg': fns(numpy.linalg),
    lax: fns(lax),
    random: fns(random),
  };
}

/** snake_case JAX names become camelCase jaxts names (`nan_to_num` -> `nanToNum`). */
export function jaxtsName(jaxName: string): string {
  return jaxName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Differences from JAX for names jaxts has (shown as 🟡), and hints for names it lacks. Keyed by
 * `<namespace>.<jax name>`.
 */
const NOTES: Record<string, string> = {
  // jax.numpy
  'numpy.pad':
    "modes 'constant', 'edge' and 'reflect' (no 'symmetric', 'wrap', 'linear_ramp', ...)",
  'numpy.where':
    'three-argument form only (one-argument `where` is `nonzero`: a value-dependent shape)',
  'numpy.empty': 'returns zeros, as JAX does',
  'numpy.var': 'also exported as `var_`',
  'numpy.array': 'no `copy`/`order`/`ndmin` arguments',
  'numpy.linalg.norm':
    "vector norms (any `ord`) and matrix norms `'fro'`, 1, -1, ±inf (no 2, -2, 'nuc')",
  'numpy.acos': 'array-API alias: use `numpy.arccos`',
  'numpy.acosh': 'array-API alias: use `numpy.arccosh`',
  'numpy.asin': 'array-API alias: use `numpy.arcsin`',
  'numpy.asinh': 'array-API alias: use `numpy.arcsinh`',
  'numpy.atan': 'array-API alias: use `numpy.arctan`',
  'numpy.atan2': 'array-API alias: use `numpy.arctan2`',
  'numpy.atanh': 'array-API alias: use `numpy.arctanh`',
  'numpy.concat': 'array-API alias: use `numpy.concatenate`',
  'numpy.permute_dims': 'array-API alias: use `numpy.transpose`',
  'numpy.pow': 'array-API alias: use `numpy.power`',
  'numpy.amax': 'alias: use `numpy.max`',
  'numpy.amin': 'alias: use `numpy.min`',
  'numpy.around': 'alias: use `numpy.round`',
  'numpy.fabs': 'use `numpy.abs`',
  'numpy.matrix_transpose': 'use `numpy.swapaxes(x, -1, -2)`',
  'numpy.linalg.matmul': 'use `numpy.matmul`',
  'numpy.linalg.outer': 'use `numpy.outer`',
  'numpy.linalg.tensordot': 'use `numpy.tensordot`',
  'numpy.linalg.vecdot': 'use `numpy.vdot` / `numpy.einsum`',
  'numpy.linalg.matrix_transpose': 'use `numpy.swapaxes(x, -1, -2)`',
  'numpy.nonzero': 'value-dependent shape; use `numpy.where(cond, x, y)`',
  'numpy.argwhere': 'value-dependent shape',
  'numpy.unique': 'value-dependent shape',
  // jax.lax
  'lax.reduce_window':
    "`computation` is 'add', 'max' or 'min' (JAX takes a function): the pooling reductions",
  'lax.gather':
    'NumPy-style take along one axis ({ axis, batchDims, mode }), not XLA GatherDimensionNumbers',
  'lax.scatter_add': 'the transpose of `gather` (one axis), not XLA ScatterDimensionNumbers',
  'lax.dot_general': '`preferredElementType`; no `precision` (float32 everywhere)',
  'lax.dot': '`preferredElementType`; no `precision` (float32 everywhere)',
  'lax.bitcast_convert_type': 'between float32, int32 and uint32',
  'lax.psum': 'needs an enclosing `vmap(f, { axisName })` (@jaxts/vmap)',
  'lax.pmean': 'needs an enclosing `vmap(f, { axisName })` (@jaxts/vmap)',
  'lax.pmax': 'needs an enclosing `vmap(f, { axisName })` (@jaxts/vmap)',
  'lax.pmin': 'needs an enclosing `vmap(f, { axisName })` (@jaxts/vmap)',
  'lax.all_gather': 'needs an enclosing `vmap(f, { axisName })` (@jaxts/vmap)',
  'lax.axis_index': 'needs an enclosing `vmap(f, { axisName })` (@jaxts/vmap)',
  'lax.ppermute': 'needs an enclosing `vmap(f, { axisName })` (@jaxts/vmap)',
  'lax.cond': 'control flow is not staged yet: use `numpy.where` / `lax.select`',
  'lax.while_loop': 'control flow is not staged yet: use a JavaScript loop (unrolled under jit)',
  'lax.fori_loop': 'control flow is not staged yet: use a JavaScript loop (unrolled under jit)',
  'lax.scan': 'control flow is not staged yet: use a JavaScript loop (unrolled under jit)',
  // jax.random
  'random.PRNGKey': 'keys are raw `u32[2]` arrays',
  'random.key': 'returns a raw `u32[2]` key like `PRNGKey` (no key dtype)',
  'random.key_data': 'identity: keys are raw uint32 arrays',
  'random.wrap_key_data': 'identity: keys are raw uint32 arrays',
  'random.bits': "dtype 'uint8' / 'uint16' return uint32 arrays holding those values",
  'random.randint': 'int32 only',
  'random.bernoulli': "mode 'low' only",
  'random.gumbel': "mode 'low' only",
  'random.categorical': "mode 'low' only",
  'random.choice': "mode 'low' only",
};

/** jaxts exports that have no function of the same name in the namespace's JAX counterpart. */
const ADDITIONS: Record<string, string> = {
  'numpy.asTensor': '`jnp.asarray` that returns Tensors unchanged (numbers become weak scalars)',
  'numpy.fromValues': 'an array from flat values, a shape and a dtype',
  'numpy.scalar': 'a cached scalar constant of a dtype',
  'numpy.storageDType': "the tfjs storage dtype of a dtype (`'uint32'` -> `'int32'`)",
  'numpy.getItem': '`x[idx]` (also `x.get(...idx)`)',
  'numpy.atIndex': '`x.at[idx]` (also `x.at(...idx).set(v)` / `.add(v)` / ...)',
  'numpy.slice': "Python's `slice(start, stop, step)`, for indexing",
  'numpy.oneHot': '`jax.nn.one_hot`',
  'numpy.logsumexp': '`jax.nn.logsumexp` / `jax.scipy.special.logsumexp`',
  'numpy.var_': '`jnp.var` under a name that is not a reserved word',
  'random.shuffle': "JAX's removed `random.shuffle` (`permutation(..., independent=True)`)",
};

type Status = '✅' | '🟡' | '⚪';

interface Row {
  readonly jax: string;
  readonly jaxts: string;
  readonly status: Status;
  readonly note: string;
}

function rowsFor(ns: Namespace, names: JaxNames, exports: Record<Namespace, string[]>): Row[] {
  const have = new Set(exports[ns]);
  return names[ns].map((jax) => {
    const name = jaxtsName(jax);
    const note = NOTES[`${ns}.${jax}`] ?? '';
    if (have.has(name)) {
      return { jax, jaxts: `${ns}.${name}`, status: note === '' ? '✅' : '🟡', note };
    }
    return { jax, jaxts: '—', status: '⚪', note };
  });
}

/** jaxts exports that no JAX name maps to, each needing an ADDITIONS entry. */
export function additions(): { ns: Namespace; name: string; note: string | undefined }[] {
  const names = jaxNames();
  const exports = jaxtsExports();
  const out: { ns: Namespace; name: string; note: string | undefined }[] = [];
  for (const ns of NAMESPACES) {
    const mapped = new Set(names[ns].map(jaxtsName));
    for (const name of exports[ns]) {
      if (!mapped.has(name)) out.push({ ns, name, note: ADDITIONS[`${ns}.${name}`] });
    }
  }
  return out;
}

/** Notes that name a JAX function JAX does not have (typos, or JAX renamed it). */
export function staleNotes(): string[] {
  const names = jaxNames();
  const known = new Set(NAMESPACES.flatMap((ns) => names[ns].map((n) => `${ns}.${n}`)));
  return Object.keys(NOTES).filter((k) => !known.has(k));
}

const TITLES: Record<Namespace, string> = {
  numpy: '`jax.numpy` → `numpy`',
  'numpy.linalg': '`jax.numpy.linalg` → `numpy.linalg`',
  lax: '`jax.lax` → `lax`',
  random: '`jax.random` → `random`',
};

/** A Markdown table cell: pipes escaped. */
function cellText(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The text of COMPAT.md. */
export function renderCompat(): string {
  const names = jaxNames();
  const exports = jaxtsExports();
  const out: string[] = [
    '# @jaxts/tensor: compatibility with JAX',
    '',
    `Every public function of \`jax.numpy\`, \`jax.numpy.linalg\`, \`jax.lax\` and \`jax.random\` in JAX ${names.jax_version}, and its`,
    "counterpart in `@jaxts/tensor` (`import { numpy as jnp, lax, random } from '@jaxts/tensor'`). JAX's",
    'snake_case names are camelCase here (`nan_to_num` → `nanToNum`); keyword arguments go in an options object.',
    '',
    '✅ available, same behaviour (checked against JAX golden values) · 🟡 available, with the difference noted ·',
    '⚪ not available (yet).',
    '',
    'Generated by `npx tsx --conditions=@jaxts/source packages/tensor/scripts/compat.ts --write` from the',
    "package's exports and `scripts/jax-names.json`; `test/compat.test.ts` fails when this file is out of date.",
    '',
    '| namespace | ✅ | 🟡 | ⚪ |',
    '|---|---|---|---|',
  ];
  const sections: string[] = [];
  for (const ns of NAMESPACES) {
    const rows = rowsFor(ns, names, exports);
    const count = (s: Status): number => rows.filter((r) => r.status === s).length;
    out.push(`| ${TITLES[ns]} | ${count('✅')} | ${count('🟡')} | ${count('⚪')} |`);
    sections.push(`## ${TITLES[ns]}`, '', '| JAX | jaxts | status | notes |', '|---|---|---|---|');
    const prefix = ns === 'numpy.linalg' ? 'jnp.linalg' : ns === 'numpy' ? 'jnp' : ns;
    for (const r of rows) {
      const jaxts = r.jaxts === '—' ? '—' : `\`${r.jaxts}\``;
      sections.push(`| \`${prefix}.${r.jax}\` | ${jaxts} | ${r.status} | ${cellText(r.note)} |`);
    }
    sections.push('');
  }
  out.push('', ...sections);
  out.push('## jaxts additions', '', 'Exports with no JAX function of the same name.', '');
  out.push('| jaxts | what it is |', '|---|---|');
  for (const a of additions()) out.push(`| \`${a.ns}.${a.name}\` | ${cellText(a.note ?? '')} |`);
  out.push('');
  return out.join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = renderCompat();
  const missing = additions().filter((a) => a.note === undefined);
  if (missing.length > 0) {
    console.error(
      `compat: exports with no JAX name and no ADDITIONS entry: ${missing.map((m) => `${m.ns}.${m.name}`).join(', ')}`,
    );
    process.exitCode = 1;
  }
  if (process.argv.includes('--write')) {
    writeFileSync(COMPAT_PATH, text);
    console.log(`wrote ${COMPAT_PATH}`);
  } else {
    process.stdout.write(text);
  }
}
