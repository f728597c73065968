/**
 * COMPAT.md cannot drift from the exports: it must equal what scripts/compat.ts renders from
 * `Object.keys(numpy | numpy.linalg | lax | random)` and JAX's names, every export must be
 * either a JAX name or a documented addition, and the ops the issue lists must be there.
 */
import { readFileSync } from 'node:fs';
import { lax, numpy, random } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import {
  additions,
  COMPAT_PATH,
  jaxNames,
  jaxtsExports,
  jaxtsName,
  renderCompat,
  staleNotes,
} from '../scripts/compat.ts';

const REGENERATE =
  'Regenerate it: npx tsx --conditions=@jaxts/source packages/tensor/scripts/compat.ts --write';

describe('COMPAT.md', () => {
  it('is up to date with the exports', () => {
    const onDisk = readFileSync(COMPAT_PATH, 'utf8');
    expect(
      onDisk === renderCompat(),
      `packages/tensor/COMPAT.md is out of date. ${REGENERATE}`,
    ).toBe(true);
  });

  it('lists every export: as a JAX name, or as a documented jaxts addition', () => {
    const undocumented = additions()
      .filter((a) => a.note === undefined)
      .map((a) => `${a.ns}.${a.name}`);
    expect(undocumented, 'add these to ADDITIONS in packages/tensor/scripts/compat.ts').toEqual([]);
    const exports = jaxtsExports();
    expect(exports.numpy.length).toBe(
      Object.keys(numpy).filter((k) => typeof (numpy as Record<string, unknown>)[k] === 'function')
        .length,
    );
    expect(exports.lax).toContain('dotGeneral');
    expect(exports.random).toContain('uniform');
    const text = renderCompat();
    for (const name of Object.keys(lax)) expect(text).toContain(`lax.${name}\``);
    for (const name of Object.keys(random)) expect(text).toContain(`random.${name}\``);
  });

  it('has notes only for names JAX has', () => {
    expect(staleNotes()).toEqual([]);
  });

  it('maps snake_case to camelCase', () => {
    expect(jaxtsName('nan_to_num')).toBe('nanToNum');
    expect(jaxtsName('conv_general_dilated')).toBe('convGeneralDilated');
    expect(jaxtsName('PRNGKey')).toBe('PRNGKey');
    expect(jaxtsName('atan2')).toBe('atan2');
    expect(jaxtsName('exp2')).toBe('exp2');
  });

  it("covers the issue's op list (jax.numpy and lax names marked available)", () => {
    const text = renderCompat();
    const available = (prefix: string, jax: string): boolean =>
      new RegExp(
        `^\\| \`${prefix.replace('.', '\\.')}\\.${jax}\` \\| \`[^|]+\` \\| (✅|🟡) \\|`,
        'm',
      ).test(text);
    const jnp = [
      'array',
      'asarray',
      'zeros',
      'ones',
      'full',
      'empty',
      'zeros_like',
      'ones_like',
      'full_like',
      'eye',
      'identity',
      'arange',
      'linspace',
      'tri',
      'tril',
      'triu',
      'add',
      'subtract',
      'multiply',
      'divide',
      'true_divide',
      'floor_divide',
      'mod',
      'power',
      'negative',
      'reciprocal',
      'abs',
      'sign',
      'exp',
      'exp2',
      'expm1',
      'log',
      'log1p',
      'log2',
      'log10',
      'sqrt',
      'cbrt',
      'square',
      'sin',
      'cos',
      'tan',
      'arcsin',
      'arccos',
      'arctan',
      'arctan2',
      'sinh',
      'cosh',
      'tanh',
      'arcsinh',
      'arccosh',
      'arctanh',
      'floor',
      'ceil',
      'round',
      'trunc',
      'clip',
      'maximum',
      'minimum',
      'where',
      'isnan',
      'isinf',
      'isfinite',
      'nan_to_num',
      'logical_and',
      'logical_or',
      'logical_not',
      'logical_xor',
      'equal',
      'not_equal',
      'less',
      'less_equal',
      'greater',
      'greater_equal',
      'logaddexp',
      'sum',
      'mean',
      'var',
      'std',
      'max',
      'min',
      'prod',
      'argmax',
      'argmin',
      'all',
      'any',
      'cumsum',
      'cumprod',
      'matmul',
      'dot',
      'vdot',
      'tensordot',
      'einsum',
      'outer',
      'inner',
      'reshape',
      'transpose',
      'swapaxes',
      'moveaxis',
      'expand_dims',
      'squeeze',
      'broadcast_to',
      'broadcast_arrays',
      'concatenate',
      'stack',
      'hstack',
      'vstack',
      'split',
      'array_split',
      'tile',
      'repeat',
      'flip',
      'pad',
      'take',
      'take_along_axis',
      'sort',
      'argsort',
    ];
    const laxNames = [
      'erf',
      'erf_inv',
      'rsqrt',
      'integer_pow',
      'logistic',
      'dot_general',
      'conv_general_dilated',
      'reduce_window',
      'broadcast_in_dim',
      'reshape',
      'slice',
      'dynamic_slice',
      'dynamic_update_slice',
      'pad',
      'select',
      'convert_element_type',
      'iota',
      'stop_gradient',
      'cumsum',
      'sort',
      'psum',
      'pmean',
      'pmax',
      'pmin',
      'all_gather',
      'axis_index',
      'ppermute',
    ];
    const missing = [
      ...jnp.filter((n) => !available('jnp', n)).map((n) => `jnp.${n}`),
      ...laxNames.filter((n) => !available('lax', n)).map((n) => `lax.${n}`),
      ...(available('jnp.linalg', 'norm') ? [] : ['jnp.linalg.norm']),
    ];
    expect(missing).toEqual([]);
    expect(jaxNames().jax_version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
