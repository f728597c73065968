/**
 * Misuse errors, in JAX's wording where JAX has a well-known message (inventory 3.5; JAX:
 * tests/api_test.py test_grad_nonscalar_output, test_grad_and_aux_error, test_grad_of_int_errors,
 * test_grad_without_enough_args_error_message, test_jvp_mismatched_arguments,
 * test_vjp_bad_cotangent_shape, custom_jvp / custom_vjp rule errors).
 */
import {
  CustomRuleError,
  customJvp,
  customVjp,
  GradTypeError,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jvp,
  linearize,
  TangentMismatchError,
  valueAndGrad,
  vjp,
} from '@jaxts/grad';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[]): Tensor => jnp.array(x, 'float32');
const id = (x: Tensor): Tensor => x;

describe('grad', () => {
  it('of a non-scalar output', () => {
    expect(() => grad(id)(jnp.ones([3]))).toThrow(GradTypeError);
    expect(() => grad(id)(jnp.ones([3]))).toThrow(
      /^Gradient only defined for scalar-output functions\. Output had shape: \[3\]\. To get the gradient, reduce the output to a scalar with output\.sum\(\)/,
    );
    // Size-1 outputs get the extraction hint, as in JAX.
    expect(() => grad(id)(jnp.ones([1]))).toThrow(
      /Output had shape: \[1\]\. To get the gradient, extract the scalar/,
    );
    expect(() => valueAndGrad(id)(jnp.ones([2, 2]))).toThrow('Output had shape: [2, 2].');
  });

  it('of a tuple output without hasAux', () => {
    expect(() => grad((x: Tensor) => [x, x])(f32(1))).toThrow(
      'Gradient only defined for scalar-output functions. Output was (f32[], f32[]).',
    );
  });

  it('hasAux with a result that is not a pair', () => {
    const msg = /^expected function with aux output to return a two-element tuple, but got/;
    expect(() => grad(id, { hasAux: true })(f32(1))).toThrow(msg);
    expect(() => grad((x: Tensor) => [x, x, x], { hasAux: true })(f32(1))).toThrow(msg);
    expect(() => valueAndGrad((x: Tensor) => [x], { hasAux: true })(f32(1))).toThrow(msg);
    expect(() => jvp(id, [f32(1)], [f32(1)], { hasAux: true })).toThrow(msg);
    expect(() => vjp(id, f32(1), { hasAux: true })).toThrow(msg);
    expect(() => jacfwd(id, { hasAux: true })(f32([1]))).toThrow(msg);
  });

  it('argnums out of range', () => {
    const f = (x: Tensor, _y: Tensor) => x;
    expect(() => grad(f, { argnums: 2 })(f32(1), f32(2))).toThrow(
      'differentiating with respect to argnums=2 requires at least 3 positional arguments to be passed by the caller, but got only 2 positional arguments.',
    );
    expect(() => grad(f, { argnums: [0, 2] })(f32(1), f32(2))).toThrow(
      /^differentiating with respect to argnums=\[0,2\] requires at least 3 positional arguments/,
    );
    expect(() => grad(f, { argnums: -3 })(f32(1), f32(2))).toThrow(
      /requires at least 3 positional arguments/,
    );
    expect(() => jacrev(f, { argnums: 5 })(f32(1), f32(2))).toThrow(
      /argnums=5 requires at least 6/,
    );
  });

  it('integer and boolean inputs name the dtype', () => {
    const msg = (dt: string) =>
      `grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got ${dt}. If you want to use Boolean- or integer-valued inputs, use vjp.`;
    expect(() => grad((x: Tensor) => x.astype('float32'))(jnp.array(1, 'int32'))).toThrow(
      msg('int32'),
    );
    expect(() => grad((x: Tensor) => x.astype('float32'))(jnp.array(true))).toThrow(msg('bool'));
    // Any leaf of a pytree argument.
    expect(() =>
      grad((p: { a: Tensor; n: Tensor }) => p.a)({ a: f32(1), n: jnp.array(2, 'int32') }),
    ).toThrow(msg('int32'));
    // PRNG keys (uint32) too.
    expect(() => grad((k: Tensor) => jnp.sum(random.uniform(k, [2])))(random.key(0))).toThrow(
      msg('uint32'),
    );
  });

  it('integer outputs', () => {
    expect(() => grad((x: Tensor) => x.astype('int32'))(f32(1.5))).toThrow(
      'grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got int32. For differentiation of functions with integer outputs, use vjp directly.',
    );
  });

  it('non-array arguments', () => {
    expect(() => grad((_s: unknown) => f32(1))('text')).toThrow(GradTypeError);
    expect(() => grad((_s: unknown) => f32(1))('text')).toThrow(
      /argument leaf 0 is not an array; got string/,
    );
  });
});

