import { setBackend } from '@jaxts/tensor';
import { seedPart2 } from './jit-seed-steps.ts';
await setBackend('cpu');
const orig = globalThis.Function;
const srcs: string[] = [];
// biome-ignore lint: debug
(globalThis as any).Function = function (...a: string[]) { srcs.push(a[a.length - 1] as string); return orig(...a); };
const p2 = seedPart2();
(globalThis as any).Function = orig;
console.log(srcs.slice(0, 6).join('\n-----\n'));
