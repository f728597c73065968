/**
 * vmap's errors keep JAX's wording (inventory 3.5): tests match the key phrases and the classes.
 */
import { TreePrefixError } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor, UnexpectedTracerError } from '@jaxts/tensor';
import {
  AxesSpecError,
  AxisSizeError,
  type InAxes,
  InvalidLeafError,
  MappedAxisError,
  MappedOutputError,
  vmap,
} from '@jaxts/vmap';
import { describe, expect, it } from 'vitest';

const add = (x: Tensor, y: Tensor) => x.add(y);
const z = (...shape: number[]) => jnp.zeros(shape);

describe('vmap error messages', () => {
  it('inconsistent sizes list every size with its argument (JAX wording)', () => {
    expect(() => vmap(add)(z(3), z(4))).toThrow(AxisSizeError);
    expect(() => vmap(add)(z(3), z(4))).toThrow(
      'vmap got inconsistent sizes for array axes to be mapped:\n' +
        '  * one axis had size 3: axis 0 of args[0] of type float32[3];\n' +
        '  * one axis had size 4: axis 0 of args[1] of type float32[4]\n',
    );
  });

  it('the majority form and pytree key paths', () => {
    const f = (a: Tensor, b: Tensor, c: { b: Tensor }) => a.sum().add(b.sum()).add(c.b.sum());
    expect(() => vmap(f)(z(10, 4), z(10), { b: z(4) })).toThrow(
      '  * most axes (2 of them) had size 10, e.g. axis 0 of args[0] of type float32[10,4];\n' +
        "  * one axis had size 4: axis 0 of args[2]['b'] of type float32[4]",
    );
  });

  it('a mismatch with axisSize names the axis_size argument', () => {
    expect(() => vmap((x: Tensor) => x, { axisSize: 4 })(z(3))).toThrow(
      '  * the `axis_size` argument was 4;\n  * one axis had size 3: axis 0 of args[0] of type float32[3]',
    );
  });

  it('an axis beyond the rank', () => {
    expect(() => vmap((x: Tensor) => x, { inAxes: 1 })(z(3))).toThrow(MappedAxisError);
    expect(() => vmap((x: Tensor) => x, { inAxes: 1 })(z(3))).toThrow(
      'vmap was requested to map its argument along axis 1, which implies that its rank should be at least 2, but is only 1 (its shape is (3,))',
    );
    expect(() => vmap((x: Tensor) => x)(jnp.array(1))).toThrow(
      'rank should be at least 1, but is only 0 (its shape is ())',
    );
    expect(() => vmap((x: Tensor) => x, { inAxes: -3 })(z(3, 2))).toThrow(
      'rank should be at least 3, but is only 2',
    );
  });

  it('in_axes with the wrong length', () => {
    expect(() => vmap(add, { inAxes: [0] })(z(3), z(3))).toThrow(AxesSpecError);
    expect(() => vmap(add, { inAxes: [0] })(z(3), z(3))).toThrow(
      'vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function, but got len(in_axes)=1, len(args)=2',
    );
  });

  it('in_axes / out_axes of the wrong types', () => {
    const bad = (inAxes: unknown) => () => vmap((x: Tensor) => x, { inAxes: inAxes as InAxes });
    expect(bad(0.5)).toThrow('but got 0.5.');
    expect(bad(true)).toThrow('vmap in_axes must be an int, None, or a tuple of entries');
    expect(bad({ a: 0 })).toThrow("but got {'a': 0}.");
    expect(bad([jnp.array(0)])).toThrow(
      'vmap in_axes must be an int, None, or (nested) container with those types as leaves, but got [Tensor(i32[])]',
    );
    expect(bad(['0'])).toThrow(AxesSpecError);
    expect(() => vmap((x: Tensor) => x, { outAxes: [0.5] as never })).toThrow(
      'vmap out_axes must be an int, None, or (nested) container with those types as leaves',
    );
    expect(() => vmap((x: Tensor) => x, { axisName: 3 as never })).toThrow(AxesSpecError);
    expect(() => vmap((x: Tensor) => x, { axisSize: -1 })).toThrow(AxesSpecError);
  });

  it('in_axes that is not a tree prefix of the arguments', () => {
    const f = vmap((d: { b: Tensor }) => d.b, { inAxes: [{ a: 0 }] as never });
    expect(() => f({ b: z(3) })).toThrow(TreePrefixError);
    expect(() => f({ b: z(3) })).toThrow(
      'vmap: in_axes specification must be a tree prefix of the corresponding value',
    );
  });

  it('nothing mapped and no axisSize; no arguments at all', () => {
    expect(() => vmap((x: Tensor) => x, { inAxes: null })(z(3))).toThrow(
      'vmap must have at least one non-None value in in_axes or axis_size must be specified',
    );
    expect(() => vmap(() => jnp.array(1))()).toThrow(
      'vmap wrapped function must be passed at least one argument containing an array or axis_size must be specified, got empty *args=() and **kwargs={}',
    );
  });

  it('out_axes null on a mapped output', () => {
    expect(() => vmap((x: Tensor) => x, { outAxes: null })(z(3))).toThrow(MappedOutputError);
    expect(() => vmap((x: Tensor) => x, { outAxes: null })(z(3))).toThrow(
      'at vmap out_axes, got axis spec None but output was batched on axis 0',
    );
    expect(() => vmap((x: Tensor) => [x.sum(), x], { outAxes: [null, null] })(z(3, 2))).toThrow(
      'at vmap out_axes[0], got axis spec None but output was batched on axis 0',
    );
    expect(() =>
      vmap((x: Tensor) => [x, x], { outAxes: [0, null], axisName: 'foo' })(z(3)),
    ).toThrow('vmap has mapped output (axis_name=foo) but out_axes is None');
  });

  it('out_axes out of range, or not a prefix of the output', () => {
    expect(() => vmap((x: Tensor) => x, { outAxes: 2 })(z(3))).toThrow(
      'axis 2 is out of bounds for array of dimension 1',
    );
    expect(() => vmap((x: Tensor) => x, { outAxes: [0, 0] })(z(3))).toThrow(
      'vmap: out_axes specification must be a tree prefix of the corresponding value',
    );
  });

  it('non-array leaves', () => {
    expect(() => vmap((x: unknown) => x)('hi' as never)).toThrow(InvalidLeafError);
    expect(() => vmap((x: Tensor) => ({ x, s: 'str' }))(z(3))).toThrow(
      /output\['s'\] of type string/,
    );
  });

  it('a tracer that escapes vmap', () => {
    let leaked: Tensor | null = null;
    vmap((x: Tensor) => {
      leaked = x;
      return x;
    })(z(3));
    expect(() => (leaked as unknown as Tensor).add(1)).toThrow(UnexpectedTracerError);
  });
});