describe('jacobians', () => {
  it('jacfwd of integer inputs (JAX mentions np.floating)', () => {
    expect(() => jacfwd(id)(jnp.array([1, 2], 'int32'))).toThrow(
      /^jacfwd requires real-valued inputs \(input dtype that is a sub-dtype of np\.floating\), but got int32\./,
    );
    expect(() => hessian((x: Tensor) => jnp.sum(x))(jnp.array([1, 2], 'int32'))).toThrow(
      /requires real/,
    );
  });
  it('jacrev of integer inputs and outputs', () => {
    expect(() => jacrev(id)(jnp.array([1], 'int32'))).toThrow(
      /^jacrev requires real- or complex-valued inputs \(input dtype that is a sub-dtype of np\.inexact\), but got int32\./,
    );
    expect(() => jacrev((x: Tensor) => x.astype('int32'))(f32([1.5]))).toThrow(
      /^jacrev requires real-valued outputs \(output dtype that is a sub-dtype of np\.floating\), but got int32\./,
    );
  });
});

describe('jvp', () => {
  it('primals and tangents must be arrays of arguments', () => {
    expect(() => jvp(id, f32(1) as unknown as unknown[], [f32(1)])).toThrow(
      /^primal and tangent arguments to jvp must be tuples or lists; found object and array\./,
    );
  });
  it('tree structure mismatch', () => {
    expect(() => jvp((a: Tensor, _b: Tensor) => a, [f32(1), f32(2)], [f32(1)])).toThrow(
      'primal and tangent arguments to jvp must have the same tree structure; primals have tree structure PyTreeDef([*, *]) whereas tangents have tree structure PyTreeDef([*]).',
    );
  });
  it('shape mismatch (JAX: no space after the semicolon)', () => {
    expect(() => jvp(id, [jnp.ones([3])], [jnp.ones([2])])).toThrow(TangentMismatchError);
    expect(() => jvp(id, [jnp.ones([3])], [jnp.ones([2])])).toThrow(
      'jvp called with different primal and tangent shapes;Got primal shape [3] and tangent shape as [2]',
    );
  });
  it('dtype mismatch', () => {
    expect(() => jvp(id, [jnp.ones([3])], [jnp.ones([3], 'int32')])).toThrow(
      /^primal and tangent arguments to jvp do not match; dtypes must be equal\. Got primal dtype float32 and so expected tangent dtype float32, but got tangent dtype int32 instead\./,
    );
  });
  it('linearize tangents with the wrong structure', () => {
    const [, fJvp] = linearize((a: Tensor, b: Tensor) => a.mul(b), f32(1), f32(2));
    expect(() => fJvp(f32(1))).toThrow(TangentMismatchError);
  });
});

