// End-to-end test of the live training page: serves the built site (docs/.vitepress/dist) on
// localhost, opens /live.html in headless Chromium (Debian's, driven by playwright-core), waits
// for training to finish and checks that the losses the page shows equal those of the same
// training code run here in Node.js, and that the loss chart was drawn. Saves a screenshot to
// .ci-artifacts/live.png. Usage: node docs/e2e/live.mjs [--build]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(docs, '..');
const dist = join(docs, '.vitepress/dist');
const artifacts = join(repo, '.ci-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EPOCHS = 200;
const RTOL = 1e-5;
const ATOL = 1e-7;
// What JAX/Flax/Optax print for the guide's first five epochs (TARGET.md).
const JAX_FIRST_LOSSES = [11.396822, 7.2646255, 5.3305268, 3.5423346, 1.8771799];

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}
const close = (a, b) => Math.abs(a - b) <= ATOL + RTOL * Math.abs(b);

if (process.argv.includes('--build') || !existsSync(join(dist, 'live.html'))) {
  execFileSync('node', ['scripts/build.mjs'], { cwd: docs, stdio: 'inherit' });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain',
};

/** A static file server for the built site, bound to the loopback interface only. */
function serve(root) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// 1. The same training function in Node.js (the packages' dist builds, as the page bundles).
const started = Date.now();
const { summary, train } = await tsImport('../live/train.ts', import.meta.url);
const nodeLosses = await train({ epochs: EPOCHS });
console.log(`node: trained ${EPOCHS} epochs in ${((Date.now() - started) / 1000).toFixed(1)}s`);
check(
  JAX_FIRST_LOSSES.every((l, i) => Math.abs(nodeLosses[i] - l) <= 1e-5 * l),
  `node: the first five losses are JAX's (${nodeLosses
    .slice(0, 5)
    .map((l) => l.toPrecision(8))
    .join(', ')})`,
);

// 2. The page in headless Chromium.
const server = await serve(dist);
const { port } = server.address();
const userDataDir = mkdtempSync(join(tmpdir(), 'jaxts-e2e-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 1400 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url ?? ''}`.trim());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${port}/live.html`, { waitUntil: 'load' });
  await page.waitForSelector('.live[data-status="done"], .live[data-status="error"]', {
    timeout: 300_000,
  });
  const status = await page.getAttribute('.live', 'data-status');
  const message = (await page.textContent('.live .status'))?.trim();
  console.log(`browser: ${message} (${((Date.now() - t0) / 1000).toFixed(1)}s with page load)`);
  check(status === 'done', `browser: training finished (status ${status})`);

  const shown = (
    await page.$$eval('li.loss-value', (els) => els.map((e) => e.getAttribute('data-loss')))
  ).map(Number);
  check(
    shown.length === EPOCHS,
    `browser: the page shows ${shown.length} losses, expected ${EPOCHS}`,
  );
  const bad = shown.findIndex((l, i) => !close(l, nodeLosses[i]));
  check(
    shown.length === nodeLosses.length && bad < 0,
    bad < 0
      ? `browser: every loss equals the Node.js run within rtol ${RTOL} (last: ${shown.at(-1)} vs ${nodeLosses.at(-1)})`
      : `browser: epoch ${bad + 1} loss ${shown[bad]} differs from Node.js ${nodeLosses[bad]}`,
  );

  const d = (await page.getAttribute('svg.chart path.loss', 'd')) ?? '';
  const points = (d.match(/[ML]-?[\d.]+,-?[\d.]+/g) ?? []).length;
  const box = await page.locator('svg.chart path.loss').boundingBox();
  check(
    points === EPOCHS && box !== null && box.width > 100 && box.height > 20,
    `browser: the loss chart has a path with ${points} points (${box ? `${Math.round(box.width)}x${Math.round(box.height)} px` : 'not rendered'})`,
  );
  const table = (await page.textContent('pre.tabulate')) ?? '';
  const lines = (t) =>
    t
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .trim();
  check(
    lines(table) === lines(summary()) && table.includes('MLP Summary'),
    `browser: the tabulate summary equals the Node.js one (${table.includes('MLP Summary') ? 'MLP Summary' : 'class name lost'}, ${/Total Parameters: [^\n]*/.exec(table)?.[0].trim()})`,
  );
  check(
    errors.length === 0,
    `browser: no page errors${errors.length ? `: ${errors.join(' | ')}` : ''}`,
  );

  mkdirSync(artifacts, { recursive: true });
  await page.locator('.live').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'live.png'), fullPage: true });
  console.log(`screenshot: ${join(artifacts, 'live.png')}`);
} finally {
  await context.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`e2e live page: FAILED (${failures.length} check(s))`);
  process.exit(1);
}
console.log('e2e live page: all checks ok');
