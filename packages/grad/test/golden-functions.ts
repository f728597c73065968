/**
 * The functions of golden/grad_golden.py written with jaxts ops (same operations, same order), by
 * the names the golden cases use.
 */
import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

export function logSoftmax(x: Tensor): Tensor {
  return x.sub(jnp.logsumexp(x, { axis: -1, keepdims: true }));
}

export function softmax(x: Tensor): Tensor {
  return jnp.exp(logSoftmax(x));
}

export function xent(logits: Tensor, labels: Tensor): Tensor {
  const onehot = jnp.oneHot(labels, logits.shape[logits.ndim - 1] as number);
  return jnp.mean(jnp.sum(onehot.mul(logSoftmax(logits)), { axis: -1 }).neg());
}

const relu = (x: Tensor): Tensor => jnp.maximum(x, 0);

function mlp(act: (x: Tensor) => Tensor) {
  return (params: Params, x: Tensor, labels: Tensor): Tensor => {
    const h = act(jnp.matmul(x, params.w1).add(params.b1));
    return xent(jnp.matmul(h, params.w2).add(params.b2), labels);
  };
}

function layerNorm(x: Tensor, scale: Tensor, bias: Tensor, w: Tensor): Tensor {
  const mean = jnp.mean(x, { axis: -1, keepdims: true });
  const v = jnp.mean(jnp.square(x.sub(mean)), { axis: -1, keepdims: true });
  const y = x
    .sub(mean)
    .mul(lax.rsqrt(v.add(1e-5)))
    .mul(scale)
    .add(bias);
  return jnp.sum(y.mul(w));
}

type Tree = { a: Tensor; b: [Tensor, Tensor]; c: null; s: Tensor };

function convPool(x: Tensor, w: Tensor): Tensor {
  let y = lax.convGeneralDilated(x, w, [1, 1], 'SAME');
  y = jnp.tanh(y);
  y = lax.reduceWindow(y, Number.NEGATIVE_INFINITY, 'max', [1, 1, 2, 2], [1, 1, 2, 2], 'VALID');
  return jnp.mean(y);
}

