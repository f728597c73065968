/**
 * Random sampling over a batch of keys: `vmap(k => random.f(k, ...))(keys)` is bit-for-bit the
 * loop over keys (the batched threefry formulas match the kernels), for keys mapped on any axis.
 */
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { describe, expect, it } from 'vitest';
import { indexAxis } from './helpers.ts';

const keys = random.split(random.PRNGKey(42), 4);

function loop(f: (k: Tensor) => Tensor, ks: Tensor, axis = 0): Tensor {
  const n = ks.shape[axis] as number;
  return jnp.stack(Array.from({ length: n }, (_, i) => f(indexAxis(ks, axis, i))));
}

const samplers: [string, (k: Tensor) => Tensor][] = [
  ['bits u32', (k) => random.bits(k, [2, 3])],
  ['bits u8', (k) => random.bits(k, [5], { dtype: 'uint8' })],
  ['bits u16 scalar', (k) => random.bits(k, [], { dtype: 'uint16' })],
  ['uniform', (k) => random.uniform(k, [3, 2], { minval: -1, maxval: 2 })],
  ['normal', (k) => random.normal(k, [4])],
  ['truncatedNormal', (k) => random.truncatedNormal(k, -1, 1, [3])],
  ['split', (k) => random.split(k, 3)],
  ['split shape', (k) => random.split(k, [2, 2])],
  ['foldIn', (k) => random.foldIn(k, 7)],
  ['randint', (k) => random.randint(k, [6], 0, 10)],
  ['bernoulli', (k) => random.bernoulli(k, 0.3, [5])],
  ['exponential', (k) => random.exponential(k, [3])],
  ['gumbel', (k) => random.gumbel(k, [3])],
  ['categorical', (k) => random.categorical(k, jnp.array([0.1, 1.0, -0.5]), { shape: [4] })],
  ['permutation', (k) => random.permutation(k, 5)],
  [
    'split, index, then sample',
    (k) => {
      const ks = random.split(k, 2);
      return random.uniform(jnp.getItem(ks, 0), [2]).add(random.normal(jnp.getItem(ks, 1), [2]));
    },
  ],
];

describe('random over a batch of keys equals a loop over keys', () => {
  for (const [name, f] of samplers) {
    it(name, () => {
      expect(vmap(f)(keys).toArray()).toEqual(loop(f, keys).toArray());
    });
  }

  it('keys mapped along axis 1', () => {
    const kt = keys.transpose([1, 0]);
    const f = (k: Tensor) => random.uniform(k, [2]);
    expect(vmap(f, { inAxes: 1 })(kt).toArray()).toEqual(loop(f, kt, 1).toArray());
  });

  it('foldIn with batched data and one key', () => {
    const data = jnp.array([0, 1, 2, 99], 'uint32');
    const out = vmap((d: Tensor) => random.foldIn(random.PRNGKey(0), d))(data);
    const ref = jnp.stack([0, 1, 2, 99].map((d) => random.foldIn(random.PRNGKey(0), d)));
    expect(out.toArray()).toEqual(ref.toArray());
  });

  it('foldIn with batched keys and batched data', () => {
    const data = jnp.array([5, 6, 7, 8], 'uint32');
    const out = vmap((k: Tensor, d: Tensor) => random.foldIn(k, d))(keys, data);
    const ref = jnp.stack([0, 1, 2, 3].map((i) => random.foldIn(indexAxis(keys, 0, i), 5 + i)));
    expect(out.toArray()).toEqual(ref.toArray());
  });

  it('vmap of vmap over a [2, 4] grid of keys', () => {
    const grid = random.split(random.PRNGKey(1), [2, 4]);
    const f = (k: Tensor) => random.normal(k, [3]);
    const out = vmap(vmap(f))(grid);
    const ref = jnp.stack([0, 1].map((i) => loop(f, indexAxis(grid, 0, i))));
    expect(out.toArray()).toEqual(ref.toArray());
  });

  it('a batch of seeds', () => {
    const seeds = jnp.array([0, 1, 2], 'int32');
    const out = vmap((s: Tensor) => random.uniform(random.PRNGKey(s), [2]))(seeds);
    const ref = jnp.stack([0, 1, 2].map((s) => random.uniform(random.PRNGKey(s), [2])));
    expect(out.toArray()).toEqual(ref.toArray());
  });
});

describe('random with an empty batch of keys', () => {
  it('gives empty samples', () => {
    const none = jnp.zeros([0, 2], 'uint32');
    expect(vmap((k: Tensor) => random.normal(k, [3]))(none).shape).toEqual([0, 3]);
    expect(vmap((k: Tensor) => random.split(k, 2))(none).shape).toEqual([0, 2, 2]);
    expect(vmap((k: Tensor) => random.foldIn(k, 1))(none).shape).toEqual([0, 2]);
  });
});
