/**
 * jit: stages a function to a jaxpr once per signature (input tree structure, shapes, dtypes,
 * weak types, static arguments, backend), caches the compiled program, and runs it straight on
 * the kernels. Under a transformation it binds the `jit` primitive, so makeJaxpr shows the
 * sub-program and other traces see its equations. JAX: jax.jit.
 *
 * JavaScript side effects in `f` run once per trace (when a new signature is seen), as in JAX.
 */
import { type TreeDef, tree } from '@jaxts/frozendict';
import { backendName } from '../backend/engine.ts';
import type { ShapedArray } from '../core/aval.ts';
import { bind } from '../core/bind.ts';
import { InvalidArgumentError } from '../errors.ts';
import { ClosedJaxpr, Jaxpr } from '../jaxpr/jaxpr.ts';
import { stageToJaxpr } from '../jaxpr/jaxpr-trace.ts';
import { leafAval } from '../jaxpr/make-jaxpr.ts';
import { isTracing } from '../numpy/composite.ts';
import { asTensor } from '../numpy/convert.ts';
import { Tensor } from '../tensor.ts';
import { staticKey } from './static-key.ts';

export interface JitOptions {
  /** Positions of arguments that are compile-time constants (hashed by value or identity). */
  readonly staticArgnums?: number | readonly number[];
  /** A name for the staged sub-program (defaults to the function's name). */
  readonly name?: string;
}

interface CacheEntry {
  /** The staged program with its constants hoisted to leading arguments. */
  readonly jaxpr: ClosedJaxpr;
  readonly consts: readonly Tensor[];
  readonly outTree: TreeDef;
}

export interface Jitted<A extends unknown[], R> {
  (...args: A): R;
  /** The staged program for these arguments (JAX: `jit(f).trace(...).jaxpr`). */
  lower(...args: A): ClosedJaxpr;
  /** How many times `f` was traced (one per new signature); for tests and debugging. */
  readonly traceCount: number;
  /** Number of cached signatures. */
  readonly cacheSize: number;
}

function avalKey(a: ShapedArray): string {
  return `${a.dtype}${a.weakType ? 'w' : ''}[${a.shape.join(',')}]`;
}

/** Moves constants into leading invars so the jit equation receives them as arguments. */
function hoistConsts(closed: ClosedJaxpr): { jaxpr: ClosedJaxpr; consts: readonly Tensor[] } {
  const j = closed.jaxpr;
  if (j.constvars.length === 0) return { jaxpr: closed, consts: [] };
  const open = new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars);
  return { jaxpr: new ClosedJaxpr(open, []), consts: closed.consts };
}

export function jit<A extends unknown[], R>(
  f: (...args: A) => R,
  opts: JitOptions = {},
): Jitted<A, R> {
  const rawStatic = opts.staticArgnums ?? [];
  const staticArgnums = [...(typeof rawStatic === 'number' ? [rawStatic] : rawStatic)];
  const name = opts.name ?? (f.name !== '' ? f.name : '<lambda>');
  const cache = new Map<string, CacheEntry>();
  let traceCount = 0;

  const split = (
    args: A,
  ): { dynamic: unknown[]; staticParts: string[]; staticVals: Map<number, unknown> } => {
    const n = args.length;
    const staticVals = new Map<number, unknown>();
    for (const i of staticArgnums) {
      const j = i < 0 ? i + n : i;
      if (j < 0 || j >= n) {
        throw new InvalidArgumentError(
          `jit: Jitted function has staticArgnums=[${staticArgnums.join(', ')}], but only accepts ${n} positional arguments.`,
        );
      }
      staticVals.set(j, args[j]);
    }
    const dynamic: unknown[] = [];
    const staticParts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (staticVals.has(i)) staticParts.push(`${i}=${staticKey(args[i], 'jit')}`);
      else dynamic.push(args[i]);
    }
    return { dynamic, staticParts, staticVals };
  };

  const trace = (
    args: A,
    staticVals: Map<number, unknown>,
    inTree: TreeDef,
    avals: ShapedArray[],
  ): CacheEntry => {
    let outTree: TreeDef | null = null;
    const closed = stageToJaxpr((...tracers: Tensor[]) => {
      const dyn = tree.unflatten(inTree, tracers) as unknown[];
      const full: unknown[] = [];
      let k = 0;
      for (let i = 0; i < args.length; i++)
        full.push(staticVals.has(i) ? staticVals.get(i) : dyn[k++]);
      traceCount++;
      const out = f(...(full as A));
      const [leaves, def] = tree.flatten(out);
      outTree = def;
      return leaves.map((l) => asTensor(l as Tensor, 'jit'));
    }, avals);
    const { jaxpr, consts } = hoistConsts(closed);
    return { jaxpr, consts, outTree: outTree as unknown as TreeDef };
  };

  const call = (...args: A): R => {
    const { dynamic, staticParts, staticVals } = split(args);
    const [leaves, inTree] = tree.flatten(dynamic);
    const avals = leaves.map((l, i) => leafAval(`jit(${name})`, l, `argument leaf ${i}`));
    const tensors = leaves.map((l) => (l instanceof Tensor ? l : asTensor(l as number)));
    const tracing = isTracing() || tensors.some((t) => t._trace !== null);
    let entry: CacheEntry;
    if (tracing) {
      // Under a transformation the function may close over tracers: retrace, never cache.
      entry = trace(args, staticVals, inTree, avals);
    } else {
      const key = `${backendName()}|${inTree.toString()}|${avals.map(avalKey).join(';')}|${staticParts.join(';')}`;
      let hit = cache.get(key);
      if (hit === undefined) {
        hit = trace(args, staticVals, inTree, avals);
        cache.set(key, hit);
      }
      entry = hit;
    }
    const outs = bind('jit', [...entry.consts, ...tensors], { name, jaxpr: entry.jaxpr });
    return tree.unflatten(entry.outTree, outs) as R;
  };

  const jitted = call as Jitted<A, R>;
  Object.defineProperty(jitted, 'lower', {
    value: (...args: A): ClosedJaxpr => {
      const { dynamic, staticVals } = split(args);
      const [leaves, inTree] = tree.flatten(dynamic);
      const avals = leaves.map((l, i) => leafAval(`jit(${name})`, l, `argument leaf ${i}`));
      return trace(args, staticVals, inTree, avals).jaxpr;
    },
  });
  Object.defineProperty(jitted, 'traceCount', { get: () => traceCount });
  Object.defineProperty(jitted, 'cacheSize', { get: () => cache.size });
  return jitted;
}