describe('vjp', () => {
  it('cotangent of the wrong shape or dtype', () => {
    const [, vjpFn] = vjp(id, jnp.ones([3]));
    expect(() => vjpFn(jnp.ones([2]))).toThrow(
      'unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got f32[2], but expected f32[3] because the corresponding output of the differentiated function had JAX type f32[3]',
    );
    expect(() => vjpFn(jnp.ones([3], 'int32'))).toThrow(/got i32\[3\], but expected f32\[3\]/);
  });
  it('cotangent with the wrong tree structure', () => {
    const [, vjpFn] = vjp(id, jnp.ones([3]));
    expect(() => vjpFn([jnp.ones([3]), jnp.ones([3])])).toThrow(TangentMismatchError);
    expect(() => vjpFn([jnp.ones([3]), jnp.ones([3])])).toThrow(/cotangent has tree structure/);
  });
});

describe('custom rules', () => {
  it('customJvp without a rule (JAX: No JVP defined for custom_jvp function f5 using defjvp.)', () => {
    const f5 = customJvp(function f5(x: Tensor) {
      return jnp.sin(x);
    });
    expect(() => grad(f5)(f32(1))).toThrow(CustomRuleError);
    expect(() => grad(f5)(f32(1))).toThrow(
      'No JVP defined for custom_jvp function f5 using defJvp.',
    );
    // Calling it at all needs the rule, as in JAX.
    expect(() => f5(f32(1))).toThrow('No JVP defined for custom_jvp function f5');
  });

  it('customJvp rule with a wrongly shaped tangent', () => {
    const g = customJvp((x: Tensor) => x).defJvp(([x], _t) => [x, jnp.ones([2])]);
    expect(() => jvp(g, [f32(1)], [f32(1)])).toThrow(
      /Custom JVP rule must produce primal and tangent outputs with corresponding shapes and dtypes\. Expected f32\[\] \(tangent type of f32\[\]\) but got f32\[2\]\./,
    );
    expect(() => grad(g)(f32(1))).toThrow(
      /Custom JVP rule must produce primal and tangent outputs/,
    );
  });

  it('customJvp rule with the wrong output structure', () => {
    const g = customJvp((x: Tensor) => [x, x]).defJvp(([x], [t]) => [[x, x], [t]] as never);
    expect(() => jvp(g, [f32(1)], [f32(1)])).toThrow(CustomRuleError);
  });

  it('customVjp bwd returning something other than a tuple per argument', () => {
    const h = customVjp((x: Tensor) => x.mul(2)).defVjp(
      (x) => [x.mul(2), null],
      (_res, ct) => ct as never,
    );
    expect(() => grad(h)(f32(1))).toThrow(
      /^Custom VJP bwd rule must produce an output with the same container \(pytree\) structure as the args tuple of the primal function, and in particular must produce a tuple of length equal to the number of arguments to the primal function/,
    );
    const two = customVjp((x: Tensor, y: Tensor) => x.mul(y)).defVjp(
      (x, y) => [x.mul(y), [x, y]],
      (_res, ct) => [ct],
    );
    expect(() => grad(two)(f32(1), f32(2))).toThrow(
      /tuple of length equal to the number of arguments/,
    );
  });

  it("forward mode through customVjp (JAX: can't apply forward-mode autodiff (jvp) to a custom_vjp function.)", () => {
    const h = customVjp((x: Tensor) => x.mul(2)).defVjp(
      (x) => [x.mul(2), null],
      (_res, ct) => [ct.mul(2)],
    );
    const msg = /can't apply forward-mode autodiff \(jvp\) to a custom_vjp function/;
    expect(() => jvp(h, [f32(1)], [f32(1)])).toThrow(msg);
    expect(() => jacfwd(h)(f32([1]))).toThrow(msg);
    const [, fJvp] = linearize(h, f32(1));
    expect(() => fJvp(f32(1))).toThrow(msg);
  });

  it('customVjp without a rule', () => {
    const h = customVjp(function h(x: Tensor) {
      return x;
    });
    expect(() => grad(h)(f32(1))).toThrow('No VJP defined for custom_vjp function h using defVjp.');
  });
});
