/**
 * The optimization pipeline jit runs on a staged program before compiling it: inline nested
 * calls, simplify exact identities, fold constants, merge common subexpressions and drop dead
 * code (twice, since each pass exposes work for the others). Every pass keeps results identical.
 * Fusion happens later, when the program is lowered (program.ts). JAX/XLA: the HLO pass pipeline.
 */
import { ClosedJaxpr } from '../jaxpr/jaxpr.ts';
import { cse } from './passes/cse.ts';
import { dce } from './passes/dce.ts';
import { foldConstants } from './passes/fold.ts';
import { inlineCalls } from './passes/inline.ts';
import { simplify } from './passes/simplify.ts';

/** Which passes run (all by default); benchmarks turn them off one at a time to measure each. */
export interface PassOptions {
  readonly inline: boolean;
  readonly simplify: boolean;
  readonly fold: boolean;
  readonly cse: boolean;
  readonly dce: boolean;
}

export const ALL_PASSES: PassOptions = {
  inline: true,
  simplify: true,
  fold: true,
  cse: true,
  dce: true,
};

function local(closed: ClosedJaxpr, opts: PassOptions): ClosedJaxpr {
  let j = closed.jaxpr;
  if (opts.simplify) j = simplify(j);
  if (opts.cse) j = cse(j);
  if (opts.dce) j = dce(j);
  return j === closed.jaxpr ? closed : new ClosedJaxpr(j, closed.consts);
}

export function optimize(closed: ClosedJaxpr, opts: PassOptions = ALL_PASSES): ClosedJaxpr {
  let c = opts.inline ? inlineCalls(closed) : closed;
  for (let round = 0; round < 2; round++) {
    c = local(c, opts);
    if (opts.fold) c = foldConstants(c);
  }
  return local(c, opts);
}
