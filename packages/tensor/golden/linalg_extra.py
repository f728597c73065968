"""Extra golden values for @jaxts/tensor's linalg family (conv / reduce_window / dot_general /
einsum paths that ops.py does not cover: batch groups, integer and bool convolutions, depthwise
multipliers, transposed convs, 0-D / 3-D / 4-D spatial convs, 3-window-dim pooling, int32 wrap).

Same JSON format as ops.py (see README.md); regenerate with:

    /work/.venv-ref/bin/python packages/tensor/golden/linalg_extra.py
"""

import json
import math
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

RNG = np.random.default_rng(42)
CASES = []


def enc_f(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def enc(a):
    a = np.asarray(a)
    name = a.dtype.name
    assert name in ("float32", "int32", "uint32", "bool"), name
    flat = a.reshape(-1)
    if name == "float32":
        data = [enc_f(v) for v in flat]
    elif name == "bool":
        data = [bool(v) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"shape": list(a.shape), "dtype": name, "data": data}


def rf(shape, lo=-1.0, hi=1.0):
    return np.round(RNG.uniform(lo, hi, shape), 3).astype(np.float32)


def ri(shape, lo=-4, hi=5):
    return RNG.integers(lo, hi, shape).astype(np.int32)


def case(cid, fn, args, out, options=None):
    c = {"id": cid, "fn": fn, "args": args}
    if options:
        c["options"] = options
    c["out"] = enc(out)
    CASES.append(c)


def T(a):
    return {"tensor": enc(a)}


def conv(cid, lhs, rhs, strides, padding, dn=None, **kw):
    """lax.conv_general_dilated with explicit or string padding; records jaxts option names."""
    opts = {}
    names = {"lhs_dilation": "lhsDilation", "rhs_dilation": "rhsDilation",
             "feature_group_count": "featureGroupCount", "batch_group_count": "batchGroupCount"}
    for k, v in kw.items():
        opts[names[k]] = list(v) if isinstance(v, tuple) else v
    if dn is not None:
        opts["dimensionNumbers"] = list(dn)
    pad_py = padding if isinstance(padding, str) else [tuple(p) for p in padding]
    out = lax.conv_general_dilated(jnp.asarray(lhs), jnp.asarray(rhs), tuple(strides), pad_py,
                                   dimension_numbers=dn, precision=lax.Precision.HIGHEST, **kw)
    pad_js = padding if isinstance(padding, str) else [list(p) for p in padding]
    case(f"lax.convGeneralDilated/{cid}", "lax.convGeneralDilated",
         [T(lhs), T(rhs), {"value": list(strides)}, {"value": pad_js}], np.asarray(out), opts)


def reduce_window(cid, x, init, comp, dims, strides, padding, base=None, wdil=None):
    fn = {"add": lax.add, "max": lax.max, "min": lax.min}[comp]
    pad_py = padding if isinstance(padding, str) else [tuple(p) for p in padding]
    out = lax.reduce_window(jnp.asarray(x), init, fn, tuple(dims), tuple(strides), pad_py,
                            None if base is None else tuple(base),
                            None if wdil is None else tuple(wdil))
    opts = {"windowStrides": list(strides),
            "padding": padding if isinstance(padding, str) else [list(p) for p in padding]}
    if base is not None:
        opts["baseDilation"] = list(base)
    if wdil is not None:
        opts["windowDilation"] = list(wdil)
    init_js = init.item() if hasattr(init, "item") else init
    if isinstance(init_js, bool):
        init_arg = {"scalar": init_js}
    else:
        init_arg = {"scalar": enc_f(init_js) if isinstance(init_js, float) else int(init_js)}
    case(f"lax.reduceWindow/{cid}", "lax.reduceWindow",
         [T(x), init_arg, {"value": comp}, {"value": list(dims)}], np.asarray(out), opts)


def gen():
    # --- convolutions -------------------------------------------------------------------------
    conv("batch_groups_2", rf((4, 2, 6)), rf((6, 2, 3)), [1], "VALID", batch_group_count=2)
    conv("batch_groups_3_2d_padded", rf((3, 1, 4, 4)), rf((3, 1, 2, 2)), [1, 1], [(1, 0), (0, 1)],
         batch_group_count=3)
    conv("batch_groups_nhwc_strided", rf((4, 5, 5, 2)), rf((2, 2, 2, 4)), [2, 2], "SAME",
         ("NHWC", "HWIO", "NHWC"), batch_group_count=2)
    conv("int32_2d", ri((1, 2, 4, 4)), ri((3, 2, 2, 2)), [1, 1], [(1, 1), (0, 1)])
    conv("int32_groups", ri((2, 4, 5)), ri((4, 2, 2)), [2], "SAME", feature_group_count=2)
    conv("bool_1d", RNG.random((1, 2, 5)) < 0.5, RNG.random((2, 2, 2)) < 0.5, [1], "VALID")
    conv("depthwise_multiplier_2", rf((1, 5, 5, 2)), rf((3, 3, 1, 4)), [1, 1], "SAME",
         ("NHWC", "HWIO", "NHWC"), feature_group_count=2)
    conv("depthwise_strided_dilated", rf((1, 3, 9, 9)), rf((3, 1, 3, 3)), [2, 2], "VALID",
         feature_group_count=3, rhs_dilation=(2, 2))
    conv("groups_strided_dilated", rf((1, 4, 9, 8)), rf((6, 2, 2, 3)), [2, 3], [(1, 1), (2, 0)],
         feature_group_count=2, rhs_dilation=(2, 1))
    conv("transposed_nhwc_stride2", rf((1, 3, 3, 2)), rf((3, 3, 2, 2)), [1, 1], [(1, 2), (1, 2)],
         ("NHWC", "HWIO", "NHWC"), lhs_dilation=(2, 2))
    conv("lhs_and_rhs_dilation_strided", rf((1, 1, 4, 5)), rf((2, 1, 2, 2)), [2, 1],
         [(0, 1), (1, -1)], lhs_dilation=(3, 2), rhs_dilation=(2, 1))
    conv("3d_negative_padding", rf((1, 2, 4, 5, 4)), rf((2, 2, 2, 2, 2)), [1, 2, 1],
         [(-1, 0), (1, 1), (0, -1)])
    conv("3d_lhs_dilation_groups", rf((1, 4, 3, 3, 3)), rf((4, 2, 2, 2, 2)), [1, 1, 1],
         [(1, 1), (0, 0), (1, 0)], lhs_dilation=(2, 1, 2), feature_group_count=2)
    conv("0d_spatial_dense", rf((3, 4)), rf((2, 4)), [], [])
    conv("4d_spatial", rf((1, 2, 3, 3, 3, 3)), rf((2, 2, 2, 2, 2, 2)), [1, 1, 1, 2],
         [(0, 0), (1, 0), (0, 0), (0, 1)])
    conv("1d_depthwise_nwc", rf((2, 7, 3)), rf((3, 1, 3)), [2], "SAME", ("NWC", "WIO", "NWC"),
         feature_group_count=3)
    conv("transposed_output_layout", rf((2, 4, 4, 3)), rf((3, 2, 2, 3)), [1, 1], "SAME",
         ("NHWC", "OHWI", "NCHW"))
    # --- conv_transpose (Flax ConvTranspose) -------------------------------------------------
    for cid, lhs_s, rhs_s, strides, padding, kw in [
        ("same_stride2", (1, 3, 3, 2), (3, 3, 2, 4), (2, 2), "SAME", {}),
        ("valid_stride2", (2, 4, 4, 3), (2, 2, 3, 2), (2, 2), "VALID", {}),
        ("same_stride1_dilated", (1, 5, 5, 1), (3, 3, 1, 2), (1, 1), "SAME", {"rhs_dilation": (2, 2)}),
        ("explicit_1d", (2, 5, 2), (3, 2, 3), (3,), [(1, 2)], {}),
        ("transpose_kernel", (1, 4, 4, 2), (3, 3, 3, 2), (2, 2), "SAME", {"transpose_kernel": True}),
        ("nchw_valid_stride3", (1, 2, 3, 3), (3, 2, 2, 2), (3, 3), "VALID",
         {"dimension_numbers": ("NCHW", "OIHW", "NCHW")}),
    ]:
        lhs, rhs = rf(lhs_s), rf(rhs_s)
        pad_py = padding if isinstance(padding, str) else [tuple(p) for p in padding]
        out = lax.conv_transpose(jnp.asarray(lhs), jnp.asarray(rhs), strides, pad_py,
                                 precision=lax.Precision.HIGHEST, **kw)
        opts = {}
        if "rhs_dilation" in kw:
            opts["rhsDilation"] = list(kw["rhs_dilation"])
        if "transpose_kernel" in kw:
            opts["transposeKernel"] = True
        if "dimension_numbers" in kw:
            opts["dimensionNumbers"] = list(kw["dimension_numbers"])
        pad_js = padding if isinstance(padding, str) else [list(p) for p in padding]
        case(f"lax.convTranspose/{cid}", "lax.convTranspose",
             [T(lhs), T(rhs), {"value": list(strides)}, {"value": pad_js}], np.asarray(out), opts)
    # --- reduce_window ------------------------------------------------------------------------
    reduce_window("sum_base_dilation_padding_2d", rf((1, 3, 3, 2)), 0.0, "add", [1, 3, 3, 1],
                  [1, 1, 1, 1], [(0, 0), (2, 2), (2, 2), (0, 0)], base=[1, 2, 2, 1])
    reduce_window("max_window_dilation_2d", rf((1, 7, 7, 1)), -np.inf, "max", [1, 3, 3, 1],
                  [1, 2, 1, 1], "SAME", wdil=[1, 2, 2, 1])
    reduce_window("max_ndhwc_pool", rf((1, 4, 4, 4, 2)), -np.inf, "max", [1, 2, 2, 2, 1],
                  [1, 2, 2, 2, 1], "VALID")
    reduce_window("sum_ndhwc_same", rf((1, 3, 4, 5, 2)), 0.0, "add", [1, 2, 3, 2, 1],
                  [1, 1, 2, 2, 1], "SAME")
    reduce_window("min_noncontiguous_dims", rf((3, 4, 5)), np.inf, "min", [2, 1, 3], [1, 1, 2],
                  [(1, 0), (0, 0), (1, 1)])
    reduce_window("min_int32", ri((2, 6)), int(np.iinfo(np.int32).max), "min", [1, 3], [1, 2],
                  [(0, 0), (1, 1)])
    reduce_window("sum_int32_padded", ri((3, 4)), 0, "add", [2, 2], [1, 1], "SAME")
    reduce_window("max_bool", RNG.random((2, 5)) < 0.3, False, "max", [1, 2], [1, 1], "VALID")
    reduce_window("max_5d", rf((2, 2, 3, 2, 3)), -np.inf, "max", [2, 1, 2, 2, 2], [1, 1, 1, 1, 1],
                  "VALID")
    reduce_window("max_all_padding_window", rf((1, 2)), -np.inf, "max", [1, 2], [1, 2],
                  [(0, 0), (0, 3)])
    reduce_window("max_nonidentity_init_padded", rf((4,), -3, -1), -2.0, "max", [2], [1], "SAME")
    # --- dot_general --------------------------------------------------------------------------
    big = np.array([[2 ** 20, 2 ** 20]], np.int32)
    big2 = np.array([[2 ** 20], [2 ** 20]], np.int32)
    out = lax.dot_general(big, big2, (((1,), (0,)), ((), ())))
    case("lax.dotGeneral/int32_wraps", "lax.dotGeneral",
         [T(big), T(big2), {"value": {"contracting": [[1], [0]], "batch": [[], []]}}], out)
    a = ri((2, 3, 4), -50, 50)
    b = ri((3, 5, 4), -50, 50)
    out = lax.dot_general(a, b, (((2,), (2,)), ((), ())), preferred_element_type=jnp.float32)
    case("lax.dotGeneral/int32_preferred_float32", "lax.dotGeneral",
         [T(a), T(b), {"value": {"contracting": [[2], [2]], "batch": [[], []]}}], out,
         {"preferredElementType": "float32"})
    ua = np.array([[4000000000, 3], [1, 2]], np.uint32)
    ub = np.array([[2, 1], [5, 4000000000]], np.uint32)
    out = lax.dot_general(ua, ub, (((1,), (0,)), ((), ())))
    case("lax.dotGeneral/uint32_wraps", "lax.dotGeneral",
         [T(ua), T(ub), {"value": {"contracting": [[1], [0]], "batch": [[], []]}}], out)
    a = rf((3, 2, 4, 2))
    b = rf((2, 4, 3, 5))
    out = lax.dot_general(a, b, (((2, 3), (1, 0)), ((0,), (2,))), precision=lax.Precision.HIGHEST)
    case("lax.dotGeneral/batch_and_two_contracting_permuted", "lax.dotGeneral",
         [T(a), T(b), {"value": {"contracting": [[2, 3], [1, 0]], "batch": [[0], [2]]}}], out)
    # --- einsum -------------------------------------------------------------------------------
    hi = jax.default_matmul_precision("highest")
    with hi:
        for sub, shapes in [
            ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
            ("...ij,...jk->...ik", [(2, 1, 2, 3), (4, 3, 2)]),
            ("iij->ij", [(3, 3, 2)]),
            ("iii->i", [(2, 2, 2)]),
            ("ba", [(2, 3)]),
            ("ij,i->j", [(3, 4), (3,)]),
            ("bnd,bmd->bnm", [(2, 3, 4), (2, 5, 4)]),
            ("ijk,ikl->", [(2, 3, 4), (2, 4, 3)]),
            ("i,i,i->i", [(4,), (4,), (4,)]),
            ("ab,cd->abcd", [(2, 2), (2, 3)]),
            ("ij,kj", [(2, 3), (4, 3)]),
        ]:
            ops = [rf(s) for s in shapes]
            out = jnp.einsum(sub, *ops)
            label = sub.replace("...", "ell").replace("->", "_to_").replace(",", "_") or "empty"
            case(f"einsum/{label}", "numpy.einsum", [{"value": sub}] + [T(o) for o in ops],
                 np.asarray(out))
    # --- norm ---------------------------------------------------------------------------------
    m = rf((3, 4))
    for ordv, name in [(-1, "neg1"), (-np.inf, "neg_inf")]:
        out = jnp.linalg.norm(m, ordv)
        case(f"linalg.norm/matrix_ord_{name}", "numpy.linalg.norm", [T(m)], out,
             {"ord": enc_f(ordv) if isinstance(ordv, float) else ordv})
    out = jnp.linalg.norm(m, 1, axis=(1, 0), keepdims=True)
    case("linalg.norm/matrix_ord_1_axes_swapped_keepdims", "numpy.linalg.norm", [T(m)], out,
         {"ord": 1, "axis": [1, 0], "keepdims": True})
    v = rf((5,))
    out = jnp.linalg.norm(v, 0.5)
    case("linalg.norm/vector_ord_half", "numpy.linalg.norm", [T(v)], out, {"ord": 0.5})


def main():
    gen()
    meta = {"jax": jax.__version__, "numpy": np.__version__, "x64": False, "platform": "cpu",
            "generatedBy": "packages/tensor/golden/linalg_extra.py",
            "regenerate": "/work/.venv-ref/bin/python packages/tensor/golden/linalg_extra.py",
            "family": "linalg-extra"}
    path = os.path.join(_HERE, "ops-linalg-extra.json")
    with open(path, "w") as f:
        json.dump({"meta": meta, "cases": CASES}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main()
