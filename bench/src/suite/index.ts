/**
 * Runner of the issue 11 suite: each workload on each backend in its own Node process (so no
 * memory, kernel cache or V8 JIT state carries over), then the side-by-side table of jaxts
 * against hand-written tfjs, @jax-js/jax and the JAX/XLA reference, with the time ratios and the
 * issue's targets. A full run rewrites its section of bench/RESULTS.md (between markers; the
 * hand-written findings after them stay); --quick only prints and writes bench/out/suite.md.
 * Usage: node --conditions=@jaxts/source --import tsx bench/src/suite/index.ts
 *          [--quick] [--only mlp,per-example,dispatch,matmul,seed,cnn,soak] [--backend cpu|wasm]
 *          [--write]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, type Row } from '../harness.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const WRITE = argv.includes('--write') || !QUICK;
const argOf = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = argOf('--only')?.split(',');
const backends = argOf('--backend')?.split(',') ?? ['cpu', 'wasm'];

interface Job {
  readonly workload: string;
  readonly backend: string;
  readonly args: readonly string[];
}

const WORKLOADS = ['mlp', 'per-example', 'dispatch', 'matmul', 'seed', 'cnn', 'soak'] as const;
const SOAK_MODES: Record<string, readonly string[]> = {
  cpu: ['jaxts-jit', 'jaxts-eager', 'tfjs'],
  wasm: ['jaxts-jit', 'jaxts-eager', 'tfjs', 'jax-js'],
};

function jobs(): Job[] {
  const out: Job[] = [];
  for (const w of WORKLOADS) {
    if (only !== undefined && !only.includes(w)) continue;
    for (const b of backends) {
      const file = `bench/src/suite/${w}.ts`;
      if (w === 'soak') {
        for (const m of SOAK_MODES[b] ?? [])
          out.push({ workload: w, backend: b, args: [file, b, m] });
      } else out.push({ workload: w, backend: b, args: [file, b] });
    }
  }
  return out;
}

/** Runs one workload process; resolves with its rows. Rows are forwarded (for run-bench.mjs). */
function run(job: Job): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const args = [
      '--conditions=@jaxts/source',
      '--import',
      'tsx',
      ...job.args,
      ...(QUICK ? ['--quick'] : []),
    ];
    console.log(`\n$ node ${args.join(' ')}`);
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const rows: Row[] = [];
    let buf = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        // Rows are collected here (and tabled below), not forwarded as rows of run-bench.mjs.
        if (line.startsWith('@@ROW ')) rows.push(JSON.parse(line.slice(6)) as Row);
        else if (!/^=+$|looks like you are running TensorFlow\.js|tfjs-node for more/.test(line))
          console.log(line);
        nl = buf.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(rows);
      else {
        // A failed workload is reported, not fatal: the rest of the suite still runs.
        console.log(`# ${job.args.join(' ')} exited with code ${code}: ${err.slice(-600)}`);
        resolve(rows);
      }
    });
  });
}

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

const val = (r: Row, k: string): number | undefined => r.values[k]?.value;

function cell(r: Row, k: string): string {
  const v = r.values[k];
  if (v === undefined) return '';
  return v.spread ? `${fmt(v.value)} (${fmt(v.spread[0])}–${fmt(v.spread[1])})` : fmt(v.value);
}

/** jaxts time / peer time (for rates: peer rate / jaxts rate); > 1 means jaxts is slower. */
function ratio(r: Row, peer: string): number | undefined {
  const a = val(r, 'jaxts');
  const b = val(r, peer);
  if (a === undefined || b === undefined) return undefined;
  return r.unit === 'GFLOP/s' ? b / a : a / b;
}

interface Verdict {
  readonly target: string;
  readonly value: number | undefined;
  readonly met: boolean | undefined;
}

/** The issue's targets, where a row carries one. */
function targets(r: Row): Verdict[] {
  const out: Verdict[] = [];
  const check = (target: string, value: number | undefined, ok: (v: number) => boolean) =>
    out.push({ target, value, met: value === undefined ? undefined : ok(value) });
  const w = r.workload;
  if (w === 'MLP 784-512-10 b128 step, jit' && r.backend === 'wasm')
    check('jaxts/jax-js ≤ 0.7', ratio(r, 'jax-js'), (v) => v <= 0.7);
  if (w.startsWith('per-example grads') && w.endsWith('jit(vmap(grad))')) {
    if (r.backend === 'wasm') check('jaxts/jax-js ≤ 0.6', ratio(r, 'jax-js'), (v) => v <= 0.6);
    const loop = val(r, 'jaxts loop');
    const j = val(r, 'jaxts');
    check(
      'loop/jaxts ≥ 20',
      loop !== undefined && j !== undefined ? loop / j : undefined,
      (v) => v >= 20,
    );
  }
  if (w === 'add [5] eager') check('jaxts/tfjs ≤ 2.5', ratio(r, 'tfjs'), (v) => v <= 2.5);
  if (w === 'seed part 1 jitted step' || w === 'seed part 2 jitted step')
    check('jaxts/JAX < 1', ratio(r, 'JAX/XLA'), (v) => v < 1);
  if (w.startsWith('soak ')) check('flat', val(r, 'flat'), (v) => v === 1);
  return out;
}

