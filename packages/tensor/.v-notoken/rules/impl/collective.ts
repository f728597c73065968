/**
 * Collectives have no eager implementation: a collective reaches the eval trace only when no
 * enclosing transformation binds its axis name, which is JAX's unbound-axis error.
 */
import { unboundAxis } from '../../core/axis-env.ts';
import type { CollectivePrimitive } from '../../core/primitives.ts';
import type { ImplFamily } from '../../core/rule-types.ts';

export const collectiveImpl = {
  psum: (_xs, { axes }) => {
    throw unboundAxis('psum', axes[0] ?? '');
  },
  pmax: (_xs, { axes }) => {
    throw unboundAxis('pmax', axes[0] ?? '');
  },
  pmin: (_xs, { axes }) => {
    throw unboundAxis('pmin', axes[0] ?? '');
  },
  all_gather: (_xs, { axis_name }) => {
    throw unboundAxis('all_gather', axis_name);
  },
  axis_index: (_xs, { axis_name }) => {
    throw unboundAxis('axis_index', axis_name);
  },
  ppermute: (_xs, { axis_name }) => {
    throw unboundAxis('ppermute', axis_name);
  },
} satisfies ImplFamily<CollectivePrimitive>;
