/**
 * jit: stages a function to a jaxpr once per signature (input tree structure, shapes, dtypes,
 * weak types, static arguments, backend), caches it, optimizes and compiles it (optimize.ts,
 * program.ts), and runs the compiled program straight on the kernels. Under a transformation
 * (grad, vmap, makeJaxpr, an outer jit) it binds the `jit` primitive instead, so makeJaxpr shows
 * `jit[name=f jaxpr={...}]` and other traces see its sub-program. JAX: jax.jit.
 *
 * JavaScript side effects in `f` (console.log, pushing to an array, reading a global) run once
 * per trace, i.e. when a new signature is seen, never on cached calls: as in JAX, the traced
 * program is what runs. Values read from outside `f` are baked in as constants at trace time;
 * pass anything that changes as an argument (or as a static argument, to retrace on change).
 */
import { type TreeDef, tree } from '@jaxts/frozendict';
import { backendName, currentBackend } from '../backend/engine.ts';
import type { ShapedArray } from '../core/aval.ts';
import { bind } from '../core/bind.ts';
import { traceState } from '../core/trace.ts';
import { InvalidArgumentError } from '../errors.ts';
import { ClosedJaxpr, Jaxpr } from '../jaxpr/jaxpr.ts';
import { stageToJaxpr } from '../jaxpr/jaxpr-trace.ts';
import { asTensor } from '../numpy/convert.ts';
import { ArrayImpl, Tensor } from '../tensor.ts';
import { compileArgsMatcher } from './fast-flatten.ts';
import { paramNames } from './param-names.ts';
import {
  type CompilerOptions,
  type Program,
  type ProgramStats,
  programFor,
  setCompilerOptions,
} from './program.ts';
import { staticKey } from './static-key.ts';

export type { CompilerOptions, ProgramStats } from './program.ts';

export interface JitOptions {
  /** Positions of arguments that are compile-time constants (hashed by value or identity). */
  readonly staticArgnums?: number | readonly number[];
  /**
   * Names of parameters that are static, resolved to positions from `f`'s parameter list (JAX's
   * static_argnames; JavaScript has no keyword arguments, so a name selects a position).
   */
  readonly staticArgnames?: string | readonly string[];
  /**
   * Positions of arguments whose arrays the call may consume (JAX's donate_argnums): they are
   * freed as soon as the compiled program has run, so a training step that replaces its
   * parameters gives their memory back at once instead of when the collector finds them. Do not
   * use a donated array after the call. Ignored under a transformation.
   */
  readonly donateArgnums?: number | readonly number[];
  /** A name for the staged sub-program (defaults to the function's name). */
  readonly name?: string;
  /** How the program is optimized and compiled (all optimizations on by default). */
  readonly compilerOptions?: CompilerOptions;
}

/** What `compile` reports: the optimized program and what its compiled form does per run. */
export interface Compiled {
  readonly optimized: ClosedJaxpr;
  readonly stats: ProgramStats;
  /** One line per step of the compiled program (kernel calls, host loops, transfers). */
  readonly plan: readonly string[];
}

export interface Jitted<A extends unknown[], R> {
  (...args: A): R;
  /** The staged program for these arguments (JAX: `jit(f).trace(...).jaxpr`). */
  lower(...args: A): ClosedJaxpr;
  /** The optimized program and its compiled form on the current backend (JAX: `.lower().compile()`). */
  compile(...args: A): Compiled;
  /** Drops every cached trace and program. */
  clearCache(): void;
  /** How many times `f` was traced (once per new signature); for tests and debugging. */
  readonly traceCount: number;
  /** Number of cached signatures. */
  readonly cacheSize: number;
}

interface CacheEntry {
  readonly avals: readonly ShapedArray[];
  /** The staged program with its constants as constvars (what runs eagerly and what lower shows). */
  readonly closed: ClosedJaxpr;
  /** The same program with its constants hoisted to leading arguments (what the primitive carries). */
  readonly hoisted: ClosedJaxpr;
  readonly consts: readonly Tensor[];
  readonly outTree: TreeDef;
  readonly outAvals: readonly ShapedArray[];
  /** False when a constant is a tracer of an enclosing transformation: such a trace is not cached. */
  readonly concrete: boolean;
  /** Which argument leaves are donated (null: none). */
  readonly donated: readonly boolean[] | null;
  program: Program | null;
}

