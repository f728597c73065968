"""Golden values for @jaxts/frozendict from real JAX / Flax.

Run: /work/.venv-ref/bin/python packages/frozendict/golden/generate.py
Writes packages/frozendict/golden/tree.json. Trees are JSON (dict/list/None/numbers/strings).
"""

import json
import pathlib

import jax
import flax
from flax.core import freeze, pretty_repr
from flax import traverse_util
from jax._src.tree_util import broadcast_prefix

TREES = [
    {'b': [1, [2, None]], 'a': 3},
    None,
    1,
    [],
    {},
    [None, [], {}],
    [None],
    {'z': {'y': [1, 2], 'x': None}, 'a b': 1, "it's": [[3]]},
    {'params': {'Dense_0': {'kernel': 1, 'bias': 2}, 'Dense_1': {'kernel': 3, 'bias': 4}}},
    [[1, [2, [3, [4]]]], {'k': [5, {'j': 6}]}],
]


def flatten_case(t):
    leaves, treedef = jax.tree_util.tree_flatten(t)
    with_path, _ = jax.tree_util.tree_flatten_with_path(t)
    return {
        'tree': t,
        'leaves': leaves,
        'treedef': str(treedef),
        'num_leaves': treedef.num_leaves,
        'num_nodes': treedef.num_nodes,
        'keystrs': [jax.tree_util.keystr(p) for p, _ in with_path],
        'simple_keystrs': [jax.tree_util.keystr(p, simple=True, separator='/') for p, _ in with_path],
    }


def error_text(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return str(e)
    return None


PRETTY = [
    {'a': 1, 'b': {'c': 2, 'd': {}}},
    {},
    {'x': 'text', 'y': None, 'z': True, 'w': [1, 2.5]},
]

FLAT = {'foo': 1, 'bar': {'a': 2, 'b': {}}}

golden = {
    'versions': {'jax': jax.__version__, 'flax': flax.__version__},
    'flatten': [flatten_case(t) for t in TREES],
    'frozen_flatten': {
        'tree': {'c': 1, 'b': {'a': 2}},
        'leaves': jax.tree_util.tree_leaves(freeze({'c': 1, 'b': {'a': 2}})),
        'keystrs': [
            jax.tree_util.keystr(p)
            for p, _ in jax.tree_util.tree_flatten_with_path(freeze({'c': 1, 'b': {'a': 2}}))[0]
        ],
    },
    'pretty_repr': [
        {'tree': t, 'frozen': pretty_repr(freeze(t)), 'plain': pretty_repr(t)} for t in PRETTY
    ],
    'pretty_repr_leaf': pretty_repr('345'),
    'flatten_dict': {
        'input': FLAT,
        'paths': [[list(k), v] for k, v in traverse_util.flatten_dict(FLAT).items()],
        'sep': traverse_util.flatten_dict(FLAT, sep='/'),
        'keep_empty_paths': [list(k) for k in traverse_util.flatten_dict(FLAT, keep_empty_nodes=True)],
        'unflatten': traverse_util.unflatten_dict(traverse_util.flatten_dict(FLAT, keep_empty_nodes=True)),
    },
    'path_aware_map': {
        'input': {'a': {'x': 10, 'y': 3}, 'b': {'x': 20}},
        'output': traverse_util.path_aware_map(
            lambda path, x: x + 5 if 'x' in path else -x, {'a': {'x': 10, 'y': 3}, 'b': {'x': 20}}
        ),
    },
    'broadcast_prefix': [
        {
            'prefix': [None, 0],
            'full': [{'a': 1, 'b': 2}, 3],
            'none_is_leaf': True,
            'result': broadcast_prefix([None, 0], [{'a': 1, 'b': 2}, 3], is_leaf=lambda x: x is None),
        },
        {
            'prefix': {'a': 0},
            'full': {'a': [1, 2]},
            'none_is_leaf': False,
            'result': broadcast_prefix({'a': 0}, {'a': [1, 2]}),
        },
        {
            'prefix': [1, {'x': 2}],
            'full': [[1, [2, 3]], {'x': {'p': 4, 'q': None}}],
            'none_is_leaf': False,
            'result': broadcast_prefix([1, {'x': 2}], [[1, [2, 3]], {'x': {'p': 4, 'q': None}}]),
        },
    ],
    'errors': {
        'map_children': error_text(
            lambda: jax.tree_util.tree_map(lambda x, y: x, {'a': 1, 'b': 2}, {'a': 1})
        ),
        'map_types': error_text(lambda: jax.tree_util.tree_map(lambda x, y: x, {'a': [1, 2]}, {'a': 1})),
        'map_length': error_text(lambda: jax.tree_util.tree_map(lambda x, y: x, [1, 2], [1, 2, 3])),
        'unflatten_few': error_text(
            lambda: jax.tree_util.tree_unflatten(jax.tree_util.tree_structure([1, 2]), [1])
        ),
        'frozen_setitem': error_text(lambda: freeze({'a': 1}).__setitem__('a', 2)),
    },
    'reduce': jax.tree.reduce(lambda a, b: a + b, [1, {'x': 2, 'y': [3, 4]}]),
    'transpose': jax.tree.transpose(
        jax.tree.structure([0, 0]),
        jax.tree.structure({'a': 0, 'b': 0}),
        [{'a': 1, 'b': 2}, {'a': 3, 'b': 4}],
    ),
}

out = pathlib.Path(__file__).with_name('tree.json')
out.write_text(json.dumps(golden, indent=1, sort_keys=False) + '\n')
print(f'wrote {out}')
