import { dummyInput, X, Y } from '@jaxts/example-seed/src/data.ts';
import {
  BiasAdderWithRunningMean,
  tx as tx1,
  updateStep as updateStep1,
} from '@jaxts/example-seed/src/part1.ts';
import { type ApplyFn, MLP, makeUpdateStep, tx as tx2 } from '@jaxts/example-seed/src/part2.ts';
import type { FrozenDict } from '@jaxts/frozendict';
import { random, setBackend, type Tensor } from '@jaxts/tensor';

type Vars = FrozenDict;
await setBackend((process.argv[2] ?? 'wasm') as 'wasm');
const which = process.argv[3] ?? '2';
let f: () => void;
if (which === '1') {
  const model = new BiasAdderWithRunningMean({});
  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState = tx1.init(params);
  const apply = model.apply as (v: unknown, x: Tensor, o: { mutable: string[] }) => [Tensor, Vars];
  f = () => {
    [optState, params, state] = updateStep1(apply, dummyInput, optState, params, state);
  };
} else {
  const updateStep = makeUpdateStep(false);
  const model = new MLP({ hiddenSize: 10, outSize: 1 });
  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState = tx2.init(params);
  const apply = model.apply as ApplyFn;
  f = () => {
    [optState, params, state] = updateStep(apply, X, Y, optState, params, state);
  };
}
for (let i = 0; i < 3000; i++) f();
const N = Number(process.argv[4] ?? 20000);
const t0 = performance.now();
for (let i = 0; i < N; i++) f();
console.log((((performance.now() - t0) / N) * 1000).toFixed(2), 'us');
