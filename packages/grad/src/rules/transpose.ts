/**
 * Transpose rules of the linear primitives (partial by design: a primitive without a rule is
 * not linear). Combined from the family files.
 */
import { collectiveTranspose } from './transpose/collective.ts';
import { elementwiseTranspose } from './transpose/elementwise.ts';
import { higherOrderTranspose } from './transpose/higher-order.ts';
import { linalgTranspose } from './transpose/linalg.ts';
import { structureTranspose } from './transpose/structure.ts';
import type { TransposeRules } from './types.ts';

export const transposeRules = {
  ...elementwiseTranspose,
  ...structureTranspose,
  ...linalgTranspose,
  ...collectiveTranspose,
  ...higherOrderTranspose,
} satisfies TransposeRules;
