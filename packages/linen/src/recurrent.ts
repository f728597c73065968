// Recurrent cells (LSTMCell, OptimizedLSTMCell, GRUCell, SimpleCell) and RNN over time
// (flax/linen/recurrent.py). RNN unrolls the time loop instead of using a lifted nn.scan; the
// cell is one module called at every step, so its parameters are shared exactly as in Flax.

import { type DType, numpy as jnp, lax, random, type Tensor } from '@jaxts/tensor';
import { sigmoid, tanh } from './activation.ts';
import { InvalidModuleArgumentError } from './errors.ts';
import { type Initializer, orthogonal, zeros } from './initializers.ts';
import { layer, type PropsOf } from './layer-util.ts';
import { Dense, defaultKernelInit } from './linear.ts';
import { Module, withDefaults } from './module.ts';

/** A cell's recurrent state: a tensor or a tuple of tensors (LSTM: `[c, h]`). */
export type Carry = Tensor | readonly Tensor[];

/** What RNN needs from a cell: a step `call(carry, x) → [carry, y]` and `initializeCarry`. */
export interface RNNCell extends Module<object> {
  call(carry: Carry, inputs: Tensor): [Carry, Tensor];
  initializeCarry(rng: Tensor, inputShape: readonly number[]): Carry;
  /** Number of feature axes of the inputs (1 for every built-in cell). */
  readonly numFeatureAxes: number;
}

export interface CellConfig {
  readonly features: number;
  readonly gateFn: (x: Tensor) => Tensor;
  readonly activationFn: (x: Tensor) => Tensor;
  readonly kernelInit: Initializer;
  readonly recurrentKernelInit: Initializer;
  readonly biasInit: Initializer;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly carryInit: Initializer;
}

const CELL_DEFAULTS = {
  gateFn: sigmoid,
  activationFn: tanh,
  kernelInit: defaultKernelInit,
  recurrentKernelInit: orthogonal(),
  biasInit: zeros,
  dtype: null,
  paramDtype: 'float32',
  carryInit: zeros,
} as const;

function splitKey(rng: Tensor): [Tensor, Tensor] {
  const keys = random.split(rng);
  return [jnp.getItem(keys, 0), jnp.getItem(keys, 1)];
}

/**
 * Long short-term memory cell: input kernels `ii, if, ig, io` (no bias) and recurrent kernels
 * `hi, hf, hg, ho` (with bias). `call([c, h], x) → [[c', h'], h']`. flax.linen.LSTMCell.
 */
class LSTMCellModule extends Module<CellConfig> {
  get numFeatureAxes(): number {
    return 1;
  }

  constructor(props: PropsOf<CellConfig, 'features'>) {
    super(withDefaults(CELL_DEFAULTS, props));
  }

  call(carry: Carry, inputs: Tensor): [[Tensor, Tensor], Tensor] {
    const p = this.props;
    const [c, h] = carry as readonly [Tensor, Tensor];
    const hidden = h.shape.at(-1) as number;
    const denseH = (name: string) =>
      Dense({
        features: hidden,
        useBias: true,
        kernelInit: p.recurrentKernelInit,
        biasInit: p.biasInit,
        dtype: p.dtype,
        paramDtype: p.paramDtype,
        name,
      });
    const denseI = (name: string) =>
      Dense({
        features: hidden,
        useBias: false,
        kernelInit: p.kernelInit,
        dtype: p.dtype,
        paramDtype: p.paramDtype,
        name,
      });
    const i = p.gateFn(denseI('ii').call(inputs).add(denseH('hi').call(h)));
    const f = p.gateFn(denseI('if').call(inputs).add(denseH('hf').call(h)));
    const g = p.activationFn(denseI('ig').call(inputs).add(denseH('hg').call(h)));
    const o = p.gateFn(denseI('io').call(inputs).add(denseH('ho').call(h)));
    const newC = f.mul(c).add(i.mul(g));
    const newH = o.mul(p.activationFn(newC));
    return [[newC, newH], newH];
  }

