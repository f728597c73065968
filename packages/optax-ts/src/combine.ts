// Composing transformations: chain (a typed tuple of states), namedChain (states keyed by name)
// and multiTransform / partition (a transformation per parameter label). Mirrors
// optax/transforms/_combining.py.

import { tree } from '@jaxts/frozendict';
import type {
  GradientTransformation,
  GradientTransformationExtraArgs,
  Params,
  StateOf,
} from './base.ts';
import {
  InvalidHyperparameterError,
  MissingTransformError,
  OptStateMismatchError,
} from './errors.ts';
import { structureOf } from './internal/describe.ts';
import { type MaskedState, mapMask, masked, resolveMask } from './transforms/masking.ts';

/** The state of `chain(...ts)`: the tuple of the states of `ts`. */
export type ChainState<Ts extends readonly GradientTransformation<unknown>[]> = {
  -readonly [K in keyof Ts]: StateOf<Ts[K]>;
};

function mismatch(api: string, expected: string, state: unknown): OptStateMismatchError {
  return new OptStateMismatchError(
    `${api}: the number of updates and states has to be the same in ${api}; expected ${expected}, got ${structureOf(state)}. Make sure you have called init first!`,
  );
}

/**
 * Applies transformations in sequence: the updates of one are the input of the next. The state
 * is the tuple of the inner states (typed: `chain(scaleByAdam(), scale(-1))` has state
 * `[ScaleByAdamState, EmptyState]`). Extra arguments are passed to every transformation.
 *
 * @example
 * ```ts
 * const opt = optax.chain(optax.clipByGlobalNorm(1), optax.scaleByAdam(), optax.scale(-1e-3));
 * ```
 * @see optax.chain
 */
export function chain<const Ts extends readonly GradientTransformation<unknown>[]>(
  ...transforms: Ts
): GradientTransformationExtraArgs<ChainState<Ts>> {
  const txs = transforms as readonly GradientTransformationExtraArgs<unknown>[];
  return {
    init: (params) => txs.map((tx) => tx.init(params)) as ChainState<Ts>,
    update: (updates, state, params, extraArgs) => {
      const states = state as unknown;
      if (!Array.isArray(states) || states.length !== txs.length) {
        throw mismatch('chain', `a tuple of ${txs.length} states`, states);
      }
      const next: unknown[] = [];
      let u = updates;
      for (let i = 0; i < txs.length; i++) {
        const [nu, ns] = (txs[i] as GradientTransformationExtraArgs<unknown>).update(
          u,
          states[i],
          params,
          extraArgs,
        );
        u = nu;
        next.push(ns);
      }
      return [u, next as ChainState<Ts>];
    },
  };
}

/** A `[name, transformation]` pair for {@link namedChain}. */
export type NamedTransform = readonly [string, GradientTransformation<unknown>];

/** The state of `namedChain(...pairs)`: each inner state under its name. */
export type NamedChainState<Ps extends readonly NamedTransform[]> = {
  [P in Ps[number] as P[0]]: StateOf<P[1]>;
};

/**
 * Like {@link chain}, but each transformation is named and the state is an object of the inner
 * states keyed by name (so it reads like a dict in checkpoints).
 *
 * @example
 * ```ts
 * const opt = optax.namedChain(['clip', optax.clipByGlobalNorm(1)], ['adam', optax.adam(1e-3)]);
 * opt.init(params).adam; // the adam state
 * ```
 * @see optax.named_chain
 */
