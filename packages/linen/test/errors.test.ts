// The Flax error catalogue (inventory 1.9): each misuse raises the linen error class with Flax's
// message text (golden/module.json holds the messages Flax 0.12.8 printed for the same code).

import { JaxtsError } from '@jaxts/frozendict';
import * as nn from '@jaxts/linen';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { loadGolden } from './golden.ts';

const errors = loadGolden<{ errors: Record<string, { type: string; message: string }> }>(
  'module.json',
).errors;

/** Flax's message for a golden error case. */
function flax(name: string): string {
  const e = errors[name];
  if (e === undefined) throw new Error(`no golden error ${name}`);
  return e.message;
}

/** Runs `f` and returns the thrown error. */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

const key0 = random.PRNGKey(0);
const x13 = jnp.ones([1, 3]);

class Wrap extends nn.Module {
  call(x: Tensor): Tensor {
    return nn.Dense({ features: 2 }).call(x);
  }
}
class Other extends nn.Module {
  call(x: Tensor): Tensor {
    return nn.Dense({ features: 2, name: 'Dense_1' }).call(x);
  }
}
class BNModel extends nn.Module {
  call(x: Tensor): Tensor {
    return nn.BatchNorm({ useRunningAverage: false }).call(x);
  }
}
class DropModel extends nn.Module {
  call(x: Tensor): Tensor {
    return nn.Dropout({ rate: 0.5, deterministic: false }).call(x);
  }
}
class Dup extends nn.Module {
  call(x: Tensor): Tensor {
    x = nn.Dense({ features: 2, name: 'a' }).call(x);
    return nn.Dense({ features: 2, name: 'a' }).call(x);
  }
}
class ParamSub extends nn.Module {
  call(x: Tensor): Tensor {
    this.param('bar', nn.initializers.zeros, [1]);
    return nn.Dense({ features: 2, name: 'bar' }).call(x);
  }
}
class ParamTwice extends nn.Module {
  call(x: Tensor): Tensor {
    this.param('w', nn.initializers.zeros, [1]);
    this.param('w', nn.initializers.zeros, [1]);
    return x;
  }
}
class VarTwice extends nn.Module {
  call(x: Tensor): Tensor {
    this.variable('stats', 'm', jnp.zeros, [1]);
    this.variable('stats', 'm', jnp.zeros, [1]);
    return x;
  }
}
class SameNameOtherCollection extends nn.Module {
  call(x: Tensor): Tensor {
    this.param('mean', nn.initializers.zeros, [2]);
    this.variable('stats', 'mean', jnp.zeros, [2]);
    return x;
  }
}
/** Creates a submodule in a method that is not compact (run directly with { method }). */
class NotCompact extends nn.Module {
  encode(x: Tensor): Tensor {
    return nn.Dense({ features: 3 }).call(x);
  }
}
class ParamNotCompact extends nn.Module {
  helper(_x: Tensor): Tensor {
    return this.param('w', nn.initializers.zeros, [1]);
  }
}
/** Extra compact methods are declared with `static compactMethods`. */
class ExtraCompact extends nn.Module {
  static override compactMethods = ['encode'];
  encode(x: Tensor): Tensor {
    return nn.Dense({ features: 3 }).call(x);
  }
}

