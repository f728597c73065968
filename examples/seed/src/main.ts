/** `pnpm demo`: runs the ported guide and prints what the Python prints. */
import { runPart1 } from './part1.ts';
import { runPart2 } from './part2.ts';

const { params, state } = runPart1();
console.log('Part 1: bias after 5 steps:', params.toString());
console.log('Part 1: batch_stats after 5 steps:', state.toString());
console.log('Part 2: MLP with BatchNorm under vmap (axisName: "batch")');
runPart2({ log: (line) => console.log(line) });
