// Runs the example: `pnpm --filter @jaxts/example-custom-optimizer start`.

import { makeData, makeOptimizer, train } from './train.ts';

const { model, losses } = train(makeOptimizer(), makeData(), 200);
console.log('loss every 10 steps:', losses.map((l) => l.toFixed(5)).join(' '));
console.log('w =', model.w.toString(), ' b =', model.b.toString());