describe('Flax error catalogue', () => {
  const dv = nn.Dense({ features: 2 }).init(key0, x13);

  it('ScopeParamShapeError: parameter shape changed since init', () => {
    const e = thrown(() => nn.Dense({ features: 2 }).apply(dv, jnp.ones([1, 4])));
    expect(e).toBeInstanceOf(nn.ScopeParamShapeError);
    expect(e.message).toBe(flax('param_shape'));
  });

  it('ScopeCollectionNotFound: apply({}, ...)', () => {
    const e = thrown(() => nn.Dense({ features: 2 }).apply({}, x13));
    expect(e).toBeInstanceOf(nn.ScopeCollectionNotFound);
    expect(e.message).toBe(flax('collection_not_found'));
  });

  it('ScopeParamNotFoundError names the scope path', () => {
    const wv = new Wrap().init(key0, x13);
    const e = thrown(() => new Other().apply(wv, x13));
    expect(e).toBeInstanceOf(nn.ScopeParamNotFoundError);
    expect(e.message).toBe(flax('param_not_found'));
  });

  it('ModifyScopeVariableError: BatchNorm training without mutable', () => {
    const bv = new BNModel().init(key0, jnp.ones([2, 3]));
    const e = thrown(() => new BNModel().apply(bv, jnp.ones([2, 3])));
    expect(e).toBeInstanceOf(nn.ModifyScopeVariableError);
    expect(e.message.startsWith(flax('modify_immutable'))).toBe(true);
    expect(e.message).toMatch(/mutable: \['batch_stats'\]/);
  });

  it('ApplyScopeInvalidVariablesTypeError: raw params passed to apply', () => {
    const e = thrown(() => nn.Dense({ features: 2 }).apply(dv.params as nn.VariableDict, x13));
    expect(e).toBeInstanceOf(nn.ApplyScopeInvalidVariablesTypeError);
    expect(e.message).toBe(flax('raw_params'));
    expect(() =>
      nn.Dense({ features: 2 }).apply(jnp.ones([2]) as unknown as nn.VariableDict, x13),
    ).toThrow(nn.ApplyScopeInvalidVariablesTypeError);
  });

  it('ApplyScopeInvalidVariablesStructureError: { params: { params } }', () => {
    const e = thrown(() => nn.Dense({ features: 2 }).apply({ params: dv }, x13));
    expect(e).toBeInstanceOf(nn.ApplyScopeInvalidVariablesStructureError);
    expect(e.message).toBe(flax('params_params'));
  });

  it('InvalidRngError: Dropout_0 needs PRNG for "dropout"', () => {
    const e = thrown(() => new DropModel().apply({}, jnp.ones([2, 3])));
    expect(e).toBeInstanceOf(nn.InvalidRngError);
    expect(e.message.startsWith(flax('missing_rng'))).toBe(true);
  });

  it('InvalidRngError: init with something that is not a key', () => {
    const e = thrown(() => nn.Dense({ features: 2 }).init(0 as unknown as Tensor, x13));
    expect(e).toBeInstanceOf(nn.InvalidRngError);
    expect(e.message.startsWith(flax('invalid_rngs'))).toBe(true);
    expect(() => nn.Dense({ features: 2 }).init({ params: 3 } as unknown as Tensor, x13)).toThrow(
      nn.InvalidRngError,
    );
  });

  it('NameInUseError for submodules, params and variables (one namespace)', () => {
    const cases: [string, () => unknown][] = [
      ['name_in_use_submodule', () => new Dup().init(key0, x13)],
      ['name_in_use_param_then_submodule', () => new ParamSub().init(key0, x13)],
      ['name_in_use_param', () => new ParamTwice().init(key0, x13)],
      ['name_in_use_variable', () => new VarTwice().init(key0, x13)],
    ];
    for (const [name, f] of cases) {
      const e = thrown(f);
      expect(e, name).toBeInstanceOf(nn.NameInUseError);
      expect(e.message, name).toBe(flax(name));
    }
    // A param and a variable of another collection may share a name (as in Flax 0.12.8).
    const v = new SameNameOtherCollection().init(key0, x13);
    expect(Object.keys(v).sort()).toEqual(['params', 'stats']);
  });

  it('AssignSubModuleError: submodule created outside call/setup', () => {
    const e = thrown(() => new NotCompact().init(key0, x13, { method: 'encode' }));
    expect(e).toBeInstanceOf(nn.AssignSubModuleError);
    expect(e.message).toBe(flax('assign_submodule'));
    // A helper called from the compact `call` may create submodules (Flax: the module is in
    // its compact method); so may a method listed in compactMethods.
    const v = new ExtraCompact().init(key0, x13, { method: 'encode' });
    expect(Object.keys(v.params as object)).toEqual(['Dense_0']);
  });

  it('params outside setup and compact methods', () => {
    const e = thrown(() => new ParamNotCompact().init(key0, x13, { method: 'helper' }));
    expect(e).toBeInstanceOf(nn.InitializationNotAllowedError);
    expect(e.message).toBe(flax('param_not_compact'));
  });

  it('CallCompactUnboundModuleError: calling call() outside init/apply', () => {
    const e = thrown(() => nn.Dense({ features: 2 }).call(x13));
    expect(e).toBeInstanceOf(nn.CallCompactUnboundModuleError);
    expect(e.message.startsWith(flax('compact_unbound'))).toBe(true);
  });

  it('mergeParam: deterministic given never or twice', () => {
    let e = thrown(() => nn.Dropout({ rate: 0.5 }).init(key0, x13));
    expect(e).toBeInstanceOf(nn.MergeParamError);
    expect(e.message).toBe(flax('merge_param_none'));
    e = thrown(() => nn.Dropout({ rate: 0.5, deterministic: true }).init(key0, x13, true));
    expect(e.message).toBe(flax('merge_param_both'));
  });

  it('every linen error is a JaxtsError', () => {
    expect(new nn.NameInUseError('param', 'w', 'M')).toBeInstanceOf(JaxtsError);
    expect(new nn.NameInUseError('param', 'w', 'M').name).toBe('NameInUseError');
  });

  it('ApplyModuleInvalidMethodError and invalid mutable filters', () => {
    const m = nn.Dense({ features: 2 });
    expect(() => m.apply(dv, x13, { method: 'nope' })).toThrow(nn.ApplyModuleInvalidMethodError);
    expect(() => m.apply(dv, x13, { mutable: 3 as unknown as string })).toThrow(/invalid mutable/);
  });

  it('unbound modules cannot read variables', () => {
    expect(() => nn.Dense({ features: 2 }).hasVariable('params', 'kernel')).toThrow(/unbound/);
  });
});
