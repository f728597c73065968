// Shared helpers of the layer files: props with defaults, axis canonicalization, named
// callable classes. (Flax: the dataclass field machinery and small helpers in linear.py.)

import { type Callable, callable } from './callable.ts';
import type { ModuleBaseProps } from './module.ts';

/** Props of a layer: the `R` keys are required, the others optional (they have defaults). */
export type PropsOf<C, R extends keyof C = never> = Pick<C, R> &
  Partial<Omit<C, R>> &
  ModuleBaseProps;

/**
 * Exports a layer class under its Flax name, callable with or without `new`
 * (`nn.Dense({ features: 3 })`). The runtime class name drives automatic naming (`Dense_0`).
 */
// biome-ignore lint/suspicious/noExplicitAny: constructor parameter lists stay open here.
export function layer<C extends new (...args: any[]) => unknown>(
  cls: C,
  name: string,
): Callable<C> {
  Object.defineProperty(cls, 'name', { value: name });
  return callable(cls);
}

export function prod(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** Non-negative, sorted, de-duplicated axes (Flax's _canonicalize_axes). */
export function canonicalizeAxes(rank: number, axes: number | readonly number[]): number[] {
  const list = typeof axes === 'number' ? [axes] : axes;
  return [...new Set(list.map((a) => (a < 0 ? rank + a : a)))].sort((a, b) => a - b);
}

/** `(x,)` for an int, the tuple itself otherwise (Flax's _canonicalize_tuple). */
export function canonicalizeTuple(x: number | readonly number[]): number[] {
  return typeof x === 'number' ? [x] : [...x];
}

/** `[1, 1, ..., 1]` of length n. */
export function ones(n: number): number[] {
  return new Array<number>(n).fill(1);
}
