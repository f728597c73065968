// Applying a transformation to a subset of the parameters: masked, with MASKED_NODE standing in
// for the leaves the inner transformation must not see. Mirrors optax/transforms/_masking.py.

import { tree } from '@jaxts/frozendict';
import type {
  ExtraArgs,
  GradientTransformation,
  GradientTransformationExtraArgs,
  Params,
  Updates,
} from '../base.ts';
import { MaskStructureError } from '../errors.ts';
import { structureOf, truncate } from '../internal/describe.ts';
import { hasParams } from '../internal/tree.ts';

/**
 * What the inner transformation of {@link masked} sees in place of a masked-out leaf or subtree:
 * an empty frozen object, i.e. a pytree node without leaves (so `tree.map` skips it).
 * @see optax.MaskedNode
 */
export const MASKED_NODE: Readonly<Record<string, never>> = Object.freeze({});

/**
 * A mask: a tree of booleans with the structure of the params, or a prefix of it (one boolean
 * then covers a whole subtree), or a function computing such a tree from the params/updates.
 */
export type Mask = unknown;

/** State of {@link masked}: the inner transformation's state. @see optax.MaskedState */
export interface MaskedState<S> {
  readonly innerState: S;
}

/** Options of {@link masked}. */
export interface MaskedOptions {
  /**
   * Also mask extra arguments that have the structure of the updates before passing them on
   * (Optax's `mask_compatible_extra_args`).
   */
  readonly maskCompatibleExtraArgs?: boolean;
}

/** The mask tree for these params/updates (calling it if it is a function). @internal */
export function resolveMask(mask: Mask, tree_: unknown): unknown {
  return typeof mask === 'function' ? (mask as (t: unknown) => unknown)(tree_) : mask;
}

/**
 * `tree.map(f, maskTree, ...trees)` with a mask structure error naming both structures.
 * @internal
 */
export function mapMask(
  api: string,
  what: string,
  f: (m: unknown, ...subtrees: unknown[]) => unknown,
  maskTree: unknown,
  ...trees: unknown[]
): unknown {
  const [, maskDef] = tree.flatten(maskTree);
  for (const t of trees) {
    try {
      tree.flattenUpTo(maskDef, t, api);
    } catch (error) {
      throw new MaskStructureError(
        `${api}: the ${what} does not match the params tree; expected a prefix of ${structureOf(t)}, got ${truncate(maskDef.toString())}. ` +
          `Give the ${what} the structure of the params (or of a prefix of it), with one entry per leaf or subtree.`,
        { cause: error },
      );
    }
  }
  return tree.map(f as (...leaves: never[]) => unknown, maskTree, ...trees);
}

function flag(api: string, m: unknown): boolean {
  if (typeof m !== 'boolean') {
    throw new MaskStructureError(
      `${api}: mask leaves must be booleans; expected true or false, got ${typeof m === 'object' ? String(m) : `${typeof m} ${String(m)}`}. Use one JavaScript boolean per parameter leaf or subtree.`,
    );
  }
  return m;
}

/** Replaces the masked-out subtrees of `pytree` by MASKED_NODE. @internal */
export function maskTree(api: string, pytree: unknown, mask: unknown): unknown {
  return mapMask(api, 'mask', (m, p) => (flag(api, m) ? p : MASKED_NODE), mask, pytree);
}

/**
 * Applies `inner` only to the leaves where `mask` is true; the other updates pass through
 * **unchanged** (not zeroed). The inner state only covers the masked-in leaves.
 *
 * @param inner - The transformation to apply to the selected leaves.
 * @param mask - A tree of booleans with the structure of the params (or a prefix of it), or a
 *   function of the params (at `init`) / updates (at `update`) returning one.
 *
 * @example
 * ```ts
 * // Weight decay on matrices only:
 * const decay = optax.masked(optax.addDecayedWeights(1e-4), (p) => tree.map((x: Tensor) => x.ndim > 1, p));
 * ```
 * @see optax.masked
 */
export function masked<S>(
  inner: GradientTransformation<S>,
  mask: Mask | ((params: Params) => unknown),
  options: MaskedOptions = {},
): GradientTransformationExtraArgs<MaskedState<S>> {
  const api = 'masked';
  const innerX = inner as GradientTransformationExtraArgs<S>;
  const maskExtra = options.maskCompatibleExtraArgs ?? false;

  const maskExtraArgs = (
    extra: ExtraArgs | undefined,
    updates: Updates,
    m: unknown,
  ): ExtraArgs | undefined => {
    if (extra === undefined || !maskExtra) return extra;
    const def = tree.structure(updates);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(extra)) {
      out[k] = tree.structure(v).equals(def) ? maskTree(api, v, m) : v;
    }
    return out;
  };

  return {
    init: (params) => {
      const m = resolveMask(mask, params);
      return { innerState: inner.init(maskTree(api, params, m)) };
    },
    update: (updates, state, params, extraArgs) => {
      const m = resolveMask(mask, updates);
      const maskedUpdates = maskTree(api, updates, m);
      const maskedParams = hasParams(params) ? maskTree(api, params, m) : params;
      const [newMasked, innerState] = innerX.update(
        maskedUpdates,
        state.innerState,
        maskedParams,
        maskExtraArgs(extraArgs, updates, m),
      );
      const out = mapMask(
        api,
        'mask',
        (flagged, newU, oldU) => (flag(api, flagged) ? newU : oldU),
        m,
        newMasked,
        updates,
      );
      return [out, { innerState }];
    },
  };
}