const MAIN = ['jaxts', 'tfjs', 'jax-js', 'JAX/XLA'];

function table(rows: readonly Row[]): string {
  const lines: string[] = [];
  const timed = rows.filter((r) => !r.workload.startsWith('soak '));
  lines.push(
    '| workload | backend | unit | jaxts | tfjs | jax-js | JAX/XLA | jaxts/tfjs | jaxts/jax-js | other | target | met |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of timed) {
    const other = Object.keys(r.values)
      .filter((k) => !MAIN.includes(k))
      .map((k) => `${k} ${cell(r, k)}`)
      .join('; ');
    const ts = targets(r);
    lines.push(
      `| ${[
        r.workload,
        r.backend,
        r.unit,
        ...MAIN.map((k) => cell(r, k)),
        fmt(ratio(r, 'tfjs')),
        fmt(ratio(r, 'jax-js')),
        other,
        ts.map((t) => `${t.target} (${fmt(t.value)})`).join('; '),
        ts.map((t) => (t.met === undefined ? '?' : t.met ? 'yes' : 'no')).join('; '),
      ].join(' | ')} |`,
    );
  }
  const soak = rows.filter((r) => r.workload.startsWith('soak '));
  if (soak.length > 0) {
    // The soak rows' columns in the order they are emitted, optional ones in place.
    const order = [
      'ms/step',
      'live start',
      'live warm',
      'live end',
      'buffers MiB warm',
      'buffers MiB steady',
      'buffers MiB max',
      'buffers MiB end',
      'RSS MiB warm',
      'RSS MiB end',
      'flat',
    ];
    const present = new Set(soak.flatMap((r) => Object.keys(r.values)));
    const cols = [
      ...order.filter((c) => present.has(c)),
      ...[...present].filter((c) => !order.includes(c)),
    ];
    lines.push(
      '',
      `| soak | backend | ${cols.join(' | ')} |`,
      `|---|---|${cols.map(() => '---').join('|')}|`,
    );
    for (const r of soak) {
      lines.push(
        `| ${r.workload.slice(5)} | ${r.backend} | ${cols
          .map((c) => (c === 'flat' ? (val(r, c) === 1 ? 'yes' : 'no') : cell(r, c)))
          .join(' | ')} |`,
      );
    }
  }
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.workload} (${r.backend}): ${r.note}`);
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

function summary(rows: readonly Row[]): string {
  const lines: string[] = [];
  for (const r of rows) {
    for (const t of targets(r)) {
      const mark = t.met === undefined ? 'not measured' : t.met ? 'met' : 'MISSED';
      lines.push(`- ${r.workload} (${r.backend}): ${t.target}: ${fmt(t.value)} — ${mark}`);
    }
  }
  return lines.join('\n');
}

const BEGIN = '<!-- issue11-suite:begin (generated by bench/src/suite/index.ts) -->';
const END = '<!-- issue11-suite:end -->';

/** Replaces the generated part of the "Issue 11 suite" section (or appends the section). */
function writeResults(md: string): void {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const block = `${BEGIN}\n${md}\n${END}`;
  const b = old.indexOf(BEGIN);
  const e = old.indexOf(END);
  const next =
    b >= 0 && e > b
      ? old.slice(0, b) + block + old.slice(e + END.length)
      : `${old.trimEnd()}\n\n## Issue 11 suite\n\n${block}\n`;
  writeFileSync(file, next);
}

async function main(): Promise<void> {
  const m = machine();
  const started = new Date();
  const t0 = performance.now();
  const rows: Row[] = [];
  for (const job of jobs()) rows.push(...(await run(job)));
  const minutes = (performance.now() - t0) / 60000;
  const cmd =
    argv.length === 0 || (argv.length === 1 && QUICK)
      ? `node scripts/run-bench.mjs --suite${QUICK ? ' --quick' : ''}`
      : `node --conditions=@jaxts/source --import tsx bench/src/suite/index.ts ${argv.join(' ')}`;
  const md = [
    `Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}; ${started.toISOString()}; load average at start ${m.loadavg.join(' / ')}; ${minutes.toFixed(1)} min.`,
    `Command: \`${cmd}\` (\`pnpm bench\` runs it after the issue 3 benchmarks; \`--quick\`: fewer rounds, 2,000-step soaks).`,
    '',
    'Medians over interleaved rounds after warm-up, interquartile range in parentheses; one process per workload and backend. ' +
      'Ratios are jaxts time / peer time (GFLOP/s rows: peer rate / jaxts rate), so below 1 means jaxts is faster. ' +
      '@jax-js/jax 0.1.25 runs on its wasm device (one thread), shown on the wasm rows. ' +
      'JAX/XLA: JAX 0.10.2 on XLA CPU, measured on this machine (issue 11), not runnable from Node.',
    '',
    table(rows),
    '',
    '**Targets**',
    '',
    summary(rows),
  ].join('\n');
  console.log(`\n${md}`);
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'out', QUICK ? 'suite-quick.md' : 'suite.md'), `${md}\n`);
  writeFileSync(
    join(ROOT, 'bench', 'out', QUICK ? 'suite-quick.json' : 'suite.json'),
    `${JSON.stringify({ rows }, null, 2)}\n`,
  );
  if (WRITE) writeResults(md);
}

await main();
