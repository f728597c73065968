/**
 * The batching rule table: one rule per primitive, checked exhaustive by the compiler (a new
 * primitive in @jaxts/tensor breaks this build until it has a rule). JAX: primitive_batchers.
 */
import { collectiveBatch } from './collective.ts';
import { elementwiseBatch } from './elementwise.ts';
import { higherOrderBatch } from './higher-order.ts';
import { linalgBatch } from './linalg.ts';
import { randomBatch } from './random.ts';
import { reductionBatch } from './reduction.ts';
import { structureBatch } from './structure.ts';
import type { BatchRules } from './types.ts';

export const batchRules = {
  ...elementwiseBatch,
  ...reductionBatch,
  ...structureBatch,
  ...linalgBatch,
  ...randomBatch,
  ...collectiveBatch,
  ...higherOrderBatch,
} satisfies BatchRules;

export type {
  BatchAxis,
  BatchFamily,
  BatchResult,
  BatchRule,
  BatchRules,
  BDim,
  SubBatch,
} from './types.ts';
