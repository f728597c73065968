/**
 * Abstract evaluation rules for every primitive: output shapes, dtypes and weak types, and every
 * shape/dtype error, raised before any kernel runs. Exhaustive by `satisfies`.
 */
import type { AbstractEvalRules } from '../core/rule-types.ts';
import { collectiveAbstractEval } from './abstract-eval/collective.ts';
import { elementwiseAbstractEval } from './abstract-eval/elementwise.ts';
import { higherOrderAbstractEval } from './abstract-eval/higher-order.ts';
import { linalgAbstractEval } from './abstract-eval/linalg.ts';
import { randomAbstractEval } from './abstract-eval/random.ts';
import { reductionAbstractEval } from './abstract-eval/reduction.ts';
import { structureAbstractEval } from './abstract-eval/structure.ts';

export const abstractEvalRules = {
  ...elementwiseAbstractEval,
  ...reductionAbstractEval,
  ...structureAbstractEval,
  ...linalgAbstractEval,
  ...collectiveAbstractEval,
  ...randomAbstractEval,
  ...higherOrderAbstractEval,
} satisfies AbstractEvalRules;
