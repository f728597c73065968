"""Golden values for @jaxts/tensor's numpy / lax ops, computed with real JAX.

Every case runs the real jax function (CPU, float32 default, no x64) and records
inputs, keyword options and outputs (or the error JAX raised) as JSON. The format
is described in README.md next to this file. Regenerate with:

    /work/.venv-ref/bin/python packages/tensor/golden/ops.py
"""

import os
import sys

# Sibling generator scripts in this folder (e.g. random.py) must not shadow stdlib modules.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import warnings  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import jax.scipy.special as jsp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
INF = float("inf")
NAN = float("nan")
F32 = np.float32
I32 = np.int32
U32 = np.uint32
SUPPORTED = {"float32", "int32", "bool", "uint32"}

# ---------------------------------------------------------------------------
# Argument wrappers: how a positional argument is passed to JAX and recorded.
# ---------------------------------------------------------------------------


class T:
    """A tensor argument (numpy array of a supported dtype, passed as a jax array)."""

    def __init__(self, a, dtype=None, weak=False):
        self.a = np.asarray(a, dtype=dtype) if dtype is not None else np.asarray(a)
        if self.a.dtype == np.float64:
            self.a = self.a.astype(F32)
        if self.a.dtype == np.int64:
            self.a = self.a.astype(I32)
        assert self.a.dtype.name in SUPPORTED, self.a.dtype
        self.weak = weak

    def py(self):
        if self.weak:
            # jnp.asarray of a Python scalar is weakly typed; only 0-d weak tensors are used.
            assert self.a.shape == ()
            return jnp.asarray(self.a.item())
        return jnp.asarray(self.a)

    def enc(self):
        d = {"tensor": enc_arr(self.a)}
        if self.weak:
            d["tensor"]["weakType"] = True
        return d


class S:
    """A Python scalar (weakly typed in JAX, except bool)."""

    def __init__(self, v):
        assert isinstance(v, (bool, int, float))
        self.v = v

    def py(self):
        return self.v

    def enc(self):
        t = "bool" if isinstance(self.v, bool) else "int" if isinstance(self.v, int) else "float"
        return {"scalar": enc_scalar(self.v), "pytype": t}


class V:
    """A plain value (ints, lists, strings, None, tuples as lists). `py` overrides what JAX gets."""

    _unset = object()

    def __init__(self, v, py=_unset):
        self.v = v
        self.pyv = v if py is V._unset else py

    def py(self):
        return self.pyv

    def enc(self):
        return {"value": enc_value(self.v)}


class L:
    """A Python list of arguments (e.g. the arrays of concatenate / stack)."""

    def __init__(self, items):
        self.items = items

    def py(self):
        return [i.py() for i in self.items]

    def enc(self):
        return {"list": [i.enc() for i in self.items]}


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------


