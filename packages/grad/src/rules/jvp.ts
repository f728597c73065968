/** JVP rules for every primitive (exhaustive by `satisfies`), combined from the family files. */
import { collectiveJvp } from './jvp/collective.ts';
import { elementwiseJvp } from './jvp/elementwise.ts';
import { higherOrderJvp } from './jvp/higher-order.ts';
import { linalgJvp } from './jvp/linalg.ts';
import { randomJvp } from './jvp/random.ts';
import { reductionJvp } from './jvp/reduction.ts';
import { structureJvp } from './jvp/structure.ts';
import type { JvpRules } from './types.ts';

export const jvpRules = {
  ...elementwiseJvp,
  ...reductionJvp,
  ...structureJvp,
  ...linalgJvp,
  ...collectiveJvp,
  ...randomJvp,
  ...higherOrderJvp,
} satisfies JvpRules;
