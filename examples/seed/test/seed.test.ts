/**
 * The ported guide end to end: its printed numbers equal JAX/Flax/Optax's (golden/seed.py), with
 * train=false as in the guide and with train=true (batch statistics through pmean), and the demo
 * prints what the guide prints.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { runPart1 } from '../src/part1.ts';
import { runPart2 } from '../src/part2.ts';

interface Golden {
  part1: { bias: number[]; mean: number[][] };
  part2: { losses: number[] };
  part2_train: { losses: number[]; batch_stats: Record<string, { mean: number[]; var: number[] }> };
}
const golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('../golden/seed.json', import.meta.url)), 'utf8'),
) as Golden;

describe('the Flax guide "Managing parameters and state", ported', () => {
  it('part 1: bias and batch_stats.mean after 5 jitted steps equal JAX', () => {
    const { params, state } = runPart1();
    expect(params.get('bias') as Tensor).toBeAllclose(golden.part1.bias, { rtol: 1e-6 });
    const stats = state.get('batch_stats') as { get(k: string): unknown };
    expect(stats.get('mean') as Tensor).toBeAllclose(golden.part1.mean, { rtol: 1e-6 });
    // The guide's own numbers.
    expect(params.get('bias') as Tensor).toBeAllclose(new Array(5).fill(0.57815856), {
      rtol: 1e-7,
    });
    expect(stats.get('mean') as Tensor).toBeAllclose([new Array(5).fill(0.40951)], { rtol: 1e-5 });
  });

  it('part 2: the printed losses equal JAX/Flax within 1e-4 relative', () => {
    const lines: string[] = [];
    const { losses } = runPart2({ log: (l) => lines.push(l) });
    expect(losses).toBeAllclose(golden.part2.losses, { rtol: 1e-4, atol: 0 });
    expect(losses).toBeAllclose([11.396822, 7.2646255, 5.3305268, 3.5423346, 1.8771799], {
      rtol: 1e-4,
      atol: 0,
    });
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^Loss for epoch 1: 11\.3968/);
  });

  it('part 2 with train=true: batch statistics flow through pmean and match JAX', () => {
    const { losses, state } = runPart2({ train: true });
    expect(losses).toBeAllclose(golden.part2_train.losses, { rtol: 1e-4, atol: 0 });
    const stats = state.get('batch_stats') as { get(k: string): { get(k: string): Tensor } };
    for (const [layer, expected] of Object.entries(golden.part2_train.batch_stats)) {
      expect(stats.get(layer).get('mean'), layer).toBeAllclose(expected.mean, {
        rtol: 1e-4,
        atol: 1e-6,
      });
      expect(stats.get(layer).get('var'), layer).toBeAllclose(expected.var, {
        rtol: 1e-4,
        atol: 1e-6,
      });
    }
  });
});
