#!/usr/bin/env node
// Runs the benchmark suite in bench/src (issue 3): each script in its own Node process, with tsx
// and the `@jaxts/source` condition (no build needed), then prints the collected rows as Markdown
// tables (the format of bench/RESULTS.md) and writes them to bench/out/results.{json,md}.
//
// Usage: node scripts/run-bench.mjs [--quick] [--only dispatch,matmul,random,soak,jit,suite] [--suite]
//   --quick   fewer rounds and 2,000-step soaks
//   --suite   only the issue 11 suite (bench/src/suite/index.ts: side-by-side table against
//             hand-written tfjs, @jax-js/jax and JAX/XLA; it rewrites its section of
//             bench/RESULTS.md on full runs)

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const QUICK = process.argv.includes('--quick');
const onlyArg = process.argv.find((_a, i) => process.argv[i - 1] === '--only');
const ONLY = process.argv.includes('--suite')
  ? new Set(['suite'])
  : onlyArg
    ? new Set(onlyArg.split(','))
    : null;

const JOBS = [
  { name: 'dispatch', args: ['bench/src/dispatch.ts'] },
  { name: 'matmul', args: ['bench/src/matmul.ts'] },
  { name: 'random', args: ['bench/src/random.ts'] },
  { name: 'soak', args: ['bench/src/soak.ts', 'jaxts-wasm'] },
  { name: 'soak', args: ['bench/src/soak.ts', 'jaxts-wasm-sync'] },
  { name: 'soak', args: ['bench/src/soak.ts', 'jaxts-cpu'] },
  { name: 'soak', args: ['bench/src/soak.ts', 'tfjs-wasm-tidy'] },
  { name: 'soak', args: ['bench/src/soak.ts', 'tfjs-wasm-notidy'] },
  // jit (issue 7): call overhead, elementwise chains, seed steps, passes on/off, MLP step.
  { name: 'jit', args: ['bench/src/jit-bench.ts'] },
  { name: 'jit', args: ['bench/src/jit-mlp.ts'] },
  // The issue 11 suite spawns one process per workload and backend itself.
  { name: 'suite', args: ['bench/src/suite/index.ts'] },
];

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Runs one script; resolves with the rows it printed (lines starting with `@@ROW `). */
function runJob(job) {
  return new Promise((resolve, reject) => {
    const args = [
      '--conditions=@jaxts/source',
      '--import',
      'tsx',
      ...job.args,
      ...(QUICK ? ['--quick'] : []),
    ];
    console.log(`\n$ node ${args.join(' ')}`);
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const rows = [];
    let buf = '';
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('@@ROW ')) rows.push(JSON.parse(line.slice(6)));
        else if (
          !/^=+$|looks like you are running TensorFlow\.js in Node|tfjs-node for more/.test(line)
        )
          console.log(line);
        nl = buf.indexOf('\n');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${job.args.join(' ')} exited with code ${code}`));
      else resolve(rows);
    });
  });
}

function fmt(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function cell(v) {
  if (v === undefined) return '';
  return v.spread ? `${fmt(v.value)} (${fmt(v.spread[0])}–${fmt(v.spread[1])})` : fmt(v.value);
}

/** One Markdown table per bench, with the union of the rows' columns. */
function tables(rows) {
  const out = [];
  for (const bench of [...new Set(rows.map((r) => r.bench))]) {
    const rs = rows.filter((r) => r.bench === bench);
    const cols = [...new Set(rs.flatMap((r) => Object.keys(r.values)))];
    const hasRatio = rs.some((r) => r.ratio);
    const head = ['workload', 'backend', 'unit', ...cols, ...(hasRatio ? ['ratio', 'target'] : [])];
    out.push(`### ${bench}\n`);
    out.push(`| ${head.join(' | ')} |`);
    out.push(`|${head.map(() => '---').join('|')}|`);
    for (const r of rs) {
      const ratio = r.ratio
        ? [`${r.ratio.of} / ${r.ratio.to} = ${r.ratio.value.toFixed(2)}`, r.ratio.target ?? '']
        : hasRatio
          ? ['', '']
          : [];
      out.push(
        `| ${[r.workload, r.backend, r.unit, ...cols.map((c) => cell(r.values[c])), ...ratio].join(' | ')} |`,
      );
    }
    const notes = rs.filter((r) => r.note).map((r) => `- ${r.workload} (${r.backend}): ${r.note}`);
    if (notes.length > 0) out.push('', ...notes);
    out.push('');
  }
  return out.join('\n');
}

const started = new Date();
const load0 = loadavg();
const rows = [];
for (const job of JOBS) {
  if (ONLY && !ONLY.has(job.name)) continue;
  rows.push(...(await runJob(job)));
}
const load1 = loadavg();
const header = [
  `Machine: ${cpuModel()}, ${cpus().length} cores, Node ${process.version}, ${started.toISOString()}`,
  `Command: node scripts/run-bench.mjs${QUICK ? ' --quick' : ''}${process.argv.includes('--suite') ? ' --suite' : ''}${onlyArg ? ` --only ${onlyArg}` : ''}`,
  `Load average (1 min) at start / end: ${load0[0].toFixed(2)} / ${load1[0].toFixed(2)}`,
  'Times are medians with the interquartile range in parentheses (rates: the same quantiles).',
  '',
].join('\n');
const md = `${header}\n${tables(rows)}`;
console.log(`\n${md}`);
mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'out', 'results.json'),
  `${JSON.stringify({ header, rows }, null, 2)}\n`,
);
writeFileSync(join(ROOT, 'bench', 'out', 'results.md'), md);
