"""Lists the public functions of jax.numpy, jax.numpy.linalg, jax.lax and jax.random into
jax-names.json (next to this file), the JAX side of COMPAT.md (see compat.ts). Run by hand from
the reference venv:  /work/.venv-ref/bin/python packages/tensor/scripts/jax_names.py
"""

import inspect
import json
import pathlib

import jax
import jax.lax
import jax.numpy
import jax.numpy.linalg
import jax.random


def functions(module):
    """Public callables that are not classes (dtypes, dimension-number tuples) nor modules."""
    names = []
    for name in dir(module):
        if name.startswith("_"):
            continue
        value = getattr(module, name)
        if inspect.ismodule(value) or isinstance(value, type):
            continue
        if type(value).__module__ in ("typing", "types"):  # aliases such as lax.DotDimensionNumbers
            continue
        if callable(value):
            names.append(name)
    return sorted(names)


out = {
    "jax_version": jax.__version__,
    "numpy": functions(jax.numpy),
    "numpy.linalg": functions(jax.numpy.linalg),
    "lax": functions(jax.lax),
    "random": functions(jax.random),
}
path = pathlib.Path(__file__).with_name("jax-names.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}: " + ", ".join(f"{k} {len(v)}" for k, v in out.items() if k != "jax_version"))
