"""Golden gradients, Jacobians and Hessians from JAX for @jaxts/grad.

Run from the repository root:

    /work/.venv-ref/bin/python packages/grad/golden/grad_golden.py

Writes packages/grad/golden/grad.json. Each case names a function (`fn`) that
packages/grad/test/golden-functions.ts implements with the same operations in jaxts, the
arguments, which of them are differentiated (`argnums`), the transformation (`kind`) and JAX's
result. Deterministic: inputs come from a fixed NumPy seed or are written out by hand.
"""

import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.scipy.special import logsumexp

jax.config.update("jax_platforms", "cpu")
assert not jax.config.jax_enable_x64

rng = np.random.RandomState(0)


def rand(*shape, scale=1.0):
    return (rng.randn(*shape) * scale).astype(np.float32)


# ---- encoding -----------------------------------------------------------------------------------


def enc_num(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def enc(x):
    """Pytree → JSON: arrays as {"tensor": ...}, dicts as {"dict": ...}, tuples/lists as lists."""
    if x is None:
        return None
    if isinstance(x, dict):
        return {"dict": {k: enc(v) for k, v in x.items()}}
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    a = np.asarray(x)
    dtype = str(a.dtype)
    assert dtype in ("float32", "int32", "bool"), dtype
    return {"tensor": {"shape": list(a.shape), "dtype": dtype, "data": [enc_num(v) for v in a.ravel().tolist()]}}


# ---- the functions (mirrored in test/golden-functions.ts) ---------------------------------------


def log_softmax(x):
    return x - logsumexp(x, axis=-1, keepdims=True)


def softmax(x):
    return jnp.exp(log_softmax(x))


def xent(logits, labels):
    onehot = jax.nn.one_hot(labels, logits.shape[-1])
    return jnp.mean(-jnp.sum(onehot * log_softmax(logits), axis=-1))


def mlp(act):
    def loss(params, x, labels):
        h = act(x @ params["w1"] + params["b1"])
        return xent(h @ params["w2"] + params["b2"], labels)

    return loss


def relu(x):
    return jnp.maximum(x, 0.0)


def layer_norm(x, scale, bias, w):
    mean = jnp.mean(x, axis=-1, keepdims=True)
    var = jnp.mean(jnp.square(x - mean), axis=-1, keepdims=True)
    y = (x - mean) * lax.rsqrt(var + 1e-5) * scale + bias
    return jnp.sum(y * w)


def lse(x):
    return logsumexp(x)


def unused(x, y, z):
    return jnp.sum(jnp.sin(x) * z)


def pytree_fn(p):
    return jnp.sum(p["a"] * p["b"][0]) + jnp.sum(jnp.tanh(p["b"][1])) * p["s"]


def conv_pool(x, w):
    y = lax.conv_general_dilated(x, w, (1, 1), "SAME")
    y = jnp.tanh(y)
    y = lax.reduce_window(y, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")
    return jnp.mean(y)


def conv_strided(x, w):
    y = lax.conv_general_dilated(
        x, w, (2, 1), ((1, 0), (1, 1)), lhs_dilation=(1, 1), rhs_dilation=(1, 2),
        dimension_numbers=("NHWC", "HWIO", "NHWC"))
    y = lax.reduce_window(y, 0.0, lax.add, (1, 2, 2, 1), (1, 1, 1, 1), "SAME")
    return jnp.sum(jnp.sin(y))


def cum_ops(x):
    return jnp.sum(jnp.cumprod(x)) + jnp.prod(x) + jnp.sum(jnp.cumsum(x) * x)


def prod_fn(x):
    return jnp.prod(x)


def cumprod_fn(x):
    return jnp.cumprod(x)


def sort_fn(x):
    return jnp.sum(jnp.sort(x) * jnp.arange(x.shape[0], dtype=jnp.float32))


def sort_vec(x):
    return jnp.sort(x)


def indexing(x, v):
    idx = jnp.array([2, 0, 2, 1], dtype=jnp.int32)
    a = jnp.sum(jnp.take(x, idx, axis=0) * jnp.arange(1.0, 5.0)[:, None])
    b = jnp.sum(x[idx[:2]] ** 2)
    c = jnp.sum(x[1:3, ::2])
    d = jnp.sum(x.at[idx].add(v[:, None] * x[0]) ** 2)
    e = jnp.sum(jnp.take_along_axis(x, jnp.array([[1], [0], [1]], dtype=jnp.int32), axis=1))
    return a + b + c + d + e


def dyn_slice(x):
    y = lax.dynamic_slice(x, (1, 3), (2, 2))
    z = lax.dynamic_update_slice(x, jnp.sin(y), (2, 0))
    return jnp.sum(jnp.exp(y)) + jnp.sum(z * z)


def pad_fn(x, v):
    a = jnp.pad(x, ((1, 2), (0, 1)))
    b = lax.pad(x, v, ((1, -1, 1), (-1, 0, 2)))
    return jnp.sum(a * a) + jnp.sum(jnp.sin(b))


def concat_fn(x, y):
    c = jnp.concatenate([x, y, x], axis=1)
    return jnp.sum(c * jnp.arange(c.size, dtype=jnp.float32).reshape(c.shape))


def where_fn(x):
    return jnp.sum(jnp.where(x > 0, x ** 2, jnp.sin(x)))


def max_ties(x, y):
    return jnp.sum(jnp.maximum(x, y) * 2.0 + jnp.minimum(x, y)) + jnp.max(x) + jnp.min(y)


def clip_fn(x):
    return jnp.sum(jnp.clip(x, -1.0, 1.0) * jnp.arange(1.0, x.size + 1.0))


def clamp_fn(x):
    return jnp.sum(lax.clamp(-1.0, x, 1.0) * jnp.arange(1.0, x.size + 1.0))


def pow_fn(x, y):
    return jnp.sum(x ** 3 + lax.integer_pow(x + 3.0, -2) + jnp.power(jnp.abs(x), y))


def special(x, y):
    return jnp.sum(jnp.arctan2(x, y) + lax.erf(x) + lax.erf_inv(jnp.tanh(y) * 0.9) + jax.nn.sigmoid(x * y))


def softmax_w(x, w):
    return jnp.sum(softmax(x) * w)


def log_softmax_w(x, w):
    return jnp.sum(log_softmax(x) * w)


def softmax_vec(x):
    return softmax(x)


def cube_sum(x):
    return jnp.sum(x ** 3)


def outer_fn(x):
    return jnp.outer(x, x)


def tree_out(x, y):
    return {"p": x * y, "q": (jnp.sum(x), jnp.tanh(y))}


def mixed_rank(x, m):
    return jnp.tanh(m @ x)[:, None] * x[None, :]


# ---- cases --------------------------------------------------------------------------------------

cases = []


def add(id_, fn, f, args, kind="grad", argnums=0):
    try:
        if kind == "grad":
            value, g = jax.value_and_grad(f, argnums=argnums)(*args)
            case = {"value": enc(value), "out": enc(g)}
        else:
            t = {"jacfwd": jax.jacfwd, "jacrev": jax.jacrev, "hessian": jax.hessian}[kind]
            case = {"out": enc(t(f, argnums=argnums)(*args))}
    except Exception as e:  # noqa: BLE001
        raise RuntimeError(f"{id_}: {e}") from e
    cases.append({"id": id_, "fn": fn, "kind": kind, "argnums": argnums, "args": [enc(a) for a in args], **case})


params = {"w1": rand(4, 5, scale=0.5), "b1": rand(5, scale=0.1), "w2": rand(5, 3, scale=0.5), "b2": rand(3, scale=0.1)}
xb = rand(6, 4)
labels = np.array([0, 2, 1, 1, 0, 2], dtype=np.int32)
add("mlp_tanh/grad params", "mlp_tanh", mlp(jnp.tanh), [params, xb, labels])
add("mlp_relu/grad params", "mlp_relu", mlp(relu), [params, xb, labels])
add("mlp_tanh/grad params and x", "mlp_tanh", mlp(jnp.tanh), [params, xb, labels], argnums=(0, 1))

logits = rand(4, 5, scale=2.0)
add("xent/grad", "xent", xent, [logits, labels[:4]])
add("xent/hessian", "xent", xent, [rand(2, 3), labels[:2]], kind="hessian")
add("xent/grad large logits", "xent", xent, [np.array([[1e4, -1e4, 0.0], [50.0, 51.0, -100.0]], np.float32), labels[:2]])

x_ln = rand(3, 4)
args_ln = [x_ln, 1.0 + rand(4, scale=0.1), rand(4, scale=0.1), rand(3, 4)]
add("layer_norm/grad x scale bias", "layer_norm", layer_norm, args_ln, argnums=(0, 1, 2))
add("layer_norm/hessian x", "layer_norm", layer_norm, [rand(2, 3), np.ones(3, np.float32), np.zeros(3, np.float32), rand(2, 3)], kind="hessian")

add("logsumexp/grad large", "lse", lse, [np.array([1e4, -1e4, 0.0, 1e4 + 1.0], np.float32)])
add("logsumexp/grad -inf entries", "lse", lse, [np.array([-np.inf, 0.0, 1.0, -np.inf], np.float32)])
add("logsumexp/grad all -inf", "lse", lse, [np.array([-np.inf, -np.inf], np.float32)])
add("logsumexp/hessian", "lse", lse, [rand(4)], kind="hessian")

add("unused/grad all args", "unused", unused, [rand(3), rand(2, 2), rand(3)], argnums=(0, 1, 2))
add("pytree/grad", "pytree", pytree_fn, [{"a": rand(3), "b": [rand(3), rand(2, 2)], "c": None, "s": np.float32(1.5)}])

add("conv_pool/grad x w", "conv_pool", conv_pool, [rand(2, 1, 6, 6), rand(3, 1, 3, 3, scale=0.5)], argnums=(0, 1))
add("conv_strided/grad x w", "conv_strided", conv_strided, [rand(1, 5, 4, 2), rand(2, 2, 2, 3, scale=0.5)], argnums=(0, 1))

add("cum_ops/grad one zero", "cum_ops", cum_ops, [np.array([0.5, -1.5, 0.0, 2.0, 0.7], np.float32)])
add("cum_ops/grad two zeros", "cum_ops", cum_ops, [np.array([0.5, 0.0, 1.5, 0.0, 2.0], np.float32)])
add("prod/hessian one zero", "prod", prod_fn, [np.array([2.0, 0.0, 3.0, -1.0], np.float32)], kind="hessian")
add("prod/hessian two zeros", "prod", prod_fn, [np.array([2.0, 0.0, 3.0, 0.0], np.float32)], kind="hessian")
add("cumprod/jacfwd zeros", "cumprod", cumprod_fn, [np.array([2.0, 0.0, 3.0, -1.0], np.float32)], kind="jacfwd")
add("cumprod/jacrev zeros", "cumprod", cumprod_fn, [np.array([2.0, 0.0, 3.0, -1.0], np.float32)], kind="jacrev")

add("sort/grad", "sort", sort_fn, [rand(6)])
add("sort/jacrev", "sort_vec", sort_vec, [rand(5)], kind="jacrev")

add("indexing/grad x v", "indexing", indexing, [rand(3, 4), rand(4)], argnums=(0, 1))
add("dynamic_slice/grad clamped start", "dyn_slice", dyn_slice, [rand(4, 4)])
add("pad/grad x and value", "pad", pad_fn, [rand(3, 4), np.float32(0.3)], argnums=(0, 1))
add("concatenate/grad", "concat", concat_fn, [rand(2, 3), rand(2, 1)], argnums=(0, 1))
add("where/grad", "where", where_fn, [np.array([-1.5, -0.2, 0.0, 0.3, 2.0], np.float32)])

tie_x = np.array([1.0, 2.0, 3.0, 3.0, -1.0, 0.5], np.float32)
tie_y = np.array([1.0, 1.0, 3.0, 4.0, -1.0, -3.0], np.float32)
add("max_min/grad ties", "max_ties", max_ties, [tie_x, tie_y], argnums=(0, 1))
add("max_min/grad ties in reductions", "max_ties", max_ties, [np.array([3.0, 1.0, 3.0, 3.0], np.float32), np.array([0.0, -2.0, 5.0, -2.0], np.float32)], argnums=(0, 1))
edge = np.array([-2.0, -1.0, -0.5, 0.0, 1.0, 1.5], np.float32)
add("clip/grad at the bounds", "clip", clip_fn, [edge])
add("clamp/grad at the bounds", "clamp", clamp_fn, [edge])

add("pow/grad x y (x with zero)", "pow", pow_fn, [np.array([0.0, 0.5, -1.2, 2.0], np.float32), np.array([2.0, 1.5, 0.5, -1.0], np.float32)], argnums=(0, 1))
add("special/grad", "special", special, [rand(5), rand(5)], argnums=(0, 1))
add("special/hessian x", "special", special, [rand(3), rand(3)], kind="hessian")

sx = rand(4)
add("softmax/hessian", "softmax_w", softmax_w, [sx, rand(4)], kind="hessian")
add("log_softmax/hessian", "log_softmax_w", log_softmax_w, [sx, rand(4)], kind="hessian")
add("softmax/jacfwd", "softmax_vec", softmax_vec, [sx], kind="jacfwd")
add("softmax/jacrev", "softmax_vec", softmax_vec, [rand(2, 3)], kind="jacrev")

add("cube_sum/hessian", "cube_sum", cube_sum, [np.arange(3, dtype=np.float32)], kind="hessian")
add("outer/jacfwd", "outer", outer_fn, [np.array([1.0, 2.0, 3.0], np.float32)], kind="jacfwd")
add("outer/jacrev", "outer", outer_fn, [np.array([1.0, 2.0, 3.0], np.float32)], kind="jacrev")
add("tree_out/jacfwd argnums (0, 1)", "tree_out", tree_out, [rand(2), rand(2)], kind="jacfwd", argnums=(0, 1))
add("tree_out/jacrev argnums (0, 1)", "tree_out", tree_out, [rand(2), rand(2)], kind="jacrev", argnums=(0, 1))
add("tree_out/jacrev argnums 1", "tree_out", tree_out, [rand(2), rand(2)], kind="jacrev", argnums=1)
add("mixed_rank/jacfwd", "mixed_rank", mixed_rank, [rand(3), rand(2, 3)], kind="jacfwd")
add("mixed_rank/jacrev both", "mixed_rank", mixed_rank, [rand(3), rand(2, 3)], kind="jacrev", argnums=(0, 1))
add("pytree/hessian", "pytree", pytree_fn, [{"a": rand(2), "b": [rand(2), rand(1, 2)], "c": None, "s": np.float32(0.5)}], kind="hessian")

out = {
    "meta": {"jax": jax.__version__, "numpy": np.__version__, "x64": False, "platform": "cpu"},
    "cases": cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grad.json")
with open(path, "w") as fh:
    fh.write('{\n  "meta": ' + json.dumps(out["meta"]) + ',\n  "cases": [\n')
    fh.write(",\n".join("    " + json.dumps(c) for c in cases))
    fh.write("\n  ]\n}\n")
print(f"wrote {len(cases)} cases to {path}")
