/**
 * customJvp: a function with a user-defined JVP rule (jax.custom_jvp). Outside any
 * transformation it just runs the function; under one it binds `custom_jvp_call`, which the JVP
 * trace (in @jaxts/grad) answers with the rule and every other trace with the function itself.
 */
import { type TreeDef, tree } from '@jaxts/frozendict';
import { bind } from '../core/bind.ts';
import { JaxtsError } from '../errors.ts';
import { leafAval } from '../jaxpr/make-jaxpr.ts';
import { isTracing } from '../numpy/composite.ts';
import { asTensor } from '../numpy/convert.ts';
import { zeros } from '../numpy/creation.ts';
import { Tensor } from '../tensor.ts';
import { stageWithHoistedConsts } from './stage.ts';

/** A custom_jvp / custom_vjp rule is missing or returned the wrong structure. */
export class CustomRuleError extends JaxtsError {}

export type JvpRuleFn<A extends unknown[], R> = (primals: A, tangents: A) => readonly [R, R];

export interface CustomJvpFunction<A extends unknown[], R> {
  (...args: A): R;
  /** Defines the rule: `(primals, tangents) => [primalOut, tangentOut]` (pytrees like f's). */
  defJvp(rule: JvpRuleFn<A, R>): CustomJvpFunction<A, R>;
}

export interface CustomOptions {
  /** Positions of arguments that are not differentiated (passed to the rule as is). */
  readonly nondiffArgnums?: readonly number[];
}

function sameTypes(
  api: string,
  name: string,
  outs: readonly Tensor[],
  tangents: readonly Tensor[],
): void {
  outs.forEach((o, i) => {
    const t = tangents[i] as Tensor;
    if (!o.aval.sameType(t.aval)) {
      throw new CustomRuleError(
        `${api} (${name}): Custom JVP rule must produce primal and tangent outputs with corresponding shapes and dtypes. ` +
          `Expected ${o.aval.strShort()} (tangent type of ${o.aval.strShort()}) but got ${t.aval.strShort()}.`,
      );
    }
  });
}

export function customJvp<A extends unknown[], R>(
  fun: (...args: A) => R,
  opts: CustomOptions = {},
): CustomJvpFunction<A, R> {
  const name = fun.name !== '' ? fun.name : '<lambda>';
  const nondiff = new Set(opts.nondiffArgnums ?? []);
  let rule: JvpRuleFn<A, R> | null = null;

  const call = (...args: A): R => {
    if (rule === null) {
      throw new CustomRuleError(`No JVP defined for custom_jvp function ${name} using defJvp.`);
    }
    const anyTracer = (tree.leaves(args) as unknown[]).some(
      (l) => l instanceof Tensor && l._trace !== null,
    );
    if (!isTracing() && !anyTracer) return fun(...args);
    const diffIdx = args.map((_, i) => i).filter((i) => !nondiff.has(i));
    const diffArgs = diffIdx.map((i) => args[i]);
    const [leaves, inTree] = tree.flatten(diffArgs);
    const avals = leaves.map((l, i) => leafAval(`customJvp(${name})`, l, `leaf ${i}`));
    const full = (diff: unknown[]): A => {
      const out = [...args];
      diffIdx.forEach((i, k) => {
        out[i] = diff[k];
      });
      return out as A;
    };
    const staged = stageWithHoistedConsts((...d: unknown[]) => fun(...full(d)), inTree, avals);
    const r = rule;
    const jvp = (primals: readonly Tensor[], tangents: readonly Tensor[]): [Tensor[], Tensor[]] => {
      const p = full(tree.unflatten(inTree, primals) as unknown[]);
      const t = full(tree.unflatten(inTree, tangents) as unknown[]);
      const [po, to] = r(p, t);
      const [pLeaves, pDef] = tree.flatten(po);
      const [tLeaves, tDef] = tree.flatten(to);
      if (!pDef.equals(staged.outTree) || !tDef.equals(staged.outTree)) {
        throw new CustomRuleError(
          `customJvp (${name}): the JVP rule must return [primalOut, tangentOut] with the structure of the function's output ${staged.outTree.toString()}; got ${pDef.toString()} and ${tDef.toString()}.`,
        );
      }
      const pt = pLeaves.map((l) => asTensor(l as Tensor));
      const tt = tLeaves.map((l) => asTensor(l as Tensor));
      sameTypes('customJvp', name, pt, tt);
      return [pt, tt];
    };
    const tensors = leaves.map((l) => asTensor(l as Tensor));
    const outs = bind('custom_jvp_call', [...staged.consts, ...tensors], {
      name,
      call: staged.call,
      num_consts: staged.consts.length,
      jvp,
    });
    return tree.unflatten(staged.outTree as TreeDef, outs) as R;
  };

  const f = call as CustomJvpFunction<A, R>;
  f.defJvp = (r: JvpRuleFn<A, R>) => {
    rule = r;
    return f;
  };
  return f;
}

/** Zero tangents of the given arrays (rules receive zeros where JAX has symbolic zeros). */
export function zerosLikeAll(xs: readonly Tensor[]): Tensor[] {
  return xs.map((x) => zeros([...x.shape], x.dtype));
}