  /** `[c, h]` of shape `[...batch, features]` from `carryInit` (split keys). */
  initializeCarry(rng: Tensor, inputShape: readonly number[]): [Tensor, Tensor] {
    const memShape = [...inputShape.slice(0, -1), this.props.features];
    const [k1, k2] = splitKey(rng);
    return [
      this.props.carryInit(k1, memShape, this.props.paramDtype),
      this.props.carryInit(k2, memShape, this.props.paramDtype),
    ];
  }
}
export const LSTMCell = layer(LSTMCellModule, 'LSTMCell');
export type LSTMCell = LSTMCellModule;

/** Kernel (and bias) of one gate, without the matmul (OptimizedLSTMCell's DenseParams). */
class DenseParamsModule extends Module<{
  readonly features: number;
  readonly useBias: boolean;
  readonly paramDtype: DType;
  readonly kernelInit: Initializer;
  readonly biasInit: Initializer;
}> {
  call(inputs: Tensor): [Tensor, Tensor | null] {
    const p = this.props;
    const k = this.param(
      'kernel',
      p.kernelInit,
      [inputs.shape.at(-1) as number, p.features],
      p.paramDtype,
    );
    const b = p.useBias ? this.param('bias', p.biasInit, [p.features], p.paramDtype) : null;
    return [k, b];
  }
}
Object.defineProperty(DenseParamsModule, 'name', { value: 'DenseParams' });

/**
 * LSTM cell computing the four gates with one matmul per input (same parameters and results as
 * LSTMCell). flax.linen.OptimizedLSTMCell.
 */
class OptimizedLSTMCellModule extends Module<CellConfig> {
  get numFeatureAxes(): number {
    return 1;
  }

  constructor(props: PropsOf<CellConfig, 'features'>) {
    super(withDefaults(CELL_DEFAULTS, props));
  }

  call(carry: Carry, inputs: Tensor): [[Tensor, Tensor], Tensor] {
    const p = this.props;
    const [c, h] = carry as readonly [Tensor, Tensor];
    const hidden = h.shape.at(-1) as number;
    const gates = ['i', 'f', 'g', 'o'] as const;
    const paramsI: [Tensor, Tensor | null][] = [];
    const paramsH: [Tensor, Tensor | null][] = [];
    for (const g of gates) {
      paramsI.push(
        new DenseParamsModule({
          features: hidden,
          useBias: false,
          paramDtype: p.paramDtype,
          kernelInit: p.kernelInit,
          biasInit: p.biasInit,
          name: `i${g}`,
        }).call(inputs),
      );
      paramsH.push(
        new DenseParamsModule({
          features: hidden,
          useBias: true,
          paramDtype: p.paramDtype,
          kernelInit: p.recurrentKernelInit,
          biasInit: p.biasInit,
          name: `h${g}`,
        }).call(h),
      );
    }
    const concatDense = (
      x: Tensor,
      params: [Tensor, Tensor | null][],
      useBias: boolean,
    ): Tensor[] => {
      const kernel = jnp.concatenate(
        params.map(([k]) => k),
        -1,
      );
      let y = jnp.dot(x, kernel);
      if (useBias) {
        const bias = jnp.concatenate(
          params.map(([, b]) => b as Tensor),
          -1,
        );
        y = y.add(jnp.reshape(bias, [...new Array<number>(y.ndim - 1).fill(1), -1]));
      }
      return jnp.split(y, params.length, y.ndim - 1);
    };
    const dh = concatDense(h, paramsH, true);
    const di = concatDense(inputs, paramsI, false);
    const i = p.gateFn((dh[0] as Tensor).add(di[0] as Tensor));
    const f = p.gateFn((dh[1] as Tensor).add(di[1] as Tensor));
    const g = p.activationFn((dh[2] as Tensor).add(di[2] as Tensor));
    const o = p.gateFn((dh[3] as Tensor).add(di[3] as Tensor));
    const newC = f.mul(c).add(i.mul(g));
    const newH = o.mul(p.activationFn(newC));
    return [[newC, newH], newH];
  }

