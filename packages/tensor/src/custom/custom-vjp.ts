/**
 * customVjp: a function with a user-defined reverse-mode rule (jax.custom_vjp):
 * `f = customVjp(fn); f.defVjp(fwd, bwd)` with `fwd(...args) → [out, residuals]` and
 * `bwd(residuals, ct) → [ct_arg0, ct_arg1, ...]` (one entry per argument, like JAX's tuple).
 * Under a transformation it binds `custom_vjp_call`; @jaxts/grad turns it into the forward
 * function plus a `custom_lin` whose transpose calls bwd.
 */
import { type TreeDef, tree } from '@jaxts/frozendict';
import { bind } from '../core/bind.ts';
import { leafAval } from '../jaxpr/make-jaxpr.ts';
import { isTracing } from '../numpy/composite.ts';
import { asTensor } from '../numpy/convert.ts';
import { zerosLike } from '../numpy/creation.ts';
import { Tensor } from '../tensor.ts';
import { CustomRuleError } from './custom-jvp.ts';
import { stageWithHoistedConsts } from './stage.ts';

export interface CustomVjpFunction<A extends unknown[], R> {
  (...args: A): R;
  defVjp<Res>(
    fwd: (...args: A) => readonly [R, Res],
    bwd: (residuals: Res, ct: R) => readonly unknown[],
  ): CustomVjpFunction<A, R>;
}

export function customVjp<A extends unknown[], R>(fun: (...args: A) => R): CustomVjpFunction<A, R> {
  const name = fun.name !== '' ? fun.name : '<lambda>';
  let fwdFn: ((...args: A) => readonly [R, unknown]) | null = null;
  let bwdFn: ((res: unknown, ct: R) => readonly unknown[]) | null = null;

  const call = (...args: A): R => {
    if (fwdFn === null || bwdFn === null) {
      throw new CustomRuleError(`No VJP defined for custom_vjp function ${name} using defVjp.`);
    }
    const anyTracer = (tree.leaves(args) as unknown[]).some(
      (l) => l instanceof Tensor && l._trace !== null,
    );
    if (!isTracing() && !anyTracer) return fun(...args);
    const [leaves, inTree] = tree.flatten(args);
    const avals = leaves.map((l, i) => leafAval(`customVjp(${name})`, l, `leaf ${i}`));
    const staged = stageWithHoistedConsts((...a: unknown[]) => fun(...(a as A)), inTree, avals);
    const fwd0 = fwdFn;
    const bwd0 = bwdFn;
    let resTree: TreeDef | null = null;
    const fwd = (...xs: Tensor[]): [Tensor[], Tensor[]] => {
      const [out, res] = fwd0(...(tree.unflatten(inTree, xs) as A));
      const [outLeaves, outDef] = tree.flatten(out);
      if (!outDef.equals(staged.outTree)) {
        throw new CustomRuleError(
          `customVjp (${name}): fwd must return [out, residuals] with out structured like the function's output ${staged.outTree.toString()}; got ${outDef.toString()}.`,
        );
      }
      const [resLeaves, rDef] = tree.flatten(res);
      resTree = rDef;
      return [
        outLeaves.map((l) => asTensor(l as Tensor)),
        resLeaves.map((l) => asTensor(l as Tensor)),
      ];
    };
    const bwd = (residuals: readonly Tensor[], cts: readonly Tensor[]): Tensor[] => {
      const res = tree.unflatten(resTree as unknown as TreeDef, residuals);
      const ct = tree.unflatten(staged.outTree, cts) as R;
      const out = bwd0(res, ct);
      if (!Array.isArray(out) || out.length !== args.length) {
        throw new CustomRuleError(
          `Custom VJP bwd rule must produce an output with the same container (pytree) structure as the args tuple of the primal function, ` +
            `and in particular must produce a tuple of length equal to the number of arguments to the primal function, but got ` +
            `${Array.isArray(out) ? `a tuple of length ${out.length}` : typeof out} for ${args.length} arguments.`,
        );
      }
      // null for an argument means a zero cotangent (JAX's None), e.g. for a non-differentiable one.
      const filled = out.map((ct, i) =>
        ct === null ? tree.map((a: unknown) => zerosLike(asTensor(a as Tensor)), args[i]) : ct,
      );
      const [ctLeaves, ctDef] = tree.flatten(filled);
      if (!ctDef.equals(inTree)) {
        throw new CustomRuleError(
          `Custom VJP bwd rule must produce an output with the same container (pytree) structure as the args tuple of the primal function; ` +
            `got bwd output structure ${ctDef.toString()} for primal input structure ${inTree.toString()}.`,
        );
      }
      return ctLeaves.map((l) => asTensor(l as Tensor));
    };
    const tensors = leaves.map((l) => asTensor(l as Tensor));
    const outs = bind('custom_vjp_call', [...staged.consts, ...tensors], {
      name,
      call: staged.call,
      num_consts: staged.consts.length,
      fwd,
      bwd,
    });
    return tree.unflatten(staged.outTree, outs) as R;
  };

  const f = call as CustomVjpFunction<A, R>;
  f.defVjp = (fwd, bwd) => {
    fwdFn = fwd as (...args: A) => readonly [R, unknown];
    bwdFn = bwd as (res: unknown, ct: R) => readonly unknown[];
    return f;
  };
  return f;
}