/** The last eager call's signature, checked first on the next call (the hot path of a loop). */
interface LastCall {
  readonly entry: CacheEntry;
  readonly match: (args: readonly unknown[], out: unknown[]) => boolean;
  /** Static argument values, and their keys (for values that are equal but not identical). */
  readonly staticVals: readonly unknown[];
  readonly staticKeys: readonly string[];
}

/** Moves constants into leading invars so the jit equation receives them as arguments. */
function hoistConsts(closed: ClosedJaxpr): ClosedJaxpr {
  const j = closed.jaxpr;
  if (j.constvars.length === 0) return closed;
  return new ClosedJaxpr(new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars), []);
}

function sameAval(x: ShapedArray, y: ShapedArray): boolean {
  if (x === y) return true;
  if (x.dtype !== y.dtype || x.weakType !== y.weakType) return false;
  const s = x.shape;
  const t = y.shape;
  if (s.length !== t.length) return false;
  for (let d = 0; d < s.length; d++) if (s[d] !== t[d]) return false;
  return true;
}

function sameAvals(a: readonly ShapedArray[], b: readonly ShapedArray[]): boolean {
  for (let i = 0; i < a.length; i++)
    if (!sameAval(a[i] as ShapedArray, b[i] as ShapedArray)) return false;
  return true;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object')
    return (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
  return typeof v;
}

function toArray(x: number | readonly number[]): number[] {
  return typeof x === 'number' ? [x] : [...x];
}

export function jit<A extends unknown[], R>(
  f: (...args: A) => R,
  opts: JitOptions = {},
): Jitted<A, R> {
  const name = opts.name ?? (f.name !== '' ? f.name : '<lambda>');
  const api = `jit(${name})`;
  const compilerOptions = opts.compilerOptions ?? {};
  // Parameter names (from f's source) are only needed for staticArgnames and error messages.
  let namesCache: (string | null)[] | null = null;
  const paramNamesOfF = (): (string | null)[] => {
    namesCache ??= paramNames(f as (...args: never[]) => unknown);
    return namesCache;
  };
  const staticNames = opts.staticArgnames === undefined ? [] : toArray2(opts.staticArgnames);
  const names = staticNames.length > 0 ? paramNamesOfF() : [];
  const staticArgnums = toArray(opts.staticArgnums ?? []);
  const donate = toArray(opts.donateArgnums ?? []);
  const invalid = staticNames.filter((n) => !names.includes(n));
  if (invalid.length > 0) {
    throw new InvalidArgumentError(
      `${api}: Jitted function has invalid argnames {${invalid.map((n) => `'${n}'`).join(', ')}} ` +
        'in staticArgnames. Function does not take these args. Its parameters are ' +
        `(${names.map((n) => n ?? '?').join(', ')}); staticArgnames must name plain parameters.`,
    );
  }
  for (const n of staticNames) {
    const i = names.indexOf(n);
    if (!staticArgnums.includes(i)) staticArgnums.push(i);
  }
  const cache = new Map<string, CacheEntry[]>();
  let traceCount = 0;

  /** Normalized static positions for a call with `n` arguments (negative ones count from the end). */
  const staticPositions = (n: number): number[] => {
    const out: number[] = [];
    for (const i of staticArgnums) {
      const j = i < 0 ? i + n : i;
      if (j < 0 || j >= n) {
        throw new InvalidArgumentError(
          `${api}: Jitted function has staticArgnums=(${staticArgnums.join(', ')}${staticArgnums.length === 1 ? ',' : ''}), ` +
            `but only accepts ${n} positional arguments. Pass that many arguments, or fix staticArgnums.`,
        );
      }
      out.push(j);
    }
    return out;
  };

  /** The error JAX gives for a leaf that is not an array, with the leaf's path. */
  const notAnArray = (
    dynamicPositions: readonly number[],
    dynamic: unknown[],
    leafIndex: number,
  ): never => {
    const [pairs] = tree.flattenWithPath(dynamic);
    const [path, leaf] = pairs[leafIndex] as [readonly (string | number)[], unknown];
    const argPos = dynamicPositions[path[0] as number] as number;
    const head = paramNamesOfF()[argPos] ?? `args[${argPos}]`;
    const rest = tree.keystr(path.slice(1));
    throw new InvalidArgumentError(
      `${api}: Error interpreting argument to <function ${name}> as an abstract array. The ` +
        `problematic value is of type ${typeName(leaf)} and was passed to the function at path ` +
        `${head}${rest}. This typically means that a jit-wrapped function was called with a ` +
        'non-array argument, and this argument was not marked as static using the staticArgnums ' +
        'or staticArgnames options of jit.',
    );
  };

  const trace = (
    args: readonly unknown[],
    statics: readonly number[],
    inTree: TreeDef,
    avals: readonly ShapedArray[],
  ): CacheEntry => {
    let outTree: TreeDef | null = null;
    const closed = stageToJaxpr((...tracers: Tensor[]) => {
      const dyn = tree.unflatten(inTree, tracers) as unknown[];
      const full: unknown[] = [];
      let k = 0;
      for (let i = 0; i < args.length; i++) full.push(statics.includes(i) ? args[i] : dyn[k++]);
      traceCount++;
      const out = f(...(full as A));
      const [leaves, def] = tree.flatten(out);
      outTree = def;
      return leaves.map((l) => asTensor(l as Tensor, api));
    }, avals);
    const hoisted = hoistConsts(closed);
    setCompilerOptions(hoisted, compilerOptions);
    setCompilerOptions(closed, compilerOptions);
    return {
      avals,
      closed,
      hoisted,
      consts: closed.consts,
      outTree: outTree as unknown as TreeDef,
      outAvals: closed.outAvals,
      concrete: closed.consts.every((c) => c._trace === null),
      donated: donatedLeaves(inTree, statics, args.length),
      program: null,
    };
  };

  /** For each leaf of the dynamic arguments, whether its argument is donated. */
  const donatedLeaves = (
    inTree: TreeDef,
    statics: readonly number[],
    n: number,
  ): boolean[] | null => {
    if (donate.length === 0) return null;
    const positions: number[] = [];
    for (let i = 0; i < n; i++) if (!statics.includes(i)) positions.push(i);
    const mask: boolean[] = [];
    inTree.children().forEach((child, k) => {
      const p = positions[k] as number;
      const d = donate.includes(p) || donate.includes(p - n);
      for (let j = 0; j < child.numLeaves; j++) mask.push(d);
    });
    return mask;
  };

  /** Frees the donated argument arrays after a run. */
  const consume = (entry: CacheEntry, leaves: readonly unknown[]): void => {
    const mask = entry.donated;
    if (mask === null) return;
    for (let i = 0; i < leaves.length; i++) {
      const l = leaves[i];
      if (mask[i] && l instanceof ArrayImpl) l.dispose();
    }
  };

  interface Prepared {
    readonly entry: CacheEntry;
    readonly leaves: readonly unknown[];
    readonly tracing: boolean;
    readonly inTree: TreeDef;
    readonly statics: readonly number[];
  }

  let last: LastCall | null = null;
  const leafBuf: unknown[] = [];

  /** The hot path: the arguments have the last call's signature; returns its entry or null. */
  const fastEntry = (args: readonly unknown[]): CacheEntry | null => {
    const l = last;
    if (l === null || traceState.dynamic !== null) return null;
    const sv = l.staticVals;
    const n = args.length;
    for (let k = 0; k < sv.length; k++) {
      const i = staticArgnums[k] as number;
      const j = i < 0 ? i + n : i;
      if (j < 0 || j >= n) return null;
      const v = args[j];
      if (!Object.is(v, sv[k]) && staticKey(v, api) !== l.staticKeys[k]) return null;
    }
    leafBuf.length = 0;
    if (!l.match(args, leafBuf)) return null;
    const { entry } = l;
    if (entry.program === null || entry.program.backend !== currentBackend().backend) return null;
    const avals = entry.avals;
    for (let i = 0; i < leafBuf.length; i++) {
      const x = leafBuf[i];
      if (x instanceof ArrayImpl) {
        if (!sameAval(x.aval, avals[i] as ShapedArray)) return null;
      } else if (x instanceof Tensor) return null;
      else if (!sameAval(asTensor(x as number).aval, avals[i] as ShapedArray)) return null;
    }
    return entry;
  };

  const remember = (args: readonly unknown[], p: Prepared): void => {
    const positions: number[] = [];
    for (let i = 0; i < args.length; i++) if (!p.statics.includes(i)) positions.push(i);
    const match = compileArgsMatcher(p.inTree, positions, args.length);
    if (match === null) {
      last = null;
      return;
    }
    // In staticArgnums order, as fastEntry reads them.
    const staticVals = staticArgnums.map((i) => args[i < 0 ? i + args.length : i]);
    last = {
      entry: p.entry,
      match,
      staticVals,
      staticKeys: staticVals.map((v) => staticKey(v, api)),
    };
  };

  const prepare = (args: readonly unknown[]): Prepared => {
    const n = args.length;
    let dynamic: unknown[];
    let statics: number[] = [];
    let staticPart = '';
    if (staticArgnums.length === 0) dynamic = args as unknown[];
    else {
      statics = staticPositions(n);
      dynamic = [];
      for (let i = 0; i < n; i++) {
        if (statics.includes(i)) staticPart += `${i}=${staticKey(args[i], api)};`;
        else dynamic.push(args[i]);
      }
    }
    const [leaves, inTree] = tree.flatten(dynamic);
    let tracing = traceState.dynamic !== null;
    const avals = new Array<ShapedArray>(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      const l = leaves[i];
      if (l instanceof Tensor) {
        avals[i] = l.aval;
        if (l._trace !== null) tracing = true;
      } else if (typeof l === 'number' || typeof l === 'boolean') {
        avals[i] = asTensor(l).aval;
      } else {
        const dynPositions: number[] = [];
        for (let j = 0; j < n; j++) if (!statics.includes(j)) dynPositions.push(j);
        notAnArray(dynPositions, dynamic, i);
      }
    }
    const key = `${backendName()}|${inTree.key}|${staticPart}`;
    let entries = cache.get(key);
    let entry = entries?.find((e) => sameAvals(e.avals, avals));
    if (entry === undefined) {
      entry = trace(args, statics, inTree, avals);
      // A trace that closed over an enclosing transformation's tracers is only valid now.
      if (entry.concrete) {
        if (entries === undefined) {
          entries = [];
          cache.set(key, entries);
        }
        entries.push(entry);
      }
    }
    return { entry, leaves, tracing: tracing || !entry.concrete, inTree, statics };
  };

  const call = (...args: A): R => {
    // The hot path: the last call's signature again. No pytree flattening into a TreeDef, no
    // cache key, no tracing, no abstract evaluation: the compiled program runs on the buffers.
    const hit = fastEntry(args);
    if (hit !== null) {
      const outs = (hit.program as Program).runLeaves(leafBuf, hit.outAvals);
      consume(hit, leafBuf);
      leafBuf.length = 0;
      return tree.unflatten(hit.outTree, outs) as R;
    }
    const p = prepare(args);
    const { entry, leaves } = p;
    if (p.tracing) {
      const tensors = leaves.map((l) => asTensor(l as Tensor, api));
      const outs = bind('jit', [...entry.consts, ...tensors], { name, jaxpr: entry.hoisted });
      return tree.unflatten(entry.outTree, outs) as R;
    }
    let program = entry.program;
    if (program === null || program.backend !== currentBackend().backend) {
      program = programFor(entry.closed, compilerOptions);
      entry.program = program;
    }
    remember(args, p);
    const outs = program.runLeaves(leaves, entry.outAvals);
    consume(entry, leaves);
    return tree.unflatten(entry.outTree, outs) as R;
  };

  const jitted = call as Jitted<A, R>;
  Object.defineProperty(jitted, 'lower', {
    value: (...args: A): ClosedJaxpr => prepare(args).entry.closed,
  });
  Object.defineProperty(jitted, 'compile', {
    value: (...args: A): Compiled => {
      const p = programFor(prepare(args).entry.closed, compilerOptions);
      return { optimized: p.optimized, stats: p.stats, plan: p.plan };
    },
  });
  Object.defineProperty(jitted, 'clearCache', {
    value: (): void => {
      cache.clear();
      last = null;
    },
  });
  Object.defineProperty(jitted, 'traceCount', { get: () => traceCount });
  Object.defineProperty(jitted, 'cacheSize', {
    get: () => {
      let n = 0;
      for (const es of cache.values()) n += es.length;
      return n;
    },
  });
  return jitted;
}

function toArray2(x: string | readonly string[]): string[] {
  return typeof x === 'string' ? [x] : [...x];
}