  initializeCarry(rng: Tensor, inputShape: readonly number[]): [Tensor, Tensor] {
    const memShape = [...inputShape.slice(0, -1), this.props.features];
    const [k1, k2] = splitKey(rng);
    return [
      this.props.carryInit(k1, memShape, this.props.paramDtype),
      this.props.carryInit(k2, memShape, this.props.paramDtype),
    ];
  }
}
export const OptimizedLSTMCell = layer(OptimizedLSTMCellModule, 'OptimizedLSTMCell');
export type OptimizedLSTMCell = OptimizedLSTMCellModule;

/**
 * Gated recurrent unit: `ir, iz, in` (with bias), `hr, hz` (no bias), `hn` (with bias).
 * `call(h, x) → [h', h']`. flax.linen.GRUCell.
 */
class GRUCellModule extends Module<CellConfig> {
  get numFeatureAxes(): number {
    return 1;
  }

  constructor(props: PropsOf<CellConfig, 'features'>) {
    super(withDefaults(CELL_DEFAULTS, props));
  }

  call(carry: Carry, inputs: Tensor): [Tensor, Tensor] {
    const p = this.props;
    const h = carry as Tensor;
    const hidden = h.shape.at(-1) as number;
    const denseH = (name: string, useBias = false) =>
      Dense({
        features: hidden,
        useBias,
        dtype: p.dtype,
        paramDtype: p.paramDtype,
        kernelInit: p.recurrentKernelInit,
        biasInit: p.biasInit,
        name,
      });
    const denseI = (name: string) =>
      Dense({
        features: hidden,
        useBias: true,
        dtype: p.dtype,
        paramDtype: p.paramDtype,
        kernelInit: p.kernelInit,
        biasInit: p.biasInit,
        name,
      });
    const r = p.gateFn(denseI('ir').call(inputs).add(denseH('hr').call(h)));
    const z = p.gateFn(denseI('iz').call(inputs).add(denseH('hz').call(h)));
    const n = p.activationFn(
      denseI('in')
        .call(inputs)
        .add(r.mul(denseH('hn', true).call(h))),
    );
    const newH = jnp.subtract(1.0, z).mul(n).add(z.mul(h));
    return [newH, newH];
  }

  initializeCarry(rng: Tensor, inputShape: readonly number[]): Tensor {
    return this.props.carryInit(
      rng,
      [...inputShape.slice(0, -1), this.props.features],
      this.props.paramDtype,
    );
  }
}
export const GRUCell = layer(GRUCellModule, 'GRUCell');
export type GRUCell = GRUCellModule;

export interface SimpleCellConfig extends Omit<CellConfig, 'gateFn'> {
  /** Add the previous carry before the activation. */
  readonly residual: boolean;
}

/** Elman cell `tanh(W_i x + b + W_h h)`: `i` (with bias), `h` (no bias). flax.linen.SimpleCell. */
class SimpleCellModule extends Module<SimpleCellConfig> {
  get numFeatureAxes(): number {
    return 1;
  }

  constructor(props: PropsOf<SimpleCellConfig, 'features'>) {
    const { gateFn: _g, ...defaults } = CELL_DEFAULTS;
    super(withDefaults({ ...defaults, residual: false }, props));
  }

  call(carry: Carry, inputs: Tensor): [Tensor, Tensor] {
    const p = this.props;
    const h = carry as Tensor;
    const hidden = h.shape.at(-1) as number;
    let next = Dense({
      features: hidden,
      useBias: true,
      dtype: p.dtype,
      paramDtype: p.paramDtype,
      kernelInit: p.kernelInit,
      biasInit: p.biasInit,
      name: 'i',
    })
      .call(inputs)
      .add(
        Dense({
          features: hidden,
          useBias: false,
          dtype: p.dtype,
          paramDtype: p.paramDtype,
          kernelInit: p.recurrentKernelInit,
          name: 'h',
        }).call(h),
      );
    if (p.residual) next = next.add(h);
    next = p.activationFn(next);
    return [next, next];
  }

  initializeCarry(rng: Tensor, inputShape: readonly number[]): Tensor {
    return this.props.carryInit(
      rng,
      [...inputShape.slice(0, -1), this.props.features],
      this.props.paramDtype,
    );
  }
}
export const SimpleCell = layer(SimpleCellModule, 'SimpleCell');
export type SimpleCell = SimpleCellModule;

