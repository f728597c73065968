// Module.tabulate against Flax's rich table (golden/module.json 'tabulate').

import * as nn from '@jaxts/linen';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { loadGolden } from './golden.ts';

const flaxTable = loadGolden<{ tabulate: string }>('module.json').tabulate;

class TabMLP extends nn.Module {
  call(x: Tensor): Tensor {
    x = nn.Dense({ features: 4 }).call(x);
    x = nn.BatchNorm({ useRunningAverage: false }).call(x);
    x = nn.relu(x);
    return nn.Dense({ features: 2 }).call(x);
  }
}

describe('tabulate', () => {
  it("prints Flax's table for a small MLP (byte for byte)", () => {
    // Flax orders the collection columns by a Python set (hash-seed dependent); jaxts puts
    // `params` first and sorts the rest, which is the order this golden run produced.
    expect(new TabMLP().tabulate(random.PRNGKey(0), jnp.ones([1, 3]))).toBe(flaxTable);
  });

  it('folds rows deeper than depth into their ancestor', () => {
    const table = new TabMLP().tabulate(random.PRNGKey(0), jnp.ones([1, 3]), { depth: 0 });
    expect(table).not.toMatch(/Dense_0/);
    expect(table).toMatch(
      /│\s+│ TabMLP │ float32\[1,3\] │ float32\[1,2\] │ 34 \(136 B\) │ 8 \(32 B\)\s+│/,
    );
    expect(table).toMatch(/Total Parameters: 42 \(168 B\)/);
  });

  it('shows non-call methods, multiple inputs and tuple outputs', () => {
    class Two extends nn.Module {
      call(a: Tensor, b: Tensor): [Tensor, Tensor] {
        return [nn.Dense({ features: 2 }).call(a), b];
      }
    }
    const table = new Two().tabulate(random.PRNGKey(0), jnp.ones([1, 3]), jnp.ones([2]));
    expect(table).toMatch(/- float32\[1,3\]/);
    expect(table).toMatch(/- float32\[2\]/);
    expect(table).toMatch(/Total Parameters: 8 \(32 B\)/);
    const emb = nn.Embed({ numEmbeddings: 3, features: 2 });
    const t2 = emb.tabulate(random.PRNGKey(0), jnp.ones([1, 2]), { method: 'attend' });
    expect(t2).toMatch(/Embed \(attend\)/);
    expect(t2).toMatch(/embedding: float32\[3,2\]/);
  });

  it('formats byte counts like Flax', () => {
    expect(nn.bytesRepr(64)).toBe('64 B');
    expect(nn.bytesRepr(1234)).toBe('1.2 KB');
    expect(nn.bytesRepr(5_600_000)).toBe('5.6 MB');
    expect(nn.bytesRepr(2e9 + 1)).toBe('2.0 GB');
  });
});