def enc_float(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def enc_f32(v):
    """Shortest decimal that round-trips to the same float32 (keeps the JSON small)."""
    f = F32(v)
    if np.isnan(f):
        return "nan"
    if np.isinf(f):
        return "inf" if f > 0 else "-inf"
    s = float(str(f))
    if F32(s) != f or (f == 0 and math.copysign(1, s) != math.copysign(1, float(f))):
        s = float(f)
    return s


def enc_arr(a):
    a = np.asarray(a)
    name = a.dtype.name
    if name not in SUPPORTED:
        raise AssertionError(f"unsupported dtype in golden data: {name}")
    flat = a.reshape(-1)
    if name == "float32":
        data = [enc_f32(v) for v in flat]
    elif name == "bool":
        data = [bool(v) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"shape": list(a.shape), "dtype": name, "data": data}


def enc_scalar(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    return enc_float(v)


def enc_value(v):
    if isinstance(v, (T, S, V, L)):
        return v.enc()
    if isinstance(v, np.ndarray):
        return {"tensor": enc_arr(v)}
    if isinstance(v, (list, tuple)):
        return [enc_value(x) for x in v]
    if isinstance(v, dict):
        return {k: enc_value(x) for k, x in v.items()}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return enc_float(v)
    if isinstance(v, (np.dtype, type)):
        return np.dtype(v).name
    raise TypeError(f"cannot encode {v!r}")


def py_value(v):
    if isinstance(v, (T, S, V, L)):
        return v.py()
    return v


def camel(name):
    if name in ("keepdims", "M"):
        return name
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def enc_out(r):
    a = np.asarray(r)
    d = enc_arr(a)
    if getattr(r, "weak_type", False):
        d["weakType"] = True
    return d


# ---------------------------------------------------------------------------
# Index encoding for fn "index" and "at.*"
# ---------------------------------------------------------------------------


def sl(start=None, stop=None, step=None):
    return {"slice": [start, stop, step]}


def ix(k):
    return {"int": k}


NEWAXIS = {"newaxis": True}
ELLIPSIS = {"ellipsis": True}


def ia(lst):
    return {"intArray": list(lst)}


def index_py(spec):
    out = []
    for s in spec:
        if "slice" in s:
            out.append(slice(*s["slice"]))
        elif "int" in s:
            out.append(s["int"])
        elif "newaxis" in s:
            out.append(None)
        elif "ellipsis" in s:
            out.append(Ellipsis)
        elif "intArray" in s:
            out.append(jnp.asarray(np.array(s["intArray"], dtype=I32)))
        else:
            raise ValueError(s)
    return tuple(out)


# ---------------------------------------------------------------------------
# Case recording
# ---------------------------------------------------------------------------

FILES = {}
IDS = set()
WARNINGS = []
NS = {"jnp": jnp, "lax": lax, "jax": jax, "jsp": jsp}


def resolve(py):
    parts = py.split(".")
    obj = NS[parts[0]]
    for p in parts[1:]:
        obj = getattr(obj, p)
    return obj


def jaxts_name(py):
    parts = py.split(".")
    head = {"jnp": "numpy", "lax": "lax", "jax": "", "jsp": "numpy"}[parts[0]]
    rest = parts[1:]
    rest = rest[:-1] + [camel(rest[-1])]
    return ".".join([p for p in [head] + rest if p])


def case(fam, sub, py, args=(), opts=None, *, fn=None, expect_error=False, call=None,
         index=None, opts_json=None, unspecified=False):
    """Record one case.

    fam: output file family; sub: id suffix; py: python function path ('jnp.add').
    expect_error: True (must raise), False (must not), None (record whatever JAX does).
    call: custom callable(py_args, py_kwargs) replacing resolve(py)(*args, **kwargs).
    """
    fn = fn or jaxts_name(py)
    short = fn.split(".", 1)[1] if fn.startswith(("numpy.", "lax.", "nn.")) else fn
    cid = f"{short}/{sub}" if not fn.startswith("lax.") else f"lax.{short}/{sub}"
    if cid in IDS:
        raise AssertionError(f"duplicate id {cid}")
    IDS.add(cid)
    opts = opts or {}
    c = {"id": cid, "fn": fn, "py": py, "args": [a.enc() for a in args]}
    if index is not None:
        c["index"] = index
    if opts or opts_json:
        c["options"] = opts_json if opts_json is not None else {
            camel(k): enc_value(v) for k, v in opts.items()
        }
    py_args = [a.py() for a in args]
    py_kwargs = {k: py_value(v) for k, v in opts.items()}
    try:
        if call is not None:
            r = call(py_args, py_kwargs)
        else:
            r = resolve(py)(*py_args, **py_kwargs)
        if isinstance(r, (tuple, list)):
            c["outs"] = [enc_out(x) for x in r]
        else:
            c["out"] = enc_out(r)
            if unspecified:
                c["out"].pop("data")
                c["valuesUnspecified"] = True
        if expect_error is True:
            WARNINGS.append(f"{cid}: expected an error, got a result")
    except Exception as e:  # JAX raised: record its class and message
        msg = str(e).strip().split("\n")[0][:400]
        c["error"] = msg
        c["errorType"] = type(e).__name__
        if expect_error is False:
            WARNINGS.append(f"{cid}: unexpected {type(e).__name__}: {msg}")
    FILES.setdefault(fam, []).append(c)
    return c


# ---------------------------------------------------------------------------
# Input helpers
# ---------------------------------------------------------------------------

RNG = np.random.default_rng(0)


def reseed(seed):
    global RNG
    RNG = np.random.default_rng(seed)


def rf(shape, lo=-2.0, hi=2.0, decimals=3):
    """Random float32 with few decimals (compact JSON, exact float32 round trip)."""
    return np.round(RNG.uniform(lo, hi, shape), decimals).astype(F32)


def ri(shape, lo=-5, hi=6):
    return RNG.integers(lo, hi, shape).astype(I32)


def rb(shape):
    return RNG.random(shape) < 0.5


def f32(x):
    return np.asarray(x, dtype=F32)


def i32(x):
    return np.asarray(x, dtype=I32)


def u32(x):
    return np.asarray(x, dtype=U32)


def b(x):
    return np.asarray(x, dtype=bool)


SPECIAL = f32([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, INF, -INF, NAN])


# ===========================================================================
# creation
# ===========================================================================


def gen_creation():
    reseed(1)
    F = "creation"
    for name in ("array", "asarray"):
        p = f"jnp.{name}"
        case(F, "nested_int", p, [V([[1, 2, 3], [4, 5, 6]])])
        case(F, "nested_float", p, [V([[1.5, -2.0], [0.25, 3.0]])])
        case(F, "mixed_int_float", p, [V([1, 2.5, -3])])
        case(F, "bool_list", p, [V([True, False, True])])
        case(F, "bool_int_mixed", p, [V([True, 2, 0])])
        case(F, "scalar_float", p, [S(2.5)])
        case(F, "scalar_int", p, [S(7)])
        case(F, "scalar_bool", p, [S(True)])
        case(F, "nested_3d", p, [V([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])])
        case(F, "empty_list", p, [V([])])
        case(F, "dtype_float32_from_ints", p, [V([1, 2, 3])], {"dtype": "float32"})
        case(F, "dtype_int32_from_floats_truncates", p, [V([1.7, -1.7, 2.5, -0.5])],
             {"dtype": "int32"})
        case(F, "dtype_bool_from_numbers", p, [V([0, 1, -2, 0.5])], {"dtype": "bool"})
        case(F, "dtype_uint32", p, [V([0, 1, 4294967295])], {"dtype": "uint32"})
        case(F, "from_tensor", p, [T(rf((2, 3)))])
        case(F, "from_tensor_astype_int32", p, [T(f32([1.9, -1.9, 0.0]))], {"dtype": "int32"})
        case(F, "ragged_error", p, [V([[1, 2], [3]])], expect_error=True)
    for name in ("zeros", "ones"):
        p = f"jnp.{name}"
        case(F, "shape_2x3", p, [V([2, 3])])
        case(F, "shape_int", p, [V(4)])
        case(F, "shape_scalar", p, [V([])])
        case(F, "shape_zero_dim", p, [V([0, 3])])
        case(F, "dtype_int32", p, [V([2, 2])], {"dtype": "int32"})
        case(F, "dtype_bool", p, [V([3])], {"dtype": "bool"})
        case(F, "dtype_uint32", p, [V([2])], {"dtype": "uint32"})
        case(F, "negative_dim_error", p, [V([2, -1])], expect_error=True)
        case(F, "float_dim_error", p, [V([2.5])], expect_error=True)
    p = "jnp.full"
    case(F, "float_fill", p, [V([2, 3]), S(1.5)])
    case(F, "int_fill", p, [V([2, 2]), S(7)])
    case(F, "bool_fill", p, [V([3]), S(True)])
    case(F, "dtype_override", p, [V([2, 2]), S(2.7)], {"dtype": "int32"})
    case(F, "nan_fill", p, [V([2]), S(NAN)])
    case(F, "inf_fill", p, [V([2]), S(-INF)])
    case(F, "tensor_fill_broadcast", p, [V([2, 3]), T(f32([1.0, 2.0, 3.0]))])
    case(F, "tensor_fill_int32", p, [V([2]), T(i32(5))])
    case(F, "shape_int", p, [V(3), S(0.5)])
    case(F, "negative_dim_error", p, [V([-2]), S(1.0)], expect_error=True)
    p = "jnp.empty"
    case(F, "shape_2x3", p, [V([2, 3])], unspecified=True)
    case(F, "dtype_int32", p, [V([4])], {"dtype": "int32"}, unspecified=True)
    case(F, "shape_int", p, [V(5)], unspecified=True)
    x = rf((2, 3))
    xi = ri((3,))
    for name in ("zeros_like", "ones_like"):
        p = f"jnp.{name}"
        case(F, "float32", p, [T(x)])
        case(F, "int32", p, [T(xi)])
        case(F, "bool", p, [T(b([True, False]))])
        case(F, "scalar", p, [T(f32(3.0))])
        case(F, "dtype_override", p, [T(x)], {"dtype": "int32"})
        case(F, "shape_override", p, [T(x)], {"shape": [4]})
    p = "jnp.full_like"
    case(F, "float32", p, [T(x), S(2.5)])
    case(F, "int32_with_float_fill", p, [T(xi), S(2.7)])
    case(F, "int32_with_negative_float_fill", p, [T(xi), S(-2.7)])
    case(F, "bool_fill_one", p, [T(b([True, False])), S(1)])
    case(F, "dtype_override", p, [T(x), S(3)], {"dtype": "int32"})
    case(F, "shape_override", p, [T(x), S(-1.0)], {"shape": [2, 2]})
    case(F, "tensor_fill", p, [T(x), T(f32([1.0, 2.0, 3.0]))])
    p = "jnp.eye"
    case(F, "n3", p, [V(3)])
    case(F, "n2_m4", p, [V(2)], {"M": 4})
    case(F, "n4_m3_k1", p, [V(4)], {"M": 3, "k": 1})
    case(F, "n3_k_neg1", p, [V(3)], {"k": -1})
    case(F, "n3_k_3_all_zero", p, [V(3)], {"k": 3})
    case(F, "n3_int32", p, [V(3)], {"dtype": "int32"})
    case(F, "n2_bool", p, [V(2)], {"dtype": "bool"})
    case(F, "n0", p, [V(0)])
    p = "jnp.identity"
    case(F, "n1", p, [V(1)])
    case(F, "n4", p, [V(4)])
    case(F, "n3_int32", p, [V(3)], {"dtype": "int32"})
    p = "jnp.arange"
    case(F, "stop_int", p, [S(5)])
    case(F, "stop_float", p, [S(5.0)])
    case(F, "start_stop_int", p, [S(2), S(7)])
    case(F, "start_stop_step_int", p, [S(1), S(10), S(3)])
    case(F, "negative_step_int", p, [S(10), S(0), S(-3)])
    case(F, "negative_step_float", p, [S(1.0), S(-1.0), S(-0.5)])
    case(F, "float_step_0p1", p, [S(0.0), S(1.0), S(0.1)])
    case(F, "float_step_0p25", p, [S(-1), S(1), S(0.25)])
    case(F, "int_start_float_stop", p, [S(0), S(2.5)])
    case(F, "empty_range", p, [S(5), S(2)])
    case(F, "negative_stop", p, [S(-3)])
    case(F, "dtype_float32", p, [S(0), S(4)], {"dtype": "float32"})
    case(F, "dtype_int32_float_args", p, [S(0.5), S(4.5)], {"dtype": "int32"})
    case(F, "zero_step_error", p, [S(0), S(4), S(0)], expect_error=None)
    case(F, "inf_stop_error", p, [S(INF)], expect_error=True)
    case(F, "nan_stop_error", p, [S(NAN)], expect_error=True)
    p = "jnp.linspace"
    case(F, "0_1_num5", p, [S(0.0), S(1.0), V(5)])
    case(F, "0_1_num5_no_endpoint", p, [S(0.0), S(1.0), V(5)], {"endpoint": False})
    case(F, "int_args_num4", p, [S(2), S(3), V(4)])
    case(F, "num1", p, [S(2.0), S(3.0), V(1)])
    case(F, "num1_no_endpoint", p, [S(2.0), S(3.0), V(1)], {"endpoint": False})
    case(F, "num0", p, [S(0.0), S(1.0), V(0)])
    case(F, "decreasing", p, [S(1.0), S(-1.0), V(5)])
    case(F, "default_num50", p, [S(0.0), S(49.0)])
    case(F, "dtype_int32", p, [S(0), S(10), V(4)], {"dtype": "int32"})
    case(F, "dtype_int32_negative", p, [S(-5), S(5), V(4)], {"dtype": "int32"})
    case(F, "num7_endpoint", p, [S(-1.0), S(1.0), V(7)])
    case(F, "negative_num_error", p, [S(0.0), S(1.0), V(-1)], expect_error=True)
    p = "jnp.tri"
    case(F, "n3", p, [V(3)])
    case(F, "n3_m4", p, [V(3)], {"M": 4})
    case(F, "n4_m3_k1", p, [V(4)], {"M": 3, "k": 1})
    case(F, "n3_k_neg1", p, [V(3)], {"k": -1})
    case(F, "n2_int32", p, [V(2)], {"dtype": "int32"})
    m = rf((3, 4))
    m3 = ri((2, 3, 3))
    for name in ("tril", "triu"):
        p = f"jnp.{name}"
        case(F, "3x4", p, [T(m)])
        case(F, "3x4_k1", p, [T(m)], {"k": 1})
        case(F, "3x4_k_neg1", p, [T(m)], {"k": -1})
        case(F, "3x4_k_neg5", p, [T(m)], {"k": -5})
        case(F, "batched_int32", p, [T(m3)])
        case(F, "batched_int32_k2", p, [T(m3)], {"k": 2})
        case(F, "bool", p, [T(b(np.ones((3, 3))))])
        case(F, "1d_error", p, [T(f32([1.0, 2.0, 3.0]))], expect_error=None)


# ===========================================================================
# elementwise
# ===========================================================================

UNARY = [
    # name, float domain, int sample, special values meaningful
    ("abs", (-3, 3), [-3, -1, 0, 2, 5, -2147483648]),
    ("sign", (-3, 3), [-3, -1, 0, 2, 5]),
    ("negative", (-3, 3), [-3, 0, 4, 2147483647, -2147483648]),
    ("reciprocal", (0.2, 3), [1, 2, -4, 3]),
    ("exp", (-5, 5), [-2, 0, 1, 3]),
    ("exp2", (-5, 5), [-2, 0, 1, 10]),
    ("expm1", (-2, 2), [-2, 0, 1, 3]),
    ("log", (0.05, 10), [1, 2, 10, 0]),
    ("log1p", (-0.9, 5), [0, 1, 9]),
    ("log2", (0.05, 10), [1, 2, 8, 10]),
    ("log10", (0.05, 10), [1, 10, 100, 5]),
    ("sqrt", (0, 9), [0, 1, 4, 2]),
    ("cbrt", (-8, 8), [-8, -1, 0, 27, 2]),
    ("square", (-3, 3), [-3, 0, 4, 46341]),
    ("sin", (-4, 4), [-2, 0, 1, 3]),
    ("cos", (-4, 4), [-2, 0, 1, 3]),
    ("tan", (-1.4, 1.4), [-1, 0, 1]),
    ("arcsin", (-0.99, 0.99), [-1, 0, 1]),
    ("arccos", (-0.99, 0.99), [-1, 0, 1]),
    ("arctan", (-5, 5), [-3, 0, 1, 100]),
    ("sinh", (-3, 3), [-2, 0, 1, 3]),
    ("cosh", (-3, 3), [-2, 0, 1, 3]),
    ("tanh", (-3, 3), [-2, 0, 1, 20]),
    ("arcsinh", (-5, 5), [-3, 0, 1, 100]),
    ("arccosh", (1.01, 5), [1, 2, 10]),
    ("arctanh", (-0.99, 0.99), [0]),
    ("floor", (-3, 3), [-3, 0, 4]),
    ("ceil", (-3, 3), [-3, 0, 4]),
    ("trunc", (-3, 3), [-3, 0, 4]),
    ("isnan", (-3, 3), [-3, 0, 4]),
    ("isinf", (-3, 3), [-3, 0, 4]),
    ("isfinite", (-3, 3), [-3, 0, 4]),
    ("logical_not", (-3, 3), [-3, 0, 4]),
]

LAX_UNARY = [
    ("erf", (-3, 3)),
    ("erf_inv", (-0.99, 0.99)),
    ("rsqrt", (0.05, 10)),
    ("logistic", (-6, 6)),
]


def gen_unary():
    reseed(2)
    F = "elementwise"
    for name, (lo, hi), ints in UNARY:
        p = f"jnp.{name}"
        case(F, "f32_2x3", p, [T(rf((2, 3), lo, hi))])
        case(F, "f32_1d", p, [T(rf((7,), lo, hi))])
        case(F, "f32_scalar", p, [T(rf((), lo, hi))])
        case(F, "special_values", p, [T(SPECIAL)])
        case(F, "int32", p, [T(i32(ints))])
        case(F, "bool", p, [T(b([True, False]))], expect_error=None)
        case(F, "python_float", p, [S(float(np.round((lo + hi) / 2 + 0.3, 2)))])
        case(F, "empty", p, [T(np.zeros((0, 2), F32))])
    # accuracy near zero matters for these (must not be computed as exp(x)-1 / log(1+x))
    case(F, "tiny", "jnp.expm1", [T(f32([1e-5, -1e-5, 1e-7, 1e-10, -3e-8]))])
    case(F, "tiny", "jnp.log1p", [T(f32([1e-5, -1e-5, 1e-7, 1e-10, -3e-8]))])
    case(F, "large", "jnp.exp", [T(f32([80.0, 88.0, 89.0, -100.0, -104.0]))])
    case(F, "exact_cubes", "jnp.cbrt", [T(f32([-27.0, -8.0, 1.0, 64.0, 1000.0]))])
    case(F, "exact_powers", "jnp.log2", [T(f32([1.0, 2.0, 1024.0, 0.125]))])
    case(F, "exact_powers", "jnp.log10", [T(f32([1.0, 10.0, 1000.0, 0.001]))])
    case(F, "exact_ints", "jnp.exp2", [T(f32([0.0, 1.0, 10.0, -3.0, 127.0, 128.0]))])
    case(F, "large", "jnp.tanh", [T(f32([10.0, -10.0, 50.0, -50.0]))])
    case(F, "large", "jnp.cosh", [T(f32([80.0, -80.0, 90.0]))])
    case(F, "out_of_domain", "jnp.arcsin", [T(f32([1.5, -1.5, 1.0, -1.0]))])
    case(F, "out_of_domain", "jnp.arccosh", [T(f32([0.5, 1.0, -2.0]))])
    case(F, "boundary", "jnp.arctanh", [T(f32([1.0, -1.0, 1.5]))])
    case(F, "negative", "jnp.sqrt", [T(f32([-1.0, -0.0, -INF]))])
    case(F, "halves", "jnp.floor", [T(f32([0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1e8, -1e8]))])
    case(F, "halves", "jnp.ceil", [T(f32([0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1e8, -1e8]))])
    case(F, "halves", "jnp.trunc", [T(f32([0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1e8, -1e8]))])
    case(F, "zero", "jnp.reciprocal", [T(f32([0.0, -0.0, INF, -INF]))])
    case(F, "uint32", "jnp.sign", [T(u32([0, 1, 4000000000]))])
    case(F, "uint32", "jnp.abs", [T(u32([0, 1, 4000000000]))])
    case(F, "uint32", "jnp.negative", [T(u32([0, 1, 4000000000]))], expect_error=None)

    for name, (lo, hi) in LAX_UNARY:
        p = f"lax.{name}"
        case(F, "f32_2x3", p, [T(rf((2, 3), lo, hi))])
        case(F, "f32_1d", p, [T(rf((8,), lo, hi))])
        case(F, "f32_scalar", p, [T(rf((), lo, hi))])
        case(F, "special_values", p, [T(SPECIAL)])
        case(F, "int32_error", p, [T(i32([1, 2]))], expect_error=True)
    case(F, "boundary", "lax.erf_inv", [T(f32([1.0, -1.0, 1.5, -1.5, 0.999, -0.9999]))])
    case(F, "tails", "lax.erf", [T(f32([4.0, -4.0, 6.0, 1e-4, -1e-6]))])
    case(F, "tails", "lax.logistic", [T(f32([-100.0, -30.0, 30.0, 100.0, 0.0]))])
    case(F, "zero_inf", "lax.rsqrt", [T(f32([0.0, -0.0, INF, -1.0, 4.0, 0.25]))])
    p = "lax.integer_pow"
    x = rf((2, 3), -2, 2)
    for y in (0, 1, 2, 3, 5, -1, -2):
        case(F, f"f32_y{y}".replace("-", "neg"), p, [T(x), V(y)])
    case(F, "int32_y2", p, [T(i32([-3, 0, 4, 7])), V(2)])
    case(F, "int32_y3", p, [T(i32([-3, 0, 4, 7])), V(3)])
    case(F, "int32_y0", p, [T(i32([-3, 0, 4])), V(0)])
    case(F, "int32_overflow_wraps", p, [T(i32([65536, 50000])), V(2)])
    case(F, "zero_neg_exponent", p, [T(f32([0.0, -0.0])), V(-1)])
    case(F, "special_y2", p, [T(SPECIAL), V(2)])
    case(F, "int32_neg_exponent", p, [T(i32([1, 2])), V(-1)], expect_error=None)


def bin_basic(F, name, *, lo=-3.0, hi=3.0, blo=None, bhi=None, ints=True, nonzero_rhs=False,
              positive_lhs=False):
    """The standard battery of binary cases: shapes, broadcasting, dtypes, weak scalars."""
    p = f"jnp.{name}"
    blo = lo if blo is None else blo
    bhi = hi if bhi is None else bhi

    def rhs(shape):
        x = rf(shape, blo, bhi)
        if nonzero_rhs:
            x = np.where(np.abs(x) < 0.25, F32(0.5), x).astype(F32)
        return x

    def lhs(shape):
        x = rf(shape, lo, hi)
        return np.abs(x) + F32(0.1) if positive_lhs else x

    def rhs_i(shape):
        x = ri(shape, -4, 5)
        if nonzero_rhs:
            x = np.where(x == 0, 3, x).astype(I32)
        return x

    def lhs_i(shape):
        x = ri(shape, -6, 7)
        return np.abs(x) + 1 if positive_lhs else x

    case(F, "f32_2x3", p, [T(lhs((2, 3))), T(rhs((2, 3)))])
    case(F, "broadcast_3x1_1x4", p, [T(lhs((3, 1))), T(rhs((1, 4)))])
    case(F, "broadcast_4_2x3x4", p, [T(lhs((4,))), T(rhs((2, 3, 4)))])
    case(F, "broadcast_2x1x3_4x1", p, [T(lhs((2, 1, 3))), T(rhs((4, 1)))])
    case(F, "scalar_tensor_3", p, [T(lhs(())), T(rhs((3,)))])
    case(F, "f32_pyfloat", p, [T(lhs((3,))), S(1.5)])
    case(F, "f32_pyint", p, [T(lhs((3,))), S(2)])
    case(F, "pyfloat_f32", p, [S(1.5 if not positive_lhs else 2.5), T(rhs((3,)))])
    if ints:
        case(F, "i32_i32", p, [T(lhs_i((2, 3))), T(rhs_i((2, 3)))])
        case(F, "i32_pyint", p, [T(lhs_i((4,))), S(3)])
        case(F, "pyint_i32", p, [S(3), T(rhs_i((4,)))])
        case(F, "i32_pyfloat", p, [T(lhs_i((4,))), S(2.5)])
        case(F, "i32_f32", p, [T(lhs_i((3,))), T(rhs((3,)))])
        case(F, "i32_broadcast_2x1_3", p, [T(lhs_i((2, 1))), T(rhs_i((3,)))])
    case(F, "bool_bool", p, [T(b([True, True, False, False])), T(b([True, False, True, False]))],
         expect_error=None)
    case(F, "bool_f32", p, [T(b([True, False])), T(rhs((2,)))], expect_error=None)
    case(F, "shape_mismatch_error", p, [T(lhs((3,))), T(rhs((4,)))], expect_error=True)


def gen_binary():
    reseed(3)
    F = "elementwise"
    bin_basic(F, "add")
    bin_basic(F, "subtract")
    bin_basic(F, "multiply")
    bin_basic(F, "divide", nonzero_rhs=True)
    bin_basic(F, "true_divide", nonzero_rhs=True)
    bin_basic(F, "floor_divide", nonzero_rhs=True)
    bin_basic(F, "mod", nonzero_rhs=True)
    bin_basic(F, "power", lo=0.1, hi=3.0, blo=-2.0, bhi=2.0, positive_lhs=True)
    bin_basic(F, "maximum")
    bin_basic(F, "minimum")
    bin_basic(F, "arctan2", ints=True)
    bin_basic(F, "logaddexp", ints=True)
    for n in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
        bin_basic(F, n)
    for n in ("logical_and", "logical_or", "logical_xor"):
        bin_basic(F, n)

    p = "jnp.add"
    case(F, "uint32_uint32_wraps", p, [T(u32([4294967295, 3000000000])), T(u32([1, 3000000000]))])
    case(F, "int32_overflow_wraps", p, [T(i32([2147483647, -2147483648])), T(i32([1, -1]))])
    case(F, "pybool_f32", p, [S(True), T(f32([1.0, 2.0]))])
    case(F, "pyint_pyfloat", p, [S(2), S(0.5)])
    case(F, "pyint_pyint", p, [S(2), S(3)])
    case(F, "inf_nan", p, [T(f32([INF, INF, -INF, NAN, -0.0])), T(f32([-INF, INF, 1.0, 1.0, -0.0]))])
    p = "jnp.subtract"
    case(F, "inf_inf", p, [T(f32([INF, -INF, 0.0])), T(f32([INF, -INF, -0.0]))])
    p = "jnp.multiply"
    case(F, "zero_inf", p, [T(f32([0.0, -0.0, -2.0, INF])), T(f32([INF, 3.0, 0.0, -1.0]))])
    case(F, "int32_overflow_wraps", p, [T(i32([65536, 100000])), T(i32([65536, -100000]))])

    for p in ("jnp.divide", "jnp.true_divide"):
        case(F, "by_zero", p, [T(f32([1.0, -1.0, 0.0, 0.0, INF, 1.0])),
                               T(f32([0.0, 0.0, 0.0, -0.0, INF, -0.0]))])
        case(F, "i32_by_zero", p, [T(i32([1, -1, 0])), T(i32([0, 0, 0]))])
        case(F, "pyint_pyint", p, [S(7), S(2)])

    fa = f32([-7.0, -7.0, 7.0, 7.0, -6.0, 0.0, -0.0, 5.5, -5.5, 1.0, -1.0])
    fb = f32([2.0, -2.0, 2.0, -2.0, 3.0, 5.0, 3.0, 0.5, 2.0, 0.3, 0.3])
    ia_ = i32([-7, -7, 7, 7, -6, 0, 1, -1, 6, -2147483648])
    ib_ = i32([2, -2, 2, -2, 3, 5, -3, 3, -6, -1])
    for p in ("jnp.floor_divide", "jnp.mod"):
        case(F, "i32_signs", p, [T(ia_), T(ib_)])
        case(F, "f32_signs", p, [T(fa), T(fb)])
        case(F, "i32_by_zero", p, [T(i32([5, -5, 0])), T(i32([0, 0, 0]))])
        case(F, "f32_by_zero", p, [T(f32([5.0, -5.0, 0.0])), T(f32([0.0, 0.0, -0.0]))])
        case(F, "f32_inf", p, [T(f32([1.0, -1.0, INF, 1.0])), T(f32([INF, INF, 2.0, -INF]))])
        case(F, "i32_neg_pyint", p, [T(i32([-7, 7, -1, 0])), S(-3)])
        case(F, "f32_neg_pyfloat", p, [T(f32([-7.5, 7.5, -0.5])), S(-2.0)])
        case(F, "uint32", p, [T(u32([7, 4000000000])), T(u32([2, 3]))])

    p = "jnp.power"
    case(F, "i32_i32_signs", p, [T(i32([2, -2, 3, 0, 1, -1])), T(i32([3, 3, 0, 0, 5, 7]))])
    case(F, "i32_negative_exponent", p, [T(i32([2, 1, -1, 0])), T(i32([-1, -2, -3, -1]))],
         expect_error=None)
    case(F, "negative_base_integral_exponent", p, [T(f32([-2.0, -2.0, -0.5, -3.0])),
                                                   T(f32([3.0, 2.0, -2.0, 0.0]))])
    case(F, "negative_base_fractional_exponent", p, [T(f32([-2.0, -8.0])), T(f32([0.5, 1.0 / 3]))])
    case(F, "zero_base", p, [T(f32([0.0, 0.0, 0.0, -0.0])), T(f32([0.0, 1.0, -1.0, -1.0]))])
    case(F, "special", p, [T(f32([INF, INF, NAN, 1.0, NAN, 2.0])),
                           T(f32([0.0, -1.0, 0.0, NAN, 1.0, INF]))])
    case(F, "f32_pyint_2", p, [T(rf((4,))), S(2)])
    case(F, "f32_pyint_3_negative_base", p, [T(f32([-2.0, -1.5, 0.0, 3.0])), S(3)])
    case(F, "f32_pyint_neg2", p, [T(f32([-2.0, 0.5, 4.0])), S(-2)])
    case(F, "f32_pyfloat_half", p, [T(f32([4.0, 2.0, 0.0, -1.0])), S(0.5)])
    case(F, "i32_pyint_2_signs", p, [T(i32([-3, 0, 5])), S(2)])
    case(F, "i32_pyfloat_half", p, [T(i32([4, 2, 9])), S(0.5)])
    case(F, "pyint_f32_exponents", p, [S(2), T(f32([0.0, 0.5, -1.0, 10.0]))])
    case(F, "pyint_i32_exponents", p, [S(2), T(i32([0, 1, 10, 30]))])
    case(F, "i32_overflow", p, [T(i32([3, 2])), T(i32([30, 31]))])

    p = "jnp.maximum"
    case(F, "nan", p, [T(f32([NAN, 1.0, NAN, -INF])), T(f32([1.0, NAN, NAN, NAN]))])
    case(F, "inf", p, [T(f32([INF, -INF, -INF])), T(f32([1.0, 1.0, INF]))])
    p = "jnp.minimum"
    case(F, "nan", p, [T(f32([NAN, 1.0, NAN, INF])), T(f32([1.0, NAN, NAN, NAN]))])
    case(F, "inf", p, [T(f32([INF, -INF, -INF])), T(f32([1.0, 1.0, INF]))])
    p = "jnp.arctan2"
    case(F, "quadrants_zeros", p, [
        T(f32([1.0, 1.0, -1.0, -1.0, 0.0, 0.0, -0.0, -0.0, 0.0, 1.0, INF, INF, -INF, NAN])),
        T(f32([1.0, -1.0, 1.0, -1.0, 0.0, -0.0, 0.0, -0.0, -1.0, 0.0, INF, -INF, 1.0, 1.0]))])
    p = "jnp.logaddexp"
    case(F, "large", p, [T(f32([1000.0, 1000.0, -1000.0, 88.0, 100.0])),
                         T(f32([1000.0, 999.0, -1000.0, 88.0, -100.0]))])
    case(F, "inf", p, [T(f32([-INF, -INF, INF, INF, -INF, NAN])),
                       T(f32([-INF, 0.0, INF, -INF, 3.0, 0.0]))])
    for n in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
        p = f"jnp.{n}"
        case(F, "nan_inf_zero", p, [T(f32([NAN, NAN, 1.0, INF, -0.0, -INF])),
                                    T(f32([NAN, 1.0, NAN, INF, 0.0, INF]))])
        case(F, "i32_pyfloat_integral", p, [T(i32([1, 2, 3])), S(2.0)])
        case(F, "i32_pyfloat_frac", p, [T(i32([1, 2, 3])), S(2.5)])
        case(F, "uint32_int32", p, [T(u32([0, 3000000000, 5])), T(i32([-1, -1294967296, 5]))])
    for n in ("logical_and", "logical_or", "logical_xor"):
        p = f"jnp.{n}"
        case(F, "f32_nonzero", p, [T(f32([0.0, -0.0, 2.0, NAN, 0.0])), T(f32([1.0, 1.0, 0.0, 1.0, 0.0]))])
        case(F, "bool_pybool", p, [T(b([True, False])), S(True)])


def gen_elementwise_misc():
    reseed(4)
    F = "elementwise"
    p = "jnp.round"
    halves = f32([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999997, 1.4, -1.6, -0.0, INF, NAN])
    case(F, "half_to_even", p, [T(halves)])
    case(F, "decimals_0", p, [T(rf((2, 3), -5, 5))], {"decimals": 0})
    case(F, "decimals_1", p, [T(f32([0.25, 0.35, -0.25, 1.05, 2.45, 0.15, 12.34]))], {"decimals": 1})
    case(F, "decimals_2", p, [T(rf((5,), -5, 5, decimals=4))], {"decimals": 2})
    case(F, "decimals_3", p, [T(f32([1.0005, 2.0015, -3.14159, 0.0004]))], {"decimals": 3})
    case(F, "decimals_neg1", p, [T(f32([15.0, 25.0, 35.0, -15.0, 123.0, 4.0]))], {"decimals": -1})
    case(F, "decimals_neg2", p, [T(f32([150.0, 250.0, 1234.0]))], {"decimals": -2})
    case(F, "int32", p, [T(i32([1, -7, 15]))])
    case(F, "python_float", p, [S(2.5)])

    p = "jnp.clip"
    x = rf((3, 4), -3, 3)
    case(F, "min_max", p, [T(x)], {"min": -1.0, "max": 1.5})
    case(F, "min_only", p, [T(x)], {"min": 0.0})
    case(F, "max_only", p, [T(x)], {"max": 0.5})
    case(F, "none_bounds", p, [T(x)], {"min": None, "max": None})
    case(F, "min_greater_than_max", p, [T(x)], {"min": 1.0, "max": -1.0})
    case(F, "tensor_bounds_broadcast", p, [T(x)],
         {"min": T(f32([-1.0, -0.5, 0.0, 0.5])), "max": T(f32([[0.0], [1.0], [2.0]]))})
    case(F, "int32_int_bounds", p, [T(i32([-5, 0, 3, 9]))], {"min": 0, "max": 4})
    case(F, "int32_float_bounds", p, [T(i32([-5, 0, 3, 9]))], {"min": -1.5, "max": 4.5})
    case(F, "nan_input", p, [T(f32([NAN, INF, -INF, 0.5]))], {"min": 0.0, "max": 1.0})

    p = "jnp.where"
    c = rb((2, 3))
    case(F, "same_shape", p, [T(c), T(rf((2, 3))), T(rf((2, 3)))])
    case(F, "broadcast_3", p, [T(rb((3, 1))), T(rf((1, 4))), T(rf((3, 4)))])
    case(F, "scalar_branches", p, [T(c), S(1.0), S(0.0)])
    case(F, "scalar_int_branches", p, [T(c), S(1), S(-1)])
    case(F, "f32_and_pyint", p, [T(c), T(rf((2, 3))), S(0)])
    case(F, "i32_and_pyfloat", p, [T(c), T(ri((2, 3))), S(0.5)])
    case(F, "i32_and_f32", p, [T(c), T(ri((2, 3))), T(rf((2, 3)))])
    case(F, "int_condition", p, [T(i32([0, 1, -2, 0])), T(f32([1.0, 2.0, 3.0, 4.0])), S(-1.0)])
    case(F, "float_condition", p, [T(f32([0.0, NAN, -0.0, 0.1])), S(1), S(0)])
    case(F, "nan_branch_not_selected", p, [T(b([True, False])), T(f32([1.0, NAN])), T(f32([NAN, 2.0]))])
    case(F, "shape_mismatch_error", p, [T(rb((3,))), T(rf((4,))), S(0.0)], expect_error=True)

    p = "jnp.nan_to_num"
    sv = f32([NAN, INF, -INF, 1.5, -0.0])
    case(F, "default", p, [T(sv)])
    case(F, "custom", p, [T(sv)], {"nan": -1.0, "posinf": 100.0, "neginf": -100.0})
    case(F, "nan_only", p, [T(sv)], {"nan": 7.0})
    case(F, "int32_passthrough", p, [T(i32([1, -2]))])
    case(F, "bool_passthrough", p, [T(b([True, False]))])
    case(F, "2d", p, [T(f32([[NAN, 1.0], [INF, -INF]]))])


# ===========================================================================
# reductions
# ===========================================================================


def gen_reductions():
    reseed(5)
    F = "reduction"
    x3 = rf((2, 3, 4))
    x2 = rf((3, 4))
    x1 = rf((5,))
    xi = ri((3, 4))
    xb = rb((3, 4))
    axis_variants = [
        ("axis_none", {}),
        ("axis_0", {"axis": 0}),
        ("axis_1", {"axis": 1}),
        ("axis_neg1", {"axis": -1}),
        ("axis_list_0_2", {"axis": [0, 2]}),
        ("axis_list_neg1_neg3", {"axis": [-1, -3]}),
        ("axis_0_keepdims", {"axis": 0, "keepdims": True}),
        ("axis_none_keepdims", {"keepdims": True}),
        ("axis_list_0_1_keepdims", {"axis": [0, 1], "keepdims": True}),
        ("axis_empty_list", {"axis": []}),
    ]

    def tup(opts):
        return {k: tuple(v) if isinstance(v, list) else v for k, v in opts.items()}

    for name in ("sum", "mean", "var", "std", "max", "min", "prod", "all", "any", "logsumexp"):
        py = "jsp.logsumexp" if name == "logsumexp" else f"jnp.{name}"
        fn = "numpy.logsumexp" if name == "logsumexp" else None
        data3 = x3
        if name in ("all", "any"):
            data3 = rb((2, 3, 4))
        for sub, opts in axis_variants:
            case(F, f"3d_{sub}", py, [T(data3)], fn=fn, opts=None,
                 call=lambda a, k, o=opts, py=py: resolve(py)(*a, **tup(o)),
                 opts_json={camel(k2): v for k2, v in opts.items()} or None)
        case(F, "2d_axis_1", py, [T(x2)], {"axis": 1}, fn=fn)
        case(F, "1d", py, [T(x1)], fn=fn)
        case(F, "scalar", py, [T(f32(2.5))], fn=fn)
        case(F, "int32", py, [T(xi)], fn=fn)
        case(F, "int32_axis_0", py, [T(xi)], {"axis": 0}, fn=fn)
        case(F, "bool", py, [T(xb)], fn=fn, expect_error=None)
        case(F, "bool_axis_1", py, [T(xb)], {"axis": 1}, fn=fn, expect_error=None)
        case(F, "with_nan", py, [T(f32([1.0, NAN, 3.0]))], fn=fn)
        case(F, "empty_axis_none", py, [T(np.zeros((0,), F32))], fn=fn, expect_error=None)
        case(F, "empty_axis_0", py, [T(np.zeros((0, 3), F32))], {"axis": 0}, fn=fn,
             expect_error=None)
        case(F, "bad_axis_error", py, [T(x2)], {"axis": 2}, fn=fn, expect_error=True)
        case(F, "bad_axis_neg_error", py, [T(x2)], {"axis": -3}, fn=fn, expect_error=True)
        case(F, "duplicate_axis_error", py, [T(x2)], fn=fn, opts_json={"axis": [0, 0]},
             call=lambda a, k, py=py: resolve(py)(*a, axis=(0, 0)), expect_error=True)
    for name in ("max", "min"):
        case(F, "inf", f"jnp.{name}", [T(f32([-INF, 1.0, INF]))])
        case(F, "uint32", f"jnp.{name}", [T(u32([1, 4000000000, 7]))])
    case(F, "dtype_int32", "jnp.sum", [T(f32([1.7, 2.7, -0.5]))], {"dtype": "int32"})
    case(F, "dtype_float32", "jnp.sum", [T(xi)], {"dtype": "float32"})
    case(F, "uint32", "jnp.sum", [T(u32([4000000000, 300000000, 1]))])
    case(F, "int32_overflow_wraps", "jnp.sum", [T(i32([2147483647, 1, 5]))])
    case(F, "int32_overflow_wraps", "jnp.prod", [T(i32([65536, 65536, 3]))])
    case(F, "with_zero", "jnp.prod", [T(f32([2.0, 0.0, INF]))])
    for name in ("var", "std"):
        p = f"jnp.{name}"
        case(F, "ddof_1", p, [T(x2)], {"ddof": 1})
        case(F, "ddof_1_axis_0", p, [T(x2)], {"ddof": 1, "axis": 0})
        case(F, "ddof_2_axis_neg1_keepdims", p, [T(x2)], {"ddof": 2, "axis": -1, "keepdims": True})
        case(F, "ddof_equals_n", p, [T(f32([1.0, 2.0, 4.0]))], {"ddof": 3})
        case(F, "constant_large_offset", p, [T(f32([1000.5, 1000.5, 1000.5, 1000.5]))])
    p = "jsp.logsumexp"
    for sub, arr, opts in [
        ("large", f32([1000.0, 1000.0, 999.0]), {}),
        ("very_negative", f32([-1000.0, -1000.0]), {}),
        ("all_neg_inf", f32([-INF, -INF]), {}),
        ("some_neg_inf", f32([-INF, 0.0, 1.0]), {}),
        ("pos_inf", f32([INF, 0.0]), {}),
        ("rows_with_neg_inf_axis1", f32([[-INF, -INF], [0.0, -INF], [1.0, 2.0]]), {"axis": 1}),
        ("large_axis0_keepdims", f32([[500.0, -500.0], [501.0, -499.0]]), {"axis": 0, "keepdims": True}),
    ]:
        case(F, sub, p, [T(arr)], opts, fn="numpy.logsumexp")

    for name in ("argmax", "argmin"):
        p = f"jnp.{name}"
        case(F, "3d_axis_none", p, [T(x3)])
        case(F, "3d_axis_0", p, [T(x3)], {"axis": 0})
        case(F, "3d_axis_1", p, [T(x3)], {"axis": 1})
        case(F, "3d_axis_neg1", p, [T(x3)], {"axis": -1})
        case(F, "3d_axis_1_keepdims", p, [T(x3)], {"axis": 1, "keepdims": True})
        case(F, "axis_none_keepdims", p, [T(x2)], {"keepdims": True})
        case(F, "ties_first", p, [T(f32([1.0, 3.0, 3.0, -1.0, -1.0, 3.0]))])
        case(F, "ties_first_2d_axis1", p, [T(f32([[2.0, 2.0, 1.0], [0.0, 5.0, 5.0]]))], {"axis": 1})
        case(F, "nan_first", p, [T(f32([1.0, NAN, 5.0, NAN, -5.0]))])
        case(F, "inf", p, [T(f32([0.0, INF, -INF, 2.0]))])
        case(F, "int32", p, [T(xi)], {"axis": 0})
        case(F, "bool", p, [T(b([False, True, True, False]))])
        case(F, "scalar", p, [T(f32(3.0))])
        case(F, "empty_error", p, [T(np.zeros((0,), F32))], expect_error=True)
        case(F, "bad_axis_error", p, [T(x2)], {"axis": 2}, expect_error=True)

    for name in ("cumsum", "cumprod"):
        p = f"jnp.{name}"
        xs = rf((3, 4), 0.5, 1.5) if name == "cumprod" else x2
        case(F, "2d_axis_none_flattens", p, [T(xs)])
        case(F, "2d_axis_0", p, [T(xs)], {"axis": 0})
        case(F, "2d_axis_1", p, [T(xs)], {"axis": 1})
        case(F, "2d_axis_neg1", p, [T(xs)], {"axis": -1})
        case(F, "3d_axis_1", p, [T(rf((2, 3, 2), 0.5, 1.5))], {"axis": 1})
        case(F, "1d", p, [T(x1)])
        case(F, "int32", p, [T(ri((2, 3)))], {"axis": 1})
        case(F, "bool", p, [T(rb((2, 3)))], {"axis": 1})
        case(F, "dtype_float32", p, [T(ri((4,)))], {"dtype": "float32"})
        case(F, "with_nan_inf", p, [T(f32([1.0, INF, -INF, 2.0]))])
        case(F, "scalar", p, [T(f32(2.0))])
        case(F, "bad_axis_error", p, [T(x2)], {"axis": 2}, expect_error=True)


# ===========================================================================
# linalg
# ===========================================================================


def gen_linalg():
    reseed(6)
    F = "linalg"
    p = "jnp.matmul"
    case(F, "1d_1d", p, [T(rf((4,))), T(rf((4,)))])
    case(F, "1d_2d", p, [T(rf((3,))), T(rf((3, 4)))])
    case(F, "2d_1d", p, [T(rf((3, 4))), T(rf((4,)))])
    case(F, "2d_2d", p, [T(rf((2, 3))), T(rf((3, 4)))])
    case(F, "batched_3d_3d", p, [T(rf((2, 3, 4))), T(rf((2, 4, 2)))])
    case(F, "batched_3d_2d", p, [T(rf((2, 3, 4))), T(rf((4, 2)))])
    case(F, "batched_2d_3d", p, [T(rf((3, 4))), T(rf((2, 4, 2)))])
    case(F, "broadcast_batch_4d_3d", p, [T(rf((2, 1, 2, 3))), T(rf((3, 3, 2)))])
    case(F, "1d_3d", p, [T(rf((3,))), T(rf((2, 3, 2)))])
    case(F, "3d_1d", p, [T(rf((2, 2, 3))), T(rf((3,)))])
    case(F, "int32", p, [T(ri((2, 3))), T(ri((3, 2)))])
    case(F, "int32_f32", p, [T(ri((2, 3))), T(rf((3, 2)))])
    case(F, "bool", p, [T(rb((2, 3))), T(rb((3, 2)))], expect_error=None)
    case(F, "inner_dim_zero", p, [T(np.zeros((2, 0), F32)), T(np.zeros((0, 3), F32))])
    case(F, "mismatch_error", p, [T(rf((2, 3))), T(rf((4, 5)))], expect_error=True)
    case(F, "mismatch_1d_error", p, [T(rf((3,))), T(rf((4,)))], expect_error=True)
    case(F, "batch_mismatch_error", p, [T(rf((2, 3, 4))), T(rf((3, 4, 2)))], expect_error=True)
    case(F, "scalar_error", p, [T(f32(2.0)), T(rf((2, 2)))], expect_error=True)

    p = "jnp.dot"
    case(F, "1d_1d", p, [T(rf((4,))), T(rf((4,)))])
    case(F, "2d_2d", p, [T(rf((2, 3))), T(rf((3, 2)))])
    case(F, "2d_1d", p, [T(rf((2, 3))), T(rf((3,)))])
    case(F, "1d_2d", p, [T(rf((2,))), T(rf((2, 3)))])
    case(F, "3d_3d_numpy_semantics", p, [T(rf((2, 2, 3))), T(rf((2, 3, 2)))])
    case(F, "3d_1d", p, [T(rf((2, 2, 3))), T(rf((3,)))])
    case(F, "scalar_2d", p, [T(f32(2.0)), T(rf((2, 2)))])
    case(F, "pyfloat_1d", p, [S(0.5), T(rf((3,)))])
    case(F, "int32", p, [T(ri((3,))), T(ri((3,)))])
    case(F, "mismatch_error", p, [T(rf((2, 3))), T(rf((2, 3)))], expect_error=True)

    p = "jnp.vdot"
    case(F, "1d", p, [T(rf((4,))), T(rf((4,)))])
    case(F, "2d_flattens", p, [T(rf((2, 2))), T(rf((4,)))])
    case(F, "int32", p, [T(ri((3,))), T(ri((3,)))])
    case(F, "size_mismatch_error", p, [T(rf((3,))), T(rf((4,)))], expect_error=True)

    p = "jnp.tensordot"
    a = rf((2, 3, 4))
    bb = rf((3, 4, 2))
    case(F, "axes_2", p, [T(a), T(bb)], {"axes": 2})
    case(F, "axes_1", p, [T(rf((2, 3))), T(rf((3, 2)))], {"axes": 1})
    case(F, "axes_0_outer", p, [T(rf((2,))), T(rf((3,)))], {"axes": 0})
    case(F, "axes_default_2", p, [T(a), T(bb)])
    case(F, "axes_pairs", p, [T(a), T(rf((4, 3)))], opts_json={"axes": [[1, 2], [1, 0]]},
         call=lambda x, k: jnp.tensordot(*x, axes=([1, 2], [1, 0])))
    case(F, "axes_pairs_single", p, [T(a), T(rf((4, 5)))], opts_json={"axes": [[2], [0]]},
         call=lambda x, k: jnp.tensordot(*x, axes=([2], [0])))
    case(F, "axes_pairs_negative", p, [T(a), T(rf((4, 5)))], opts_json={"axes": [[-1], [0]]},
         call=lambda x, k: jnp.tensordot(*x, axes=([-1], [0])))
    case(F, "mismatch_error", p, [T(a), T(rf((5, 2)))], {"axes": 1}, expect_error=True)

    p = "jnp.einsum"
    ein = [
        ("ij,jk->ik", [(2, 3), (3, 4)]),
        ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
        ("i,j->ij", [(3,), (4,)]),
        ("ii->", [(3, 3)]),
        ("ii->i", [(3, 3)]),
        ("bhqd,bhkd->bhqk", [(1, 2, 3, 4), (1, 2, 2, 4)]),
        ("bhqk,bhkd->bhqd", [(1, 2, 3, 2), (1, 2, 2, 4)]),
        ("ij->ji", [(2, 3)]),
        ("ij->", [(2, 3)]),
        ("ij->j", [(2, 3)]),
        ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 2)]),
        ("...ij,...jk->...ik", [(2, 3), (3, 2)]),
        ("ij,ij->ij", [(2, 3), (2, 3)]),
        ("i,i->", [(4,), (4,)]),
        ("ij,jk", [(2, 3), (3, 2)]),
        ("bqhd,bkhd->bhqk", [(1, 3, 2, 2), (1, 2, 2, 2)]),
    ]
    for sub, shapes in ein:
        label = sub.replace("...", "ell").replace("->", "_to_").replace(",", "_")
        label = f"{label}_{len(shapes[0])}d" if sub.startswith("...") else label
        case(F, label, p, [V(sub)] + [T(rf(s)) for s in shapes])
    case(F, "int32_ij_jk", p, [V("ij,jk->ik"), T(ri((2, 3))), T(ri((3, 2)))])
    case(F, "mismatch_error", p, [V("ij,jk->ik"), T(rf((2, 3))), T(rf((4, 2)))], expect_error=True)

    p = "jnp.outer"
    case(F, "1d_1d", p, [T(rf((3,))), T(rf((4,)))])
    case(F, "2d_flattens", p, [T(rf((2, 2))), T(rf((3,)))])
    case(F, "int32", p, [T(ri((2,))), T(ri((3,)))])
    p = "jnp.inner"
    case(F, "1d_1d", p, [T(rf((4,))), T(rf((4,)))])
    case(F, "2d_2d", p, [T(rf((2, 3))), T(rf((4, 3)))])
    case(F, "3d_1d", p, [T(rf((2, 2, 3))), T(rf((3,)))])
    case(F, "scalar", p, [T(f32(2.0)), T(rf((3,)))])
    case(F, "mismatch_error", p, [T(rf((3,))), T(rf((4,)))], expect_error=True)

    p = "jnp.linalg.norm"
    v = f32([3.0, -4.0, 0.0, 1.0, -2.0])
    m = rf((3, 4))
    x3 = rf((2, 3, 4))
    case(F, "vector_default", p, [T(v)])
    case(F, "vector_ord_1", p, [T(v)], {"ord": 1})
    case(F, "vector_ord_2", p, [T(v)], {"ord": 2})
    case(F, "vector_ord_inf", p, [T(v)], {"ord": INF})
    case(F, "vector_ord_neg_inf", p, [T(v)], {"ord": -INF})
    case(F, "vector_ord_0", p, [T(v)], {"ord": 0})
    case(F, "vector_ord_3", p, [T(v)], {"ord": 3})
    case(F, "vector_keepdims", p, [T(v)], {"keepdims": True})
    case(F, "matrix_default_frobenius", p, [T(m)])
    case(F, "matrix_fro", p, [T(m)], {"ord": "fro"})
    case(F, "matrix_fro_keepdims", p, [T(m)], {"ord": "fro", "keepdims": True})
    case(F, "matrix_ord_1", p, [T(m)], {"ord": 1})
    case(F, "matrix_ord_inf", p, [T(m)], {"ord": INF})
    case(F, "matrix_axis_0", p, [T(m)], {"axis": 0})
    case(F, "matrix_axis_neg1_keepdims", p, [T(m)], {"axis": -1, "keepdims": True})
    case(F, "matrix_axis_1_ord_1", p, [T(m)], {"axis": 1, "ord": 1})
    case(F, "matrix_axis_1_ord_inf", p, [T(m)], {"axis": 1, "ord": INF})
    case(F, "3d_default_flattens", p, [T(x3)])
    case(F, "3d_axis_tuple_fro", p, [T(x3)], opts_json={"axis": [1, 2]},
         call=lambda a, k: jnp.linalg.norm(*a, axis=(1, 2)))
    case(F, "3d_axis_tuple_neg_keepdims", p, [T(x3)], opts_json={"axis": [-2, -1], "keepdims": True},
         call=lambda a, k: jnp.linalg.norm(*a, axis=(-2, -1), keepdims=True))
    case(F, "3d_axis_2", p, [T(x3)], {"axis": 2})
    case(F, "int32", p, [T(i32([3, 4]))])
    case(F, "zeros", p, [T(np.zeros((3,), F32))])
    case(F, "large_values", p, [T(f32([3e20, 4e20]))])
    case(F, "3d_no_axis_ord_error", p, [T(x3)], {"ord": 2}, expect_error=True)