/**
 * Reverses each sequence in its first `seqLengths` steps (the padding stays at the end), or
 * the whole time axis without seqLengths. flax.linen.recurrent.flip_sequences.
 */
export function flipSequences(
  inputs: Tensor,
  seqLengths: Tensor | null,
  numBatchDims: number,
  timeMajor: boolean,
): Tensor {
  const timeAxis = timeMajor ? 0 : numBatchDims;
  const maxSteps = inputs.shape[timeAxis] as number;
  if (seqLengths === null) return jnp.flip(inputs, timeAxis);
  const lengths = jnp.expandDims(seqLengths, timeAxis);
  let idxs = jnp.arange(maxSteps - 1, -1, -1);
  idxs = timeMajor
    ? jnp.reshape(idxs, [maxSteps, ...new Array<number>(numBatchDims).fill(1)])
    : jnp.reshape(idxs, [...new Array<number>(numBatchDims).fill(1), maxSteps]);
  idxs = jnp.mod(idxs.add(lengths), maxSteps);
  idxs = jnp.reshape(idxs, [...idxs.shape, ...new Array<number>(inputs.ndim - idxs.ndim).fill(1)]);
  return jnp.takeAlongAxis(
    inputs,
    jnp.broadcastTo(idxs, [
      ...idxs.shape.slice(0, numBatchDims + 1),
      ...inputs.shape.slice(numBatchDims + 1),
    ]),
    timeAxis,
  );
}

export interface RNNConfig {
  /** The cell applied at every time step. */
  readonly cell: RNNCell;
  /** Inputs are `[time, batch..., features]` instead of `[batch..., time, features]`. */
  readonly timeMajor: boolean;
  /** Return `[carry, outputs]` instead of the outputs. */
  readonly returnCarry: boolean;
  /** Process the sequence from the end. */
  readonly reverse: boolean;
  /** With reverse, flip the outputs back to the input order. */
  readonly keepOrder: boolean;
}

export interface RNNCallOptions {
  readonly initialCarry?: Carry | null;
  /** Key for `cell.initializeCarry` (default PRNGKey(0), as Flax's random.key(0)). */
  readonly initKey?: Tensor | null;
  /** Valid length of each sequence (padding at the end). */
  readonly seqLengths?: Tensor | null;
  readonly returnCarry?: boolean;
  readonly timeMajor?: boolean;
  readonly reverse?: boolean;
  readonly keepOrder?: boolean;
}

const RNN_DEFAULTS = {
  timeMajor: false,
  returnCarry: false,
  reverse: false,
  keepOrder: false,
} as const;

/**
 * Runs a cell over the time axis (an unrolled loop; parameters are the cell's, shared by every
 * step). flax.linen.RNN.
 */
class RNNModule extends Module<RNNConfig> {
  constructor(props: PropsOf<RNNConfig, 'cell'>) {
    super(withDefaults(RNN_DEFAULTS, props));
  }

