/**
 * Impl rules for every primitive: the only code that runs tfjs kernels (through
 * backend/engine.ts). Exhaustive by `satisfies`.
 */
import type { ImplRules } from '../core/rule-types.ts';
import { collectiveImpl } from './impl/collective.ts';
import { elementwiseImpl } from './impl/elementwise.ts';
import { higherOrderImpl } from './impl/higher-order.ts';
import { linalgImpl } from './impl/linalg.ts';
import { randomImpl } from './impl/random.ts';
import { reductionImpl } from './impl/reduction.ts';
import { structureImpl } from './impl/structure.ts';

export const implRules = {
  ...elementwiseImpl,
  ...reductionImpl,
  ...structureImpl,
  ...linalgImpl,
  ...collectiveImpl,
  ...randomImpl,
  ...higherOrderImpl,
} satisfies ImplRules;