# ===========================================================================
# shapes and indexing
# ===========================================================================


def gen_shape():
    reseed(7)
    F = "shape"
    x = rf((2, 3, 4))
    m = rf((3, 4))
    v = rf((6,))
    p = "jnp.reshape"
    case(F, "2x3x4_to_6x4", p, [T(x), V([6, 4])])
    case(F, "neg1_first", p, [T(x), V([-1, 4])])
    case(F, "neg1_last", p, [T(x), V([2, -1])])
    case(F, "flatten_neg1", p, [T(x), V([-1])])
    case(F, "to_scalar", p, [T(f32([5.0])), V([])])
    case(F, "int_shape", p, [T(v), V(6)])
    case(F, "add_unit_dims", p, [T(v), V([1, 2, 1, 3])])
    case(F, "int32", p, [T(ri((2, 3))), V([3, 2])])
    case(F, "zero_size_neg1", p, [T(np.zeros((0, 3), F32)), V([3, -1])], expect_error=None)
    case(F, "incompatible_error", p, [T(x), V([5, 5])], expect_error=True)
    case(F, "two_neg1_error", p, [T(x), V([-1, -1])], expect_error=True)
    case(F, "neg1_indivisible_error", p, [T(x), V([5, -1])], expect_error=True)
    p = "jnp.transpose"
    case(F, "default_reverses", p, [T(x)])
    case(F, "2d_default", p, [T(m)])
    case(F, "perm_1_0_2", p, [T(x)], {"axes": [1, 0, 2]})
    case(F, "perm_2_0_1", p, [T(x)], {"axes": [2, 0, 1]})
    case(F, "perm_negative", p, [T(x)], {"axes": [-1, 0, 1]})
    case(F, "1d", p, [T(v)])
    case(F, "bad_perm_error", p, [T(x)], {"axes": [0, 0, 1]}, expect_error=True)
    case(F, "wrong_length_error", p, [T(x)], {"axes": [1, 0]}, expect_error=True)
    p = "jnp.swapaxes"
    case(F, "0_2", p, [T(x), V(0), V(2)])
    case(F, "neg1_0", p, [T(x), V(-1), V(0)])
    case(F, "same", p, [T(x), V(1), V(1)])
    case(F, "bad_axis_error", p, [T(x), V(0), V(3)], expect_error=True)
    p = "jnp.moveaxis"
    case(F, "0_to_neg1", p, [T(x), V(0), V(-1)])
    case(F, "neg1_to_0", p, [T(x), V(-1), V(0)])
    case(F, "lists", p, [T(x), V([0, 1]), V([-1, -2])])
    case(F, "lists_2", p, [T(rf((2, 3, 1, 2))), V([0, 3]), V([1, 0])])
    case(F, "bad_axis_error", p, [T(x), V(3), V(0)], expect_error=True)
    p = "jnp.expand_dims"
    case(F, "axis_0", p, [T(m), V(0)])
    case(F, "axis_neg1", p, [T(m), V(-1)])
    case(F, "axis_1", p, [T(m), V(1)])
    case(F, "tuple_0_3", p, [T(m), V([0, 3])], call=lambda a, k: jnp.expand_dims(a[0], (0, 3)))
    case(F, "tuple_neg1_neg2", p, [T(m), V([-1, -2])],
         call=lambda a, k: jnp.expand_dims(a[0], (-1, -2)))
    case(F, "scalar", p, [T(f32(1.0)), V(0)])
    case(F, "bad_axis_error", p, [T(m), V(4)], expect_error=True)
    p = "jnp.squeeze"
    s = rf((1, 3, 1, 2))
    case(F, "axis_none", p, [T(s)])
    case(F, "axis_0", p, [T(s)], {"axis": 0})
    case(F, "axis_neg2", p, [T(s)], {"axis": -2})
    case(F, "axis_tuple", p, [T(s)], opts_json={"axis": [0, 2]},
         call=lambda a, k: jnp.squeeze(a[0], axis=(0, 2)))
    case(F, "all_ones_to_scalar", p, [T(f32([[1.5]]))])
    case(F, "non_unit_axis_error", p, [T(s)], {"axis": 1}, expect_error=True)
    p = "jnp.broadcast_to"
    case(F, "1d_to_2d", p, [T(rf((3,))), V([2, 3])])
    case(F, "col_to_3d", p, [T(rf((3, 1))), V([2, 3, 4])])
    case(F, "scalar", p, [T(f32(2.0)), V([2, 2])])
    case(F, "same", p, [T(m), V([3, 4])])
    case(F, "int_shape", p, [T(f32([1.5])), V(3)])
    case(F, "incompatible_error", p, [T(rf((3,))), V([2, 4])], expect_error=True)
    case(F, "fewer_dims_error", p, [T(m), V([4])], expect_error=True)
    p = "jnp.broadcast_arrays"
    case(F, "three", p, [T(rf((3, 1))), T(rf((4,))), T(f32(1.0))])
    case(F, "mixed_dtypes", p, [T(ri((2, 1))), T(rf((1, 3)))])
    case(F, "single", p, [T(rf((2,)))])
    case(F, "incompatible_error", p, [T(rf((3,))), T(rf((4,)))], expect_error=True)

    p = "jnp.concatenate"
    a, bb = rf((2, 3)), rf((1, 3))
    case(F, "axis_0", p, [L([T(a), T(bb)])])
    case(F, "axis_1", p, [L([T(a), T(rf((2, 2)))])], {"axis": 1})
    case(F, "axis_neg1", p, [L([T(a), T(rf((2, 1))), T(rf((2, 2)))])], {"axis": -1})
    case(F, "axis_none_flattens", p, [L([T(a), T(rf((4,)))])], {"axis": None})
    case(F, "1d_three", p, [L([T(rf((2,))), T(rf((3,))), T(rf((1,)))])])
    case(F, "mixed_dtypes", p, [L([T(ri((2,))), T(rf((2,)))])])
    case(F, "int32_bool", p, [L([T(ri((2,))), T(b([True, False]))])])
    case(F, "single", p, [L([T(a)])])
    case(F, "empty_piece", p, [L([T(a), T(np.zeros((0, 3), F32))])])
    case(F, "mismatch_error", p, [L([T(a), T(rf((2, 2)))])], expect_error=True)
    case(F, "rank_mismatch_error", p, [L([T(a), T(rf((3,)))])], expect_error=True)
    case(F, "scalar_error", p, [L([T(f32(1.0)), T(f32(2.0))])], expect_error=True)
    case(F, "empty_list_error", p, [L([])], expect_error=True)
    p = "jnp.stack"
    case(F, "axis_0", p, [L([T(rf((2, 3))), T(rf((2, 3)))])])
    case(F, "axis_1", p, [L([T(rf((2, 3))), T(rf((2, 3))), T(rf((2, 3)))])], {"axis": 1})
    case(F, "axis_neg1", p, [L([T(rf((2, 3))), T(rf((2, 3)))])], {"axis": -1})
    case(F, "scalars", p, [L([T(f32(1.0)), T(f32(2.0))])])
    case(F, "mixed_dtypes", p, [L([T(ri((2,))), T(rf((2,)))])])
    case(F, "mismatch_error", p, [L([T(rf((2, 3))), T(rf((3, 2)))])], expect_error=True)
    p = "jnp.hstack"
    case(F, "1d", p, [L([T(rf((2,))), T(rf((3,)))])])
    case(F, "2d", p, [L([T(rf((2, 1))), T(rf((2, 3)))])])
    case(F, "scalars", p, [L([T(f32(1.0)), T(f32(2.0))])])
    p = "jnp.vstack"
    case(F, "1d", p, [L([T(rf((3,))), T(rf((3,)))])])
    case(F, "2d", p, [L([T(rf((1, 3))), T(rf((2, 3)))])])
    case(F, "3d", p, [L([T(rf((1, 2, 2))), T(rf((1, 2, 2)))])])
    case(F, "mismatch_error", p, [L([T(rf((3,))), T(rf((4,)))])], expect_error=True)

    p = "jnp.split"
    s6 = rf((6, 4))
    case(F, "sections_3_axis_0", p, [T(s6), V(3)])
    case(F, "sections_2_axis_1", p, [T(s6), V(2)], {"axis": 1})
    case(F, "sections_2_axis_neg1", p, [T(s6), V(2)], {"axis": -1})
    case(F, "indices_1_3", p, [T(s6), V([1, 3])])
    case(F, "indices_out_of_range_error", p, [T(s6), V([2, 10])], expect_error=True)
    case(F, "indices_decreasing_error", p, [T(s6), V([4, 2])], expect_error=True)
    case(F, "indices_axis_1", p, [T(s6), V([1])], {"axis": 1})
    case(F, "uneven_error", p, [T(s6), V(4)], expect_error=True)
    p = "jnp.array_split"
    case(F, "uneven_7_into_3", p, [T(rf((7,))), V(3)])
    case(F, "uneven_axis_1", p, [T(rf((2, 5))), V(3)], {"axis": 1})
    case(F, "more_sections_than_items", p, [T(rf((2,))), V(3)])
    case(F, "indices", p, [T(rf((5,))), V([2, 3])])

    p = "jnp.tile"
    case(F, "int_reps", p, [T(rf((3,))), V(2)])
    case(F, "reps_longer", p, [T(rf((3,))), V([2, 2])])
    case(F, "reps_2d", p, [T(rf((2, 2))), V([2, 3])])
    case(F, "reps_shorter", p, [T(rf((2, 2))), V([3])])
    case(F, "reps_zero", p, [T(rf((2, 2))), V([0, 1])])
    p = "jnp.repeat"
    case(F, "int_axis_none_flattens", p, [T(rf((2, 2))), V(2)])
    case(F, "int_axis_0", p, [T(rf((2, 2))), V(2)], {"axis": 0})
    case(F, "int_axis_1", p, [T(rf((2, 3))), V(3)], {"axis": 1})
    case(F, "per_element_axis_0", p, [T(rf((3, 2))), T(i32([1, 0, 2]))], {"axis": 0})
    case(F, "per_element_axis_none", p, [T(rf((3,))), T(i32([2, 1, 3]))])
    case(F, "int32_neg_axis", p, [T(ri((2, 2))), V(2)], {"axis": -1})
    case(F, "zero", p, [T(rf((3,))), V(0)])
    case(F, "per_element_length_error", p, [T(rf((3,))), T(i32([1, 2]))], expect_error=True)
    p = "jnp.flip"
    case(F, "axis_none", p, [T(x)])
    case(F, "axis_0", p, [T(x)], {"axis": 0})
    case(F, "axis_neg1", p, [T(x)], {"axis": -1})
    case(F, "axis_list", p, [T(x)], opts_json={"axis": [0, 2]},
         call=lambda a, k: jnp.flip(a[0], axis=(0, 2)))
    case(F, "1d", p, [T(v)])
    p = "jnp.pad"
    pm = rf((2, 3))
    case(F, "constant_int", p, [T(pm), V(1)])
    case(F, "constant_pair", p, [T(pm), V([1, 2])])
    case(F, "constant_per_axis", p, [T(pm), V([[1, 0], [0, 2]])])
    case(F, "constant_value", p, [T(pm), V([[1, 1], [2, 0]])], {"constant_values": 5.0})
    case(F, "constant_value_pairs", p, [T(pm), V(1)], {"constant_values": [[-1.0, -2.0], [3.0, 4.0]]},
         call=lambda a, k: jnp.pad(a[0], a[1], constant_values=((-1.0, -2.0), (3.0, 4.0))))
    case(F, "constant_int32", p, [T(ri((3,))), V([2, 1])], {"constant_values": 9})
    case(F, "edge", p, [T(pm), V([[1, 2], [2, 1]])], {"mode": "edge"})
    case(F, "edge_1d", p, [T(rf((3,))), V(2)], {"mode": "edge"})
    case(F, "reflect", p, [T(pm), V([[1, 1], [2, 2]])], {"mode": "reflect"})
    case(F, "reflect_1d", p, [T(f32([1.0, 2.0, 3.0, 4.0])), V([3, 2])], {"mode": "reflect"})
    case(F, "reflect_wider_than_input", p, [T(f32([1.0, 2.0, 3.0])), V([5, 4])], {"mode": "reflect"})
    case(F, "zero_width", p, [T(pm), V(0)])
    case(F, "negative_width_error", p, [T(pm), V(-1)], expect_error=True)

    p = "jnp.take"
    tv = f32([10.0, 11.0, 12.0, 13.0, 14.0])
    case(F, "axis_none_flat", p, [T(m), T(i32([0, 5, 11]))])
    case(F, "axis_0", p, [T(m), T(i32([2, 0]))], {"axis": 0})
    case(F, "axis_1", p, [T(m), T(i32([3, 1, 1]))], {"axis": 1})
    case(F, "axis_neg1_2d_indices", p, [T(m), T(i32([[0, 1], [2, 3]]))], {"axis": -1})
    case(F, "negative_indices", p, [T(tv), T(i32([-1, -5, 0]))])
    case(F, "out_of_bounds_default_fill", p, [T(tv), T(i32([5, -6, 100, 2]))])
    case(F, "out_of_bounds_default_fill_int32", p, [T(i32([1, 2, 3])), T(i32([3, -4, 1]))])
    case(F, "out_of_bounds_default_fill_bool", p, [T(b([True, True])), T(i32([2, 0]))])
    case(F, "mode_clip", p, [T(tv), T(i32([5, -6, 100, 2, -1]))], {"mode": "clip"})
    case(F, "mode_wrap", p, [T(tv), T(i32([5, -6, 7, 2, -1]))], {"mode": "wrap"})
    case(F, "mode_fill_value", p, [T(tv), T(i32([5, 1]))], {"mode": "fill", "fill_value": -1.0})
    case(F, "scalar_index", p, [T(m), T(i32(2))], {"axis": 1})
    p = "jnp.take_along_axis"
    ta = rf((3, 4))
    idx = np.argsort(ta, axis=-1).astype(I32)
    case(F, "argsort_axis_neg1", p, [T(ta), T(idx)], {"axis": -1})
    case(F, "axis_0", p, [T(ta), T(i32([[2, 0, 1, 1]]))], {"axis": 0})
    case(F, "axis_1_fewer", p, [T(ta), T(i32([[0], [3], [-1]]))], {"axis": 1})
    case(F, "broadcast_indices", p, [T(ta), T(i32([[1, 0]]))], {"axis": 1})
    case(F, "axis_none", p, [T(ta), T(i32([0, 11, 5]))], {"axis": None})
    case(F, "3d", p, [T(x), T(np.argmax(x, axis=1, keepdims=True).astype(I32))], {"axis": 1})
    case(F, "out_of_bounds_default", p, [T(f32([1.0, 2.0, 3.0])), T(i32([3, -4, 1]))], {"axis": 0})
    case(F, "ndim_mismatch_error", p, [T(ta), T(i32([0, 1]))], {"axis": 1}, expect_error=True)

    p = "jnp.sort"
    st = rf((3, 4))
    case(F, "default_axis_neg1", p, [T(st)])
    case(F, "axis_0", p, [T(st)], {"axis": 0})
    case(F, "axis_none_flattens", p, [T(st)], {"axis": None})
    case(F, "3d_axis_1", p, [T(x)], {"axis": 1})
    case(F, "int32", p, [T(ri((6,)))])
    case(F, "bool", p, [T(b([True, False, True, False]))])
    case(F, "nan_inf_zeros", p, [T(f32([NAN, 1.0, -INF, INF, -0.0, 0.0, -1.0, NAN]))])
    case(F, "descending", p, [T(f32([1.0, 3.0, 2.0, NAN, -1.0]))], {"descending": True})
    case(F, "uint32", p, [T(u32([3000000000, 1, 2147483648, 0]))])
    case(F, "scalar_error", p, [T(f32(1.0))], expect_error=None)
    p = "jnp.argsort"
    ties = f32([2.0, 1.0, 2.0, 1.0, 0.0, 2.0])
    case(F, "default", p, [T(st)])
    case(F, "axis_0", p, [T(st)], {"axis": 0})
    case(F, "axis_none", p, [T(st)], {"axis": None})
    case(F, "ties_stable", p, [T(ties)])
    case(F, "ties_descending", p, [T(ties)], {"descending": True})
    case(F, "nan", p, [T(f32([NAN, 1.0, -INF, NAN, 0.0]))])
    case(F, "int32", p, [T(i32([3, -1, 3, 0, -1]))])
    case(F, "bool", p, [T(b([True, False, True, False]))])
    p = "jax.nn.one_hot"
    case(F, "basic", p, [T(i32([0, 2, 1])), V(3)])
    case(F, "out_of_range_zeros", p, [T(i32([0, 3, -1, 5, 2])), V(3)])
    case(F, "2d", p, [T(i32([[0, 1], [2, 3]])), V(4)])
    case(F, "dtype_int32", p, [T(i32([1, 0])), V(2)], {"dtype": "int32"})
    case(F, "dtype_bool", p, [T(i32([1, 0])), V(2)], {"dtype": "bool"})
    case(F, "axis_0", p, [T(i32([0, 2, 1])), V(3)], {"axis": 0})
    case(F, "float_labels", p, [T(f32([0.0, 1.0, 1.5, 2.0])), V(3)])
    case(F, "scalar", p, [T(i32(1)), V(3)])


