/**
 * Composite ops release their intermediates deterministically when run eagerly: the body runs in
 * a memory scope that frees every array it created except the result. Under a transformation
 * the body runs as is (intermediates are tracers, and constants may be captured by a jaxpr).
 */
import { scope } from '../backend/memory.ts';
import { traceState } from '../core/trace.ts';

export function isTracing(): boolean {
  return traceState.stack.length !== 0 || traceState.dynamic !== null;
}

export function composite<T>(fn: () => T): T {
  return isTracing() ? fn() : scope(fn);
}
