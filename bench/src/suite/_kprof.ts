// Kernel-level profile: wraps every registered tfjs kernel of a backend with a timer.
import * as tf from '@tensorflow/tfjs-core';
export const kstats = new Map<
  string,
  { n: number; ms: number; shapes: Map<string, { n: number; ms: number }> }
>();
export function instrument(backend: string): void {
  for (const cfg of tf.getKernelsForBackend(backend)) {
    const orig = cfg.kernelFunc;
    (cfg as { kernelFunc: unknown }).kernelFunc = (args: {
      inputs: Record<string, { shape: number[] }>;
      attrs?: unknown;
    }) => {
      const t0 = performance.now();
      const r = (orig as (a: unknown) => unknown)(args);
      const dt = performance.now() - t0;
      let s = kstats.get(cfg.kernelName);
      if (!s) kstats.set(cfg.kernelName, (s = { n: 0, ms: 0, shapes: new Map() }));
      s.n++;
      s.ms += dt;
      const key =
        Object.values(args.inputs)
          .map((x) => JSON.stringify(x.shape))
          .join('x') +
        ' ' +
        JSON.stringify(args.attrs ?? {}).slice(0, 60);
      let q = s.shapes.get(key);
      if (!q) s.shapes.set(key, (q = { n: 0, ms: 0 }));
      q.n++;
      q.ms += dt;
      return r;
    };
  }
}
export function report(steps: number): void {
  const rows = [...kstats].sort((a, b) => b[1].ms - a[1].ms);
  let tot = 0;
  for (const [, s] of rows) tot += s.ms;
  console.log(`kernels total ${(tot / steps).toFixed(3)} ms/step`);
  for (const [k, s] of rows.slice(0, 15)) {
    console.log(
      `${k.padEnd(16)} ${(s.ms / steps).toFixed(3)} ms/step  ${(s.n / steps).toFixed(1)} calls/step`,
    );
    for (const [sh, q] of [...s.shapes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 4))
      console.log(`     ${(q.ms / steps).toFixed(3)} ${(q.n / steps).toFixed(1)}x ${sh}`);
  }
  kstats.clear();
}