def gen_index():
    reseed(8)
    F = "shape"
    m = rf((3, 4))
    x = rf((2, 3, 4))
    v = f32([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])

    def getter(spec):
        return lambda a, k: a[0][index_py(spec)]

    idx_cases = [
        ("int_0", m, [ix(1)]),
        ("int_neg1", m, [ix(-1)]),
        ("int_int", m, [ix(2), ix(-3)]),
        ("slice_all_int", m, [sl(), ix(1)]),
        ("slice_start", m, [sl(1)]),
        ("slice_start_stop", v, [sl(1, 4)]),
        ("slice_step_2", v, [sl(None, None, 2)]),
        ("slice_reverse", v, [sl(None, None, -1)]),
        ("slice_neg_step_bounds", v, [sl(4, 0, -1)]),
        ("slice_neg_step_2", v, [sl(None, None, -2)]),
        ("slice_neg_start", v, [sl(-2)]),
        ("slice_neg_stop", v, [sl(None, -2)]),
        ("slice_out_of_range_clamped", v, [sl(2, 100)]),
        ("slice_far_negative_start", v, [sl(-100, 2)]),
        ("slice_empty", v, [sl(4, 2)]),
        ("slice_beyond_end_empty", v, [sl(10, 20)]),
        ("slice_2d", m, [sl(0, 2), sl(1, None, 2)]),
        ("newaxis_first", m, [NEWAXIS]),
        ("newaxis_middle", m, [sl(), NEWAXIS, sl()]),
        ("newaxis_last_and_int", m, [ix(0), NEWAXIS]),
        ("newaxis_two", v, [NEWAXIS, sl(), NEWAXIS]),
        ("ellipsis_int", x, [ELLIPSIS, ix(0)]),
        ("int_ellipsis_newaxis", x, [ix(1), ELLIPSIS, NEWAXIS]),
        ("ellipsis_slice", x, [ELLIPSIS, sl(1, 3)]),
        ("ellipsis_alone", m, [ELLIPSIS]),
        ("ellipsis_middle", x, [ix(0), ELLIPSIS, ix(-1)]),
        ("int_array_rows", m, [ia([0, 2])]),
        ("int_array_negative", m, [ia([-1, 0])]),
        ("int_array_duplicates_cols", m, [sl(), ia([3, 0, 0])]),
        ("int_array_out_of_bounds_clamped", v, [ia([7, -8, 2])]),
        ("int_array_with_int", x, [ix(1), sl(), ia([0, 3])]),
        ("int_array_with_slice_3d", x, [sl(), ia([2, 0]), sl(1, 3)]),
        ("two_int_arrays_adjacent", x, [ia([0, 1]), ia([2, 0])]),
        ("two_int_arrays_separated_moves_front", x, [ia([0, 1]), sl(), ia([3, 0])]),
        ("int_array_empty", v, [ia([])]),
        ("int_array_newaxis", m, [NEWAXIS, ia([1, 2])]),
        ("scalar_tensor_empty_index", f32(3.5), []),
        ("int32_tensor", ri((3, 4)), [ix(1), sl(None, None, -1)]),
        ("bool_tensor", rb((4,)), [sl(1, 3)]),
        ("int_out_of_bounds_clamped", m, [ix(3)]),
        ("int_far_negative_clamped", m, [ix(-10)]),
        ("int_out_of_bounds_clamped_1d", v, [ix(6)]),
        ("too_many_indices_error", m, [ix(0), ix(0), ix(0)]),
        ("two_ellipsis_error", m, [ELLIPSIS, ELLIPSIS]),
        ("slice_step_zero_error", v, [sl(None, None, 0)]),
    ]
    for sub, arr, spec in idx_cases:
        case(F, sub, "index", [T(arr)], fn="index", index=spec, call=getter(spec),
             expect_error=sub.endswith("_error"))

    def at(op, spec, **kw):
        return lambda a, k: getattr(a[0].at[index_py(spec)], op)(a[1], **kw)

    at_cases = [
        ("int", m, [ix(1)], S(9.0)),
        ("int_neg", m, [ix(-1)], T(f32([1.0, 2.0, 3.0, 4.0]))),
        ("scalar_element", m, [ix(0), ix(2)], S(-1.0)),
        ("slice", m, [sl(), sl(1, 3)], T(f32([[1.0, 2.0]]))),
        ("slice_step_broadcast_value", v, [sl(None, None, 2)], T(f32([7.0, 8.0, 9.0]))),
        ("slice_reverse", v, [sl(None, None, -1)], T(f32([0.0, 10.0, 20.0, 30.0, 40.0, 50.0]))),
        ("int_array", v, [ia([0, 3])], S(5.0)),
        ("int_array_duplicates", v, [ia([1, 1, 4])], T(f32([1.0, 2.0, 3.0]))),
        ("int_array_out_of_bounds_dropped", v, [ia([2, 6, 100])], S(-7.0)),
        ("int_array_negative", v, [ia([-1, -6])], T(f32([1.5, 2.5]))),
        ("newaxis_ellipsis", x, [ELLIPSIS, ix(0)], S(0.0)),
        ("int_array_2d_cols", m, [sl(), ia([0, 3])], T(f32([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))),
        ("int32_array_pyint", ri((5,)), [ia([0, 2])], S(3)),
        ("int32_array_pyfloat_value", ri((5,)), [ix(1)], S(2.7)),
        ("bad_value_shape_error", m, [ix(0)], T(f32([1.0, 2.0]))),
    ]
    for op in ("set", "add", "multiply", "min", "max"):
        for sub, arr, spec, val in at_cases:
            if op == "set" and sub == "int_array_duplicates":
                continue  # the winner among duplicate indices of set is unspecified in JAX
            case(F, sub, f"at.{op}", [T(arr), val], fn=f"at.{op}", index=spec,
                 call=at(op, spec), expect_error=sub.endswith("_error") or None)


# ===========================================================================
# lax
# ===========================================================================


def gen_lax():
    reseed(9)
    F = "lax"

    def dg(lc, rc, lb=(), rb_=()):
        js = {"contracting": [list(lc), list(rc)], "batch": [list(lb), list(rb_)]}
        return V(js, py=((tuple(lc), tuple(rc)), (tuple(lb), tuple(rb_))))

    p = "lax.dot_general"
    case(F, "matmul", p, [T(rf((2, 3))), T(rf((3, 4))), dg([1], [0])])
    case(F, "matmul_transposed_rhs", p, [T(rf((2, 3))), T(rf((4, 3))), dg([1], [1])])
    case(F, "matmul_transposed_lhs", p, [T(rf((3, 2))), T(rf((3, 4))), dg([0], [0])])
    case(F, "batched", p, [T(rf((2, 3, 4))), T(rf((2, 4, 2))), dg([2], [1], [0], [0])])
    case(F, "batch_not_leading", p, [T(rf((3, 2, 4))), T(rf((4, 5, 2))), dg([2], [0], [1], [2])])
    case(F, "two_contracting", p, [T(rf((2, 3, 4))), T(rf((4, 3, 2))), dg([1, 2], [1, 0])])
    case(F, "outer_no_contraction", p, [T(rf((2,))), T(rf((3,))), dg([], [])])
    case(F, "vector_dot", p, [T(rf((4,))), T(rf((4,))), dg([0], [0])])
    case(F, "attention_bhqd_bhkd", p, [T(rf((1, 2, 3, 4))), T(rf((1, 2, 2, 4))),
                                       dg([3], [3], [0, 1], [0, 1])])
    case(F, "multiple_free_dims", p, [T(rf((2, 3, 2))), T(rf((3, 2, 2))), dg([1], [0])])
    case(F, "int32", p, [T(ri((2, 3))), T(ri((3, 2))), dg([1], [0])])
    case(F, "mismatch_error", p, [T(rf((2, 3))), T(rf((4, 2))), dg([1], [0])], expect_error=True)
    case(F, "mixed_dtypes_promote", p, [T(ri((2, 3))), T(rf((3, 2))), dg([1], [0])])

    p = "lax.conv_general_dilated"

    def conv(sub, lhs_shape, rhs_shape, strides, padding, dn=None, *, lhs_dil=None, rhs_dil=None,
             groups=1, err=False):
        lhs = rf(lhs_shape, -1, 1)
        rhs = rf(rhs_shape, -1, 1)
        pad_js = padding if isinstance(padding, str) else [list(q) for q in padding]
        pad_py = padding if isinstance(padding, str) else [tuple(q) for q in padding]
        opts_js = {}
        kw = {}
        if lhs_dil is not None:
            opts_js["lhsDilation"] = list(lhs_dil)
            kw["lhs_dilation"] = tuple(lhs_dil)
        if rhs_dil is not None:
            opts_js["rhsDilation"] = list(rhs_dil)
            kw["rhs_dilation"] = tuple(rhs_dil)
        if dn is not None:
            opts_js["dimensionNumbers"] = {"lhs": dn[0], "rhs": dn[1], "out": dn[2]}
            kw["dimension_numbers"] = dn
        if groups != 1:
            opts_js["featureGroupCount"] = groups
            kw["feature_group_count"] = groups
        case(F, sub, p, [T(lhs), T(rhs), V(list(strides)), V(pad_js)], opts_json=opts_js or None,
             call=lambda a, k: lax.conv_general_dilated(
                 a[0], a[1], tuple(strides), pad_py, precision=lax.Precision.HIGHEST, **kw),
             expect_error=err)

    conv("1d_valid", (2, 2, 7), (3, 2, 3), [1], "VALID")
    conv("1d_same_stride2", (1, 2, 8), (2, 2, 3), [2], "SAME")
    conv("1d_nwc_wio", (2, 6, 3), (3, 3, 2), [1], "SAME", ("NWC", "WIO", "NWC"))
    conv("1d_rhs_dilation", (1, 1, 9), (1, 1, 3), [1], "VALID", rhs_dil=[2])
    conv("2d_valid", (2, 3, 5, 5), (4, 3, 3, 3), [1, 1], "VALID")
    conv("2d_same", (1, 3, 5, 5), (2, 3, 3, 3), [1, 1], "SAME")
    conv("2d_same_stride2", (1, 2, 6, 5), (2, 2, 3, 3), [2, 2], "SAME")
    conv("2d_same_even_kernel", (1, 1, 5, 5), (1, 1, 2, 2), [1, 1], "SAME")
    conv("2d_same_even_kernel_stride2", (1, 1, 6, 6), (1, 1, 4, 4), [2, 2], "SAME")
    conv("2d_explicit_padding", (1, 2, 4, 4), (2, 2, 3, 3), [1, 1], [(1, 0), (2, 1)])
    conv("2d_explicit_negative_padding", (1, 1, 5, 5), (1, 1, 2, 2), [1, 1], [(-1, 0), (0, -1)])
    conv("2d_stride_2x1", (1, 1, 6, 5), (1, 1, 2, 2), [2, 1], "VALID")
    conv("2d_lhs_dilation_transposed", (1, 1, 3, 3), (1, 1, 3, 3), [1, 1], [(2, 2), (2, 2)],
         lhs_dil=[2, 2])
    conv("2d_rhs_dilation_atrous", (1, 1, 7, 7), (1, 1, 3, 3), [1, 1], "VALID", rhs_dil=[2, 2])
    conv("2d_rhs_dilation_same", (1, 2, 6, 6), (1, 2, 3, 3), [1, 1], "SAME", rhs_dil=[2, 1])
    conv("2d_lhs_dilation_same_error", (1, 1, 3, 4), (1, 1, 3, 3), [1, 1], "SAME", lhs_dil=[2, 2],
         err=True)
    conv("2d_nhwc_hwio", (2, 5, 5, 3), (3, 3, 3, 4), [1, 1], "SAME", ("NHWC", "HWIO", "NHWC"))
    conv("2d_nhwc_hwio_stride2_valid", (1, 6, 6, 2), (2, 2, 2, 3), [2, 2], "VALID",
         ("NHWC", "HWIO", "NHWC"))
    conv("2d_groups_2", (1, 4, 4, 4), (4, 2, 3, 3), [1, 1], "SAME", groups=2)
    conv("2d_depthwise_nhwc", (1, 4, 4, 3), (3, 3, 1, 3), [1, 1], "SAME",
         ("NHWC", "HWIO", "NHWC"), groups=3)
    conv("2d_nchw_oihw_explicit_dn", (1, 2, 4, 4), (3, 2, 2, 2), [1, 1], "VALID",
         ("NCHW", "OIHW", "NCHW"))
    conv("3d_valid", (1, 2, 3, 4, 4), (2, 2, 2, 2, 2), [1, 1, 1], "VALID")
    conv("3d_ndhwc_same", (1, 3, 3, 3, 2), (2, 2, 2, 2, 2), [1, 2, 1], "SAME",
         ("NDHWC", "DHWIO", "NDHWC"))
    conv("channel_mismatch_error", (1, 3, 5, 5), (2, 2, 3, 3), [1, 1], "VALID", err=True)
    conv("rank_mismatch_error", (1, 3, 5), (2, 3, 3, 3), [1, 1], "VALID", err=True)
    conv("groups_indivisible_error", (1, 3, 5, 5), (3, 1, 3, 3), [1, 1], "VALID", groups=2,
         err=True)

    p = "lax.reduce_window"

    def rw(sub, arr, comp, init, dims, strides=None, padding="VALID", window_dil=None,
           base_dil=None, err=False):
        fnc = {"max": lax.max, "add": lax.add, "min": lax.min}[comp]
        pad_js = padding if isinstance(padding, str) else [list(q) for q in padding]
        pad_py = padding if isinstance(padding, str) else [tuple(q) for q in padding]
        init_arg = S(init) if isinstance(init, (int, float)) else init
        opts_js = {}
        if strides is not None:
            opts_js["windowStrides"] = list(strides)
        opts_js["padding"] = pad_js
        if base_dil is not None:
            opts_js["baseDilation"] = list(base_dil)
        if window_dil is not None:
            opts_js["windowDilation"] = list(window_dil)
        case(F, sub, p, [T(arr), init_arg, V(comp), V(list(dims))], opts_json=opts_js,
             call=lambda a, k: lax.reduce_window(
                 a[0], a[1], fnc, tuple(dims),
                 tuple(strides) if strides is not None else None, pad_py,
                 tuple(base_dil) if base_dil is not None else None,
                 tuple(window_dil) if window_dil is not None else None),
             expect_error=err)

    img = rf((1, 2, 4, 4))
    nhwc = rf((2, 4, 5, 2))
    r1 = rf((7,))
    rw("max_pool_2x2_nchw", img, "max", -INF, [1, 1, 2, 2], [1, 1, 2, 2])
    rw("max_pool_3x3_stride1_valid", img, "max", -INF, [1, 1, 3, 3], [1, 1, 1, 1])
    rw("max_pool_same_stride2", rf((1, 1, 5, 5)), "max", -INF, [1, 1, 3, 3], [1, 1, 2, 2], "SAME")
    rw("max_pool_nhwc_same", nhwc, "max", -INF, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    rw("max_explicit_padding", img, "max", -INF, [1, 1, 2, 2], [1, 1, 1, 1],
       [(0, 0), (0, 0), (1, 0), (0, 1)])
    rw("max_negative_values_padding_is_init", rf((1, 3, 3), -5, -1), "max", -INF, [1, 2, 2],
       [1, 1, 1], "SAME")
    rw("add_sum_pool_2x2", img, "add", 0.0, [1, 1, 2, 2], [1, 1, 2, 2])
    rw("add_same_pads_with_zero", rf((1, 1, 5, 5)), "add", 0.0, [1, 1, 3, 3], [1, 1, 1, 1], "SAME")
    rw("add_nhwc_same_stride2", nhwc, "add", 0.0, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")
    rw("add_1d_default_strides", r1, "add", 0.0, [3])
    rw("max_1d_stride2", r1, "max", -INF, [2], [2])
    rw("max_int32_init_intmin", ri((2, 5)), "max", -2147483648, [1, 2], [1, 1])
    rw("add_int32", ri((2, 5)), "add", 0, [2, 2], [1, 2])
    rw("min_1d", r1, "min", INF, [3], [2])
    rw("max_window_dilation", rf((1, 7)), "max", -INF, [1, 3], [1, 1], window_dil=[1, 2])
    rw("add_base_dilation", f32([1.0, 2.0, 3.0]), "add", 0.0, [2], [1], base_dil=[2])
    rw("add_nonzero_init", f32([1.0, 2.0, 3.0, 4.0]), "add", 10.0, [2], [2])
    rw("rank_mismatch_error", img, "max", -INF, [2, 2], [2, 2], err=True)

    p = "lax.broadcast_in_dim"
    case(F, "1d_to_2d_dim1", p, [T(rf((3,))), V([2, 3]), V([1])])
    case(F, "1d_to_2d_dim0", p, [T(rf((3,))), V([3, 2]), V([0])])
    case(F, "expand_unit_dim", p, [T(rf((1, 3))), V([4, 3]), V([0, 1])])
    case(F, "scalar", p, [T(f32(2.5)), V([2, 2]), V([])])
    case(F, "to_3d_middle", p, [T(rf((2, 2))), V([2, 3, 2]), V([0, 2])])
    case(F, "permuted_dims", p, [T(rf((2, 3))), V([3, 4, 2]), V([2, 0])], expect_error=None)
    case(F, "int32", p, [T(ri((2,))), V([2, 2]), V([0])])
    case(F, "size_mismatch_error", p, [T(rf((3,))), V([2, 4]), V([1])], expect_error=True)
    case(F, "dims_length_error", p, [T(rf((3,))), V([2, 3]), V([])], expect_error=True)

    p = "lax.reshape"
    case(F, "basic", p, [T(rf((2, 3))), V([3, 2])])
    case(F, "flatten", p, [T(rf((2, 3, 2))), V([12])])
    case(F, "with_dimensions_transposes_first", p, [T(rf((2, 3))), V([3, 2])], {"dimensions": [1, 0]})
    case(F, "to_scalar", p, [T(f32([4.0])), V([])])
    case(F, "neg1_error", p, [T(rf((2, 3))), V([-1])], expect_error=True)
    case(F, "size_mismatch_error", p, [T(rf((2, 3))), V([4])], expect_error=True)

    p = "lax.slice"
    s = rf((4, 5))
    case(F, "basic", p, [T(s), V([1, 0]), V([3, 4])])
    case(F, "strides", p, [T(s), V([0, 1]), V([4, 5])], {"strides": [2, 3]})
    case(F, "empty", p, [T(s), V([2, 2]), V([2, 5])])
    case(F, "1d_stride", p, [T(rf((7,))), V([1]), V([7])], {"strides": [2]})
    case(F, "out_of_bounds_error", p, [T(s), V([0, 0]), V([5, 5])], expect_error=True)
    case(F, "start_gt_limit_error", p, [T(s), V([3, 0]), V([2, 5])], expect_error=True)

    p = "lax.dynamic_slice"
    d = f32(np.arange(24).reshape(4, 6))
    case(F, "in_range", p, [T(d), V([1, 2]), V([2, 3])])
    case(F, "clamped_high", p, [T(d), V([3, 5]), V([2, 3])])
    case(F, "clamped_far", p, [T(d), V([100, 100]), V([2, 2])])
    case(F, "negative_wraps_then_clamps", p, [T(d), V([-1, -2]), V([1, 2])])
    case(F, "negative_far_clamped", p, [T(d), V([-100, -3]), V([2, 2])])
    case(F, "full_size", p, [T(d), V([1, 1]), V([4, 6])])
    case(F, "1d_tensor_starts", p, [T(f32(np.arange(8))), L([T(i32(6))]), V([3])])
    case(F, "size_too_big_error", p, [T(d), V([0, 0]), V([5, 2])], expect_error=True)
    case(F, "wrong_count_error", p, [T(d), V([0]), V([2, 2])], expect_error=True)

    p = "lax.dynamic_update_slice"
    u = f32([[-1.0, -2.0], [-3.0, -4.0]])
    case(F, "in_range", p, [T(d), T(u), V([1, 2])])
    case(F, "clamped_high", p, [T(d), T(u), V([3, 5])])
    case(F, "clamped_far", p, [T(d), T(u), V([50, 50])])
    case(F, "negative_wraps_then_clamps", p, [T(d), T(u), V([-1, -2])])
    case(F, "negative_far_clamped", p, [T(d), T(u), V([-10, 0])])
    case(F, "1d_tensor_starts", p, [T(f32(np.arange(6))), T(f32([9.0, 9.0])), L([T(i32(5))])])
    case(F, "int32", p, [T(i32(np.arange(6))), T(i32([-1])), V([2])])
    case(F, "dtype_mismatch_error", p, [T(d), T(i32([[1]])), V([0, 0])], expect_error=True)
    case(F, "update_too_big_error", p, [T(d), T(rf((5, 1))), V([0, 0])], expect_error=True)

    p = "lax.pad"

    def pc(cfg):
        return V([list(c) for c in cfg], py=[tuple(c) for c in cfg])

    pv = f32([1.0, 2.0, 3.0])
    pm = f32([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    case(F, "1d_low_high", p, [T(pv), S(0.0), pc([(1, 2, 0)])])
    case(F, "1d_interior", p, [T(pv), S(0.0), pc([(0, 0, 1)])])
    case(F, "1d_interior_2_with_value", p, [T(pv), S(-1.0), pc([(1, 1, 2)])])
    case(F, "1d_negative_low", p, [T(pv), S(0.0), pc([(-1, 1, 0)])])
    case(F, "1d_negative_high_with_interior", p, [T(pv), S(9.0), pc([(0, -2, 1)])])
    case(F, "2d_mixed", p, [T(pm), S(0.5), pc([(1, 0, 1), (-1, 2, 0)])])
    case(F, "2d_crop_both", p, [T(pm), S(0.0), pc([(0, 0, 0), (-1, -1, 0)])])
    case(F, "int32", p, [T(i32([1, 2])), S(7), pc([(1, 1, 1)])])
    case(F, "tensor_pad_value", p, [T(pv), T(f32(5.0)), pc([(1, 1, 0)])])
    case(F, "negative_interior_error", p, [T(pv), S(0.0), pc([(0, 0, -1)])], expect_error=True)
    case(F, "too_negative_error", p, [T(pv), S(0.0), pc([(-2, -2, 0)])], expect_error=True)
    case(F, "wrong_rank_error", p, [T(pm), S(0.0), pc([(1, 1, 0)])], expect_error=True)

    p = "lax.select"
    c = rb((2, 3))
    case(F, "same_shape", p, [T(c), T(rf((2, 3))), T(rf((2, 3)))])
    case(F, "scalar_pred", p, [T(b(True)), T(rf((2, 2))), T(rf((2, 2)))])
    case(F, "int32", p, [T(c), T(ri((2, 3))), T(ri((2, 3)))])
    case(F, "nan_branch", p, [T(b([True, False])), T(f32([NAN, 1.0])), T(f32([2.0, NAN]))])
    case(F, "broadcast_error", p, [T(rb((3,))), T(rf((2, 3))), T(rf((2, 3)))], expect_error=True)
    case(F, "dtype_mismatch_error", p, [T(c), T(ri((2, 3))), T(rf((2, 3)))], expect_error=True)

    p = "lax.convert_element_type"
    fv = f32([1.7, -1.7, 0.5, -0.5, 2.5, -0.0, 100.99, -2147483.5])
    case(F, "f32_to_i32_truncates", p, [T(fv), V("int32")])
    case(F, "f32_to_i32_out_of_range", p, [T(f32([3e9, -3e9, 2147483648.0, INF, -INF, NAN])),
                                           V("int32")])
    case(F, "f32_to_bool", p, [T(f32([0.0, -0.0, 0.5, NAN, INF, -2.0])), V("bool")])
    case(F, "i32_to_f32", p, [T(i32([1, -2, 16777217, 2147483647])), V("float32")])
    case(F, "i32_to_bool", p, [T(i32([0, 1, -3])), V("bool")])
    case(F, "bool_to_f32", p, [T(b([True, False])), V("float32")])
    case(F, "bool_to_i32", p, [T(b([True, False])), V("int32")])
    case(F, "i32_to_u32", p, [T(i32([-1, 0, 2147483647, -2147483648])), V("uint32")])
    case(F, "u32_to_i32", p, [T(u32([4294967295, 2147483648, 5])), V("int32")])
    case(F, "u32_to_f32", p, [T(u32([4294967295, 3000000000, 16777217, 1])), V("float32")])
    case(F, "f32_to_u32", p, [T(f32([1.7, 3e9, 5e9, -1.0, NAN])), V("uint32")])
    case(F, "f32_to_f32", p, [T(fv), V("float32")])

    p = "lax.iota"
    case(F, "int32_5", p, [V("int32"), V(5)])
    case(F, "float32_4", p, [V("float32"), V(4)])
    case(F, "uint32_3", p, [V("uint32"), V(3)])
    case(F, "size_0", p, [V("int32"), V(0)])
    case(F, "negative_size_error", p, [V("int32"), V(-1)], expect_error=True)

    p = "lax.cumsum"
    cs = rf((3, 4))
    case(F, "axis_0_default", p, [T(cs)])
    case(F, "axis_1", p, [T(cs)], {"axis": 1})
    case(F, "axis_1_reverse", p, [T(cs)], {"axis": 1, "reverse": True})
    case(F, "axis_0_reverse", p, [T(cs)], {"axis": 0, "reverse": True})
    case(F, "axis_neg1_error", p, [T(cs)], {"axis": -1}, expect_error=True)
    case(F, "int32_reverse", p, [T(ri((5,)))], {"reverse": True})
    case(F, "bad_axis_error", p, [T(cs)], {"axis": 2}, expect_error=True)

    p = "lax.sort"
    so = f32([3.0, 1.0, NAN, -INF, 2.0, 1.0, -0.0, 0.0])
    case(F, "single", p, [T(so)])
    case(F, "2d_dimension_0", p, [T(rf((3, 4)))], {"dimension": 0})
    case(F, "2d_default_last", p, [T(rf((3, 4)))])
    case(F, "int32", p, [T(ri((6,)))])
    keys = f32([2.0, 1.0, 2.0, 0.0, 1.0])
    vals = i32([0, 1, 2, 3, 4])
    case(F, "two_operands_num_keys_1", p, [L([T(keys), T(vals)])], {"num_keys": 1})
    case(F, "two_operands_num_keys_2", p, [L([T(keys), T(i32([4, 3, 2, 1, 0]))])], {"num_keys": 2})
    case(F, "three_operands_2d", p, [L([T(rf((2, 3))), T(ri((2, 3))), T(rf((2, 3)))])],
         {"dimension": 1, "num_keys": 1})
    case(F, "shape_mismatch_error", p, [L([T(keys), T(i32([1, 2]))])], expect_error=True)

    p = "lax.stop_gradient"
    case(F, "f32", p, [T(rf((2, 3)))])
    case(F, "int32", p, [T(ri((3,)))])


# ===========================================================================
# promotion
# ===========================================================================


def gen_promotion():
    F = "promotion"

    def case(fam, sub, *a, **k):  # ids in this table are prefixed: they reuse elementwise fns
        return globals()["case"](fam, f"promotion_{sub}", *a, **k)

    kinds = {
        "bool": T(b([True, False])),
        "int32": T(i32([1, -2])),
        "float32": T(f32([1.5, -2.5])),
        "uint32": T(u32([1, 3000000000])),
        "pyint": S(2),
        "pyfloat": S(2.5),
        "pybool": S(True),
        "weakInt32Tensor": T(i32(2), weak=True),
        "weakFloat32Tensor": T(f32(2.5), weak=True),
    }
    strong = ["bool", "int32", "float32", "uint32"]
    for a in strong:
        for bb in strong:
            c = {"id": f"promoteTypes/{a}_{bb}", "fn": "numpy.promoteTypes",
                 "py": "jnp.promote_types", "args": [{"value": a}, {"value": bb}]}
            c["outDtype"] = np.dtype(jnp.promote_types(a, bb)).name
            FILES.setdefault(F, []).append(c)
    for a, ka in kinds.items():
        for bb, kb in kinds.items():
            c = {"id": f"resultType/{a}_{bb}", "fn": "numpy.resultType", "py": "jnp.result_type",
                 "args": [ka.enc(), kb.enc()]}
            try:
                c["outDtype"] = np.dtype(jnp.result_type(ka.py(), kb.py())).name
            except Exception as e:
                c["error"] = str(e).split("\n")[0]
                c["errorType"] = type(e).__name__
            FILES.setdefault(F, []).append(c)
    for a, ka in kinds.items():
        for bb, kb in kinds.items():
            case(F, f"{a}_{bb}", "jnp.add", [ka, kb])
    for a, ka in kinds.items():
        for bb, kb in kinds.items():
            case(F, f"{a}_{bb}", "jnp.multiply", [ka, kb], expect_error=None)
    for a, ka in kinds.items():
        if a.startswith("py"):
            continue
        case(F, f"{a}_pyint", "jnp.less", [ka, S(2)])
        case(F, f"{a}_pyfloat", "jnp.less", [ka, S(2.5)])
    # weak Python scalars that do not fit the other operand's dtype
    case(F, "uint32_negative_pyint", "jnp.add", [T(u32([1, 2])), S(-1)], expect_error=None)
    case(F, "int32_pyint_overflow", "jnp.add", [T(i32([1, 2])), S(2**31)], expect_error=None)
    case(F, "uint32_pyint_overflow", "jnp.add", [T(u32([1, 2])), S(2**32)], expect_error=None)
    case(F, "int32_pyint_max", "jnp.add", [T(i32([0, -1])), S(2**31 - 1)])
    case(F, "uint32_pyint_large", "jnp.add", [T(u32([0, 1])), S(2**32 - 1)], expect_error=None)
    case(F, "pyint_overflow_alone", "jnp.asarray", [S(2**31)], expect_error=None)
    case(F, "pyint_large_uint_range", "jnp.asarray", [S(3000000000)], expect_error=None)
    case(F, "int32_pyfloat_huge", "jnp.add", [T(i32([1])), S(1e39)], expect_error=None)


# ===========================================================================
# main
# ===========================================================================


def write():
    meta = {
        "jax": jax.__version__,
        "numpy": np.__version__,
        "x64": bool(jax.config.jax_enable_x64),
        "platform": jax.devices()[0].platform,
        "generatedBy": "packages/tensor/golden/ops.py",
        "regenerate": "/work/.venv-ref/bin/python packages/tensor/golden/ops.py",
    }
    total = 0
    for fam, cases in FILES.items():
        path = os.path.join(HERE, f"ops-{fam}.json")
        body = ",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases)
        text = ('{"meta":' + json.dumps({**meta, "family": fam}) + ',\n"cases":[\n' + body + "\n]}\n")
        with open(path, "w") as f:
            f.write(text)
        total += len(text)
        errs = sum(1 for c in cases if "error" in c)
        print(f"{os.path.basename(path)}: {len(cases)} cases ({errs} errors), {len(text)} bytes")
    print(f"total {sum(len(c) for c in FILES.values())} cases, {total} bytes")


def main():
    gen_creation()
    gen_unary()
    gen_binary()
    gen_elementwise_misc()
    gen_reductions()
    gen_linalg()
    gen_shape()
    gen_index()
    gen_lax()
    gen_promotion()
    write()
    if WARNINGS:
        print(f"{len(WARNINGS)} warnings:", file=sys.stderr)
        for w in WARNINGS:
            print("  " + w, file=sys.stderr)


if __name__ == "__main__":
    main()