  call(inputs: Tensor, opts: RNNCallOptions = {}): Tensor | [Carry, Tensor] {
    const p = this.props;
    const cell = p.cell;
    const timeMajor = opts.timeMajor ?? p.timeMajor;
    const returnCarry = opts.returnCarry ?? p.returnCarry;
    const reverse = opts.reverse ?? p.reverse;
    const keepOrder = opts.keepOrder ?? p.keepOrder;
    const seqLengths = opts.seqLengths ?? null;
    let timeAxis = timeMajor ? 0 : inputs.ndim - (cell.numFeatureAxes + 1);
    if (timeAxis < 0) timeAxis += inputs.ndim;
    const batchDims = timeMajor
      ? inputs.shape.slice(1, -cell.numFeatureAxes)
      : inputs.shape.slice(0, timeAxis);
    let xs = inputs;
    if (reverse) xs = flipSequences(xs, seqLengths, batchDims.length, timeMajor);
    let carry: Carry;
    if (opts.initialCarry === undefined || opts.initialCarry === null) {
      const key = opts.initKey ?? random.PRNGKey(0);
      const inputShape = [...xs.shape.slice(0, timeAxis), ...xs.shape.slice(timeAxis + 1)];
      carry = cell.initializeCarry(key, inputShape);
    } else carry = opts.initialCarry;
    const steps = xs.shape[timeAxis] as number;
    if (steps === 0) throw new InvalidModuleArgumentError('RNN: the time axis is empty.');
    const outputs: Tensor[] = [];
    const carries: Carry[] = [];
    const sliceCarry = seqLengths !== null && returnCarry;
    for (let t = 0; t < steps; t++) {
      const x = jnp.squeeze(lax.sliceInDim(xs, t, t + 1, 1, timeAxis), timeAxis);
      const [c, y] = cell.call(carry, x);
      carry = c;
      outputs.push(y);
      if (sliceCarry) carries.push(c);
    }
    let out = jnp.stack(outputs, timeAxis);
    if (sliceCarry) {
      // The carry after each sequence's last valid step (Flax's _select_last_carry).
      const last = (seqLengths as Tensor).sub(1);
      const pick = (...leaves: Tensor[]): Tensor => {
        const stacked = jnp.stack(leaves, 0);
        return jnp.getItem(stacked, [last, jnp.arange(stacked.shape[1] as number)]);
      };
      carry = Array.isArray(carry)
        ? (carry as readonly Tensor[]).map((_, i) =>
            pick(...carries.map((c) => (c as readonly Tensor[])[i] as Tensor)),
          )
        : pick(...(carries as Tensor[]));
    }
    if (reverse && keepOrder) out = flipSequences(out, seqLengths, batchDims.length, timeMajor);
    return returnCarry ? [carry, out] : out;
  }
}
export const RNN = layer(RNNModule, 'RNN');
export type RNN = RNNModule;

export interface BidirectionalConfig {
  readonly forwardRnn: RNN;
  readonly backwardRnn: RNN;
  /** Merges the forward and backward outputs (default: concatenate on the last axis). */
  readonly mergeFn: (a: Tensor, b: Tensor) => Tensor;
  readonly timeMajor: boolean;
  readonly returnCarry: boolean;
}

/**
 * Runs one RNN forward and one backward (keeping the input order) and merges their outputs.
 * flax.linen.Bidirectional.
 */
class BidirectionalModule extends Module<BidirectionalConfig> {
  /** Flax's field names for the adopted RNNs (parameter paths forward_rnn/..., backward_rnn/...). */
  static override adoptedNames = { forwardRnn: 'forward_rnn', backwardRnn: 'backward_rnn' };

  constructor(props: PropsOf<BidirectionalConfig, 'forwardRnn' | 'backwardRnn'>) {
    super(
      withDefaults(
        {
          mergeFn: (a: Tensor, b: Tensor) => jnp.concatenate([a, b], -1),
          timeMajor: false,
          returnCarry: false,
        },
        props,
      ),
    );
  }

  call(
    inputs: Tensor,
    opts: Omit<RNNCallOptions, 'initialCarry'> & { initialCarry?: [Carry, Carry] | null } = {},
  ): Tensor | [[Carry, Carry], Tensor] {
    const p = this.props;
    const timeMajor = opts.timeMajor ?? p.timeMajor;
    const returnCarry = opts.returnCarry ?? p.returnCarry;
    let keyF: Tensor | null = null;
    let keyB: Tensor | null = null;
    if (opts.initKey !== undefined && opts.initKey !== null) [keyF, keyB] = splitKey(opts.initKey);
    const [carryF, carryB] = opts.initialCarry ?? [null, null];
    const seqLengths = opts.seqLengths ?? null;
    const [cF, outF] = p.forwardRnn.call(inputs, {
      initialCarry: carryF,
      initKey: keyF,
      seqLengths,
      returnCarry: true,
      timeMajor,
      reverse: false,
    }) as [Carry, Tensor];
    const [cB, outB] = p.backwardRnn.call(inputs, {
      initialCarry: carryB,
      initKey: keyB,
      seqLengths,
      returnCarry: true,
      timeMajor,
      reverse: true,
      keepOrder: true,
    }) as [Carry, Tensor];
    const outputs = p.mergeFn(outF, outB);
    return returnCarry ? [[cF, cB], outputs] : outputs;
  }
}
export const Bidirectional = layer(BidirectionalModule, 'Bidirectional');
export type Bidirectional = BidirectionalModule;
