/**
 * Checkpoints in the guide's training loop: save variables and optimizer state after 3 epochs,
 * restore them into fresh trees, train 2 more epochs — the numbers equal an uninterrupted
 * 5-epoch run. The bytes are Flax's msgpack format.
 */
import type { FrozenDict } from '@jaxts/frozendict';
import { random, serialization, type Tensor } from '@jaxts/tensor';
import { expect, it } from 'vitest';
import { dummyInput, X, Y } from '../src/data.ts';
import { type ApplyFn, MLP, makeUpdateStep, type OptState, tx } from '../src/part2.ts';

type Vars = FrozenDict;

function fresh(): { model: MLP; params: Vars; state: Vars; optState: OptState } {
  const model = new MLP({ hiddenSize: 10, outSize: 1 });
  const [state, params] = model.init(random.PRNGKey(0), dummyInput).pop('params') as [Vars, Vars];
  return { model, params, state, optState: tx.init(params) };
}

it('save after 3 epochs, restore into fresh trees, continue: same numbers as 5 uninterrupted epochs', () => {
  const step = makeUpdateStep(true);
  const run = (n: number, s: ReturnType<typeof fresh>, losses: number[]) => {
    let { params, state, optState } = s;
    for (let i = 0; i < n; i++) {
      let loss: Tensor;
      [optState, params, state, loss] = step(
        s.model.apply as ApplyFn,
        X,
        Y,
        optState,
        params,
        state,
      );
      losses.push(loss.item() as number);
    }
    return { ...s, params, state, optState };
  };
  const straight: number[] = [];
  const end = run(5, fresh(), straight);

  const resumed: number[] = [];
  const mid = run(3, fresh(), resumed);
  const bytes = serialization.toBytes({
    params: mid.params,
    state: mid.state,
    opt_state: mid.optState,
  });
  const target = fresh();
  const restored = serialization.fromBytes(
    { params: target.params, state: target.state, opt_state: target.optState },
    bytes,
  );
  const after = run(
    2,
    { ...target, params: restored.params, state: restored.state, optState: restored.opt_state },
    resumed,
  );

  expect(resumed).toEqual(straight);
  // The whole training state matches too: equal trees serialize to equal bytes.
  const finalBytes = (s: typeof end) =>
    serialization.toBytes({ params: s.params, state: s.state, opt_state: s.optState });
  expect(finalBytes(after)).toEqual(finalBytes(end));
});