function convStrided(x: Tensor, w: Tensor): Tensor {
  let y = lax.convGeneralDilated(
    x,
    w,
    [2, 1],
    [
      [1, 0],
      [1, 1],
    ],
    { lhsDilation: [1, 1], rhsDilation: [1, 2], dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'] },
  );
  y = lax.reduceWindow(y, 0, 'add', [1, 2, 2, 1], [1, 1, 1, 1], 'SAME');
  return jnp.sum(jnp.sin(y));
}

function cumOps(x: Tensor): Tensor {
  return jnp
    .sum(jnp.cumprod(x))
    .add(jnp.prod(x))
    .add(jnp.sum(jnp.cumsum(x).mul(x)));
}

function indexing(x: Tensor, v: Tensor): Tensor {
  const idx = jnp.array([2, 0, 2, 1], 'int32');
  const a = jnp.sum(
    jnp
      .take(x, idx, { axis: 0 })
      .mul(jnp.getItem(jnp.arange(1, 5, 1, 'float32'), [jnp.slice(), null])),
  );
  const b = jnp.sum(jnp.getItem(x, jnp.getItem(idx, jnp.slice(null, 2))).pow(2));
  const c = jnp.sum(jnp.getItem(x, [jnp.slice(1, 3), jnp.slice(null, null, 2)]));
  const upd = jnp.getItem(v, [jnp.slice(), null]).mul(jnp.getItem(x, 0));
  const d = jnp.sum(jnp.atIndex(x, idx).add(upd).pow(2));
  const e = jnp.sum(jnp.takeAlongAxis(x, jnp.array([[1], [0], [1]], 'int32'), 1));
  return a.add(b).add(c).add(d).add(e);
}

function dynSlice(x: Tensor): Tensor {
  const y = lax.dynamicSlice(x, [1, 3], [2, 2]);
  const z = lax.dynamicUpdateSlice(x, jnp.sin(y), [2, 0]);
  return jnp.sum(jnp.exp(y)).add(jnp.sum(z.mul(z)));
}

function padFn(x: Tensor, v: Tensor): Tensor {
  const a = jnp.pad(x, [
    [1, 2],
    [0, 1],
  ]);
  const b = lax.pad(x, v, [
    [1, -1, 1],
    [-1, 0, 2],
  ]);
  return jnp.sum(a.mul(a)).add(jnp.sum(jnp.sin(b)));
}

function concatFn(x: Tensor, y: Tensor): Tensor {
  const c = jnp.concatenate([x, y, x], 1);
  return jnp.sum(c.mul(jnp.arange(c.size, undefined, undefined, 'float32').reshape([...c.shape])));
}

const arange1 = (n: number): Tensor => jnp.arange(1, n + 1, 1, 'float32');

/** name → function, as in grad_golden.py. */
export const GOLDEN_FUNCTIONS: Record<string, (...args: never[]) => unknown> = {
  mlp_tanh: mlp(jnp.tanh),
  mlp_relu: mlp(relu),
  xent,
  layer_norm: layerNorm,
  lse: (x: Tensor) => jnp.logsumexp(x),
  unused: (x: Tensor, _y: Tensor, z: Tensor) => jnp.sum(jnp.sin(x).mul(z)),
  pytree: (p: Tree) => jnp.sum(p.a.mul(p.b[0])).add(jnp.sum(jnp.tanh(p.b[1])).mul(p.s)),
  conv_pool: convPool,
  conv_strided: convStrided,
  cum_ops: cumOps,
  prod: (x: Tensor) => jnp.prod(x),
  cumprod: (x: Tensor) => jnp.cumprod(x),
  sort: (x: Tensor) =>
    jnp.sum(jnp.sort(x).mul(jnp.arange(x.shape[0] as number, undefined, undefined, 'float32'))),
  sort_vec: (x: Tensor) => jnp.sort(x),
  indexing,
  dyn_slice: dynSlice,
  pad: padFn,
  concat: concatFn,
  where: (x: Tensor) => jnp.sum(jnp.where(x.greater(0), x.pow(2), jnp.sin(x))),
  max_ties: (x: Tensor, y: Tensor) =>
    jnp
      .sum(jnp.maximum(x, y).mul(2).add(jnp.minimum(x, y)))
      .add(jnp.max(x))
      .add(jnp.min(y)),
  clip: (x: Tensor) => jnp.sum(jnp.clip(x, -1, 1).mul(arange1(x.size))),
  clamp: (x: Tensor) => jnp.sum(lax.clamp(-1, x, 1).mul(arange1(x.size))),
  pow: (x: Tensor, y: Tensor) =>
    jnp.sum(
      x
        .pow(3)
        .add(lax.integerPow(x.add(3), -2))
        .add(jnp.power(jnp.abs(x), y)),
    ),
  special: (x: Tensor, y: Tensor) =>
    jnp.sum(
      jnp
        .arctan2(x, y)
        .add(lax.erf(x))
        .add(lax.erfInv(jnp.tanh(y).mul(0.9)))
        .add(lax.logistic(x.mul(y))),
    ),
  softmax_w: (x: Tensor, w: Tensor) => jnp.sum(softmax(x).mul(w)),
  log_softmax_w: (x: Tensor, w: Tensor) => jnp.sum(logSoftmax(x).mul(w)),
  softmax_vec: softmax,
  cube_sum: (x: Tensor) => jnp.sum(x.pow(3)),
  outer: (x: Tensor) => jnp.outer(x, x),
  tree_out: (x: Tensor, y: Tensor) => ({ p: x.mul(y), q: [jnp.sum(x), jnp.tanh(y)] }),
  mixed_rank: (x: Tensor, m: Tensor) =>
    jnp
      .getItem(jnp.tanh(jnp.matmul(m, x)), [jnp.slice(), null])
      .mul(jnp.getItem(x, [null, jnp.slice()])),
};