export function namedChain<const Ps extends readonly NamedTransform[]>(
  ...pairs: Ps
): GradientTransformationExtraArgs<NamedChainState<Ps>> {
  const names = pairs.map(([name]) => name);
  if (new Set(names).size !== names.length) {
    throw new InvalidHyperparameterError(
      `namedChain: Named transformations must have unique names; expected distinct names, got [${names.map((n) => `'${n}'`).join(', ')}]. Rename the duplicates.`,
    );
  }
  return {
    init: (params) => {
      const out: Record<string, unknown> = {};
      for (const [name, tx] of pairs) out[name] = tx.init(params);
      return out as NamedChainState<Ps>;
    },
    update: (updates, state, params, extraArgs) => {
      const states = state as unknown as Record<string, unknown>;
      if (
        states === null ||
        typeof states !== 'object' ||
        names.some((n) => !Object.hasOwn(states, n))
      ) {
        throw mismatch('namedChain', `a state with keys [${names.join(', ')}]`, states);
      }
      const out: Record<string, unknown> = {};
      let u = updates;
      for (const [name, tx] of pairs) {
        const [nu, ns] = (tx as GradientTransformationExtraArgs<unknown>).update(
          u,
          states[name],
          params,
          extraArgs,
        );
        u = nu;
        out[name] = ns;
      }
      return [u, out as NamedChainState<Ps>];
    },
  };
}

/** The state of {@link multiTransform}: the masked state of each labelled transformation. */
export interface MultiTransformState<T extends Record<string, GradientTransformation<unknown>>> {
  readonly innerStates: { [K in keyof T]: MaskedState<StateOf<T[K]>> };
}

/** Options of {@link multiTransform}. */
export interface MultiTransformOptions {
  /** Mask extra arguments shaped like the updates too (see `masked`). */
  readonly maskCompatibleExtraArgs?: boolean;
}

/**
 * Partitions the parameters by label and applies a different transformation to each group.
 * `paramLabels` is a tree of labels (strings) with the structure of the params (or a prefix of
 * it), or a function of the params/updates returning one. Every label needs a transformation.
 *
 * @example
 * ```ts
 * const opt = optax.multiTransform(
 *   { trainable: optax.adam(1e-3), frozen: optax.setToZero() },
 *   { encoder: 'frozen', head: 'trainable' },
 * );
 * ```
 * @see optax.multi_transform (alias optax.partition)
 */
export function multiTransform<T extends Record<string, GradientTransformation<unknown>>>(
  transforms: T,
  paramLabels: unknown,
  options: MultiTransformOptions = {},
): GradientTransformationExtraArgs<MultiTransformState<T>> {
  const api = 'multiTransform';
  const groups = Object.keys(transforms);
  const maskFor = (labels: unknown, group: string, reference: unknown): unknown =>
    mapMask(api, 'label tree', (label) => label === group, labels, reference);
  const maskedTx = (labels: unknown, group: string, reference: unknown) =>
    masked(
      transforms[group] as GradientTransformation<unknown>,
      maskFor(labels, group, reference),
      {
        maskCompatibleExtraArgs: options.maskCompatibleExtraArgs ?? false,
      },
    );

  return {
    init: (params: Params) => {
      const labels = resolveMask(paramLabels, params);
      const labelSet = [...new Set(tree.leaves(labels).map(String))].sort();
      const missing = labelSet.filter((l) => !groups.includes(l));
      if (missing.length > 0) {
        throw new MissingTransformError(
          `${api}: Some parameters have no corresponding transformation; expected every parameter label in the transforms keys [${[
            ...groups,
          ]
            .sort()
            .map((k) => `'${k}'`)
            .join(
              ', ',
            )}], got parameter labels [${labelSet.map((l) => `'${l}'`).join(', ')}]. Add a transformation for ${missing.map((l) => `'${l}'`).join(', ')}.`,
        );
      }
      const innerStates: Record<string, unknown> = {};
      for (const group of groups) innerStates[group] = maskedTx(labels, group, params).init(params);
      return { innerStates } as MultiTransformState<T>;
    },
    update: (updates, state, params, extraArgs) => {
      const labels = resolveMask(paramLabels, updates);
      const innerStates: Record<string, unknown> = {};
      let u = updates;
      for (const group of groups) {
        const inner = (state.innerStates as Record<string, MaskedState<unknown>>)[group];
        if (inner === undefined) {
          throw mismatch(api, `a state with groups [${groups.join(', ')}]`, state);
        }
        const [nu, ns] = maskedTx(labels, group, updates).update(u, inner, params, extraArgs);
        u = nu;
        innerStates[group] = ns;
      }
      return [u, { innerStates } as MultiTransformState<T>];
    },
  };
}

/** Another name for {@link multiTransform}. @see optax.partition */
export const partition = multiTransform;
