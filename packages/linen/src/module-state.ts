// Module internals: per-instance state kept outside the instance, the stack of running module
// methods, method wrapping (Flax's _call_wrapped_method), automatic naming, setup() and the
// adoption of submodules held in props, fields and setup attributes (flax/linen/module.py).

import { isPlainObject } from './dicts.ts';
import {
  AssignSubModuleError,
  CallCompactUnboundModuleError,
  LinenError,
  NameInUseError,
} from './errors.ts';
import { Module } from './module.ts';
import type { ApplyFn, CaptureFilter, InitFn, InitWithOutputFn } from './module-types.ts';
import type { Scope } from './scope.ts';

// ---------------------------------------------------------------------------------------------
// Internal state (kept out of the instance so props and user fields are the only own properties)
// ---------------------------------------------------------------------------------------------

export interface ModuleState {
  parent: Module | null;
  name: string | null;
  scope: Scope | null;
  inCompactMethod: boolean;
  inSetup: boolean;
  setupCalled: boolean;
  autonameCursor: Map<string, number>;
  children: Map<string, Module | string>;
  /** Own properties assigned by setup() (re-created by setup, never cloned). */
  setupKeys: Set<string>;
  /** Own properties replaced by adopted clones: their original (unadopted) values. */
  fieldOriginals: Map<string, unknown>;
  bound: {
    apply?: ApplyFn<Module>;
    init?: InitFn<Module>;
    initWithOutput?: InitWithOutputFn<Module>;
  };
}

const STATE = new WeakMap<Module, ModuleState>();

export function freshState(parent: Module | null, name: string | null): ModuleState {
  return {
    parent,
    name,
    scope: null,
    inCompactMethod: false,
    inSetup: false,
    setupCalled: false,
    autonameCursor: new Map(),
    children: new Map(),
    setupKeys: new Set(),
    fieldOriginals: new Map(),
    bound: {},
  };
}

export function stateOf(m: Module): ModuleState {
  const st = STATE.get(m);
  if (st === undefined) {
    throw new LinenError(
      'Module: this object is not a constructed Module; expected an instance created with ' +
        '`new`. Subclasses must call super(props) in their constructor.',
    );
  }
  return st;
}

/** Modules whose wrapped method is running (Flax's _context.module_stack). */
const moduleStack: Module[] = [];

/** The module whose method is running (the default parent of new modules), or null. */
export function currentModule(): Module | null {
  return moduleStack.at(-1) ?? null;
}

/** Attaches fresh state to a newly constructed module. */
export function setState(m: Module, st: ModuleState): void {
  STATE.set(m, st);
}

/** Intermediate-capture filters of the running init/apply calls. */
export const captureStack: (CaptureFilter | null)[] = [];

/** One recorded method call (for tabulate). */
export interface CallInfo {
  readonly index: number;
  readonly path: readonly string[];
  readonly module: Module;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly output: unknown;
}

interface CallRecorder {
  next: number;
  calls: CallInfo[];
}
const callRecorders: CallRecorder[] = [];

/** Runs `f` while recording every wrapped method call (tabulate). @internal */
export function recordCalls<T>(f: () => T): [T, CallInfo[]] {
  const rec: CallRecorder = { next: 0, calls: [] };
  callRecorders.push(rec);
  try {
    const out = f();
    return [out, rec.calls.sort((a, b) => a.index - b.index)];
  } finally {
    callRecorders.pop();
  }
}

export function className(m: Module): string {
  return (Object.getPrototypeOf(m) as { constructor: { name: string } }).constructor.name;
}

export function initializationAllowed(st: ModuleState): boolean {
  return st.inSetup || st.inCompactMethod;
}

/** Attaches `m` to `parent`: auto-name, name check, child scope. Flax: __post_init__. */
export function register(m: Module, parent: Module): void {
  const st = stateOf(m);
  const ps = stateOf(parent);
  if (!initializationAllowed(ps) || ps.scope === null) {
    throw new AssignSubModuleError(className(m));
  }
  if (st.name === null) {
    const prefix = className(m);
    const cursor = ps.autonameCursor.get(prefix) ?? 0;
    st.name = `${prefix}_${cursor}`;
    ps.autonameCursor.set(prefix, cursor + 1);
  }
  if (ps.scope.nameReserved(st.name)) {
    throw new NameInUseError('submodule', st.name, className(parent));
  }
  ps.children.set(st.name, m);
  st.parent = parent;
  st.scope = ps.scope.push(st.name);
}

// ---------------------------------------------------------------------------------------------
// Method wrapping: every public method of a subclass runs through callWrapped (Flax wraps
// methods in _call_wrapped_method). Prototypes are patched once, on first construction.
// ---------------------------------------------------------------------------------------------

const WRAPPED = Symbol('linen.wrappedMethods');
export const ORIGINAL = new WeakMap<object, object>();

export type AnyMethod = (this: Module, ...args: unknown[]) => unknown;

export function callWrapped(
  m: Module,
  fn: AnyMethod,
  methodName: string,
  args: unknown[],
  compact: boolean,
): unknown {
  const st = STATE.get(m);
  if (st === undefined) return fn.apply(m, args);
  if (st.scope === null) {
    if (compact) throw new CallCompactUnboundModuleError();
    // Non-compact methods of unbound modules run as plain functions (e.g. initializeCarry).
    return fn.apply(m, args);
  }
  trySetup(m);
  const recurrent = st.inCompactMethod;
  if (compact) st.inCompactMethod = true;
  const recorder = callRecorders.at(-1);
  const index = recorder === undefined ? 0 : recorder.next++;
  moduleStack.push(m);
  try {
    const y = fn.apply(m, args);
    const filter = captureStack.at(-1);
    if (filter?.(m, methodName)) {
      m.sow('intermediates', methodName === 'call' ? '__call__' : methodName, y);
    }
    if (recorder !== undefined) {
      recorder.calls.push({
        index,
        path: st.scope.path,
        module: m,
        method: methodName,
        args,
        output: y,
      });
    }
    return y;
  } finally {
    moduleStack.pop();
    if (compact && !recurrent) {
      // The next call of a compact method reuses the same names (and so the same variables).
      st.scope = st.scope.rewound();
      st.inCompactMethod = false;
      st.autonameCursor = new Map();
    }
  }
}

export function wrapPrototypes(proto: object): void {
  for (let p = proto; p !== null && p !== Module.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, WRAPPED)) continue;
    const ctor = (p as { constructor: { compactMethods?: readonly string[] } }).constructor;
    const compact = new Set(['call', ...(ctor.compactMethods ?? [])]);
    for (const key of Object.getOwnPropertyNames(p)) {
      if (key === 'constructor' || key === 'setup' || key.startsWith('_')) continue;
      const d = Object.getOwnPropertyDescriptor(p, key);
      if (d === undefined || typeof d.value !== 'function' || !d.configurable) continue;
      const original = d.value as AnyMethod;
      const isCompact = compact.has(key);
      const wrapped = function (this: Module, ...args: unknown[]): unknown {
        return callWrapped(this, original, key, args, isCompact);
      };
      Object.defineProperty(wrapped, 'name', { value: key });
      ORIGINAL.set(wrapped, original);
      Object.defineProperty(p, key, { ...d, value: wrapped });
    }
    Object.defineProperty(p, WRAPPED, { value: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Setup and adoption of submodules held in props, fields and setup attributes
// ---------------------------------------------------------------------------------------------

/** Clones of modules passed in from outside, per root scope (keeps sharing by identity). */
const adoptionCaches = new WeakMap<Scope, Map<Module, Module>>();

/**
 * Maps `fn(suffix, module)` over the modules inside a value (a module, or arrays and plain
 * objects of them). Suffixes follow Flax: `''`, `_0`, `_a`, `_0_b`.
 */
function mapModules(
  value: unknown,
  suffix: string,
  fn: (suffix: string, m: Module) => Module,
): unknown {
  if (value instanceof Module) return fn(suffix, value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v, i) => {
      const r = mapModules(v, `${suffix}_${i}`, fn);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (isPlainObject(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = mapModules(v, `${suffix}_${k}`, fn);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * Gives the modules inside `value` to `owner` under `baseName`: modules from outside (no
 * parent) are cloned first, unnamed ones get `baseName + suffix`. Flax: _register_submodules.
 */
function adopt(owner: Module, baseName: string, value: unknown): unknown {
  const ost = stateOf(owner);
  const root = (ost.scope as Scope).root;
  let cache = adoptionCaches.get(root);
  if (cache === undefined) {
    cache = new Map();
    adoptionCaches.set(root, cache);
  }
  const c = cache;
  return mapModules(value, '', (suffix, sub) => {
    let m = sub;
    const sst = stateOf(sub);
    if (sst.parent === null && sst.scope === null) {
      let clone = c.get(sub);
      if (clone === undefined) {
        clone = cloneModule(sub, null);
        c.set(sub, clone);
      }
      m = clone;
    }
    const mst = stateOf(m);
    // Modules already named (explicitly, or inline in some compact method) stay where they are.
    if (mst.name === null) {
      mst.name = `${baseName}${suffix}`;
      register(m, owner);
    }
    return m;
  });
}

/** Runs setup() once, adopting prop/field submodules first. Flax: Module._try_setup. */
export function trySetup(m: Module): void {
  const st = stateOf(m);
  if (st.scope === null || st.inSetup || st.setupCalled) return;
  st.inSetup = true;
  moduleStack.push(m);
  try {
    // Props and instance fields: adopted under their key (Flax's dataclass fields).
    const props = (m as { props: unknown }).props;
    if (isPlainObject(props)) {
      const adopted: Record<string, unknown> = {};
      let changed = false;
      // Flax names adopted submodules after the dataclass field; built-in layers whose Flax
      // field name is snake_case map their camelCase prop keys (`static adoptedNames`).
      const names =
        (m.constructor as { adoptedNames?: Readonly<Record<string, string>> }).adoptedNames ?? {};
      for (const [k, v] of Object.entries(props)) {
        const r = adopt(m, names[k] ?? k, v);
        if (r !== v) changed = true;
        adopted[k] = r;
      }
      if (changed) {
        if (!st.fieldOriginals.has('props')) st.fieldOriginals.set('props', props);
        Object.defineProperty(m, 'props', {
          value: Object.freeze(adopted),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
    for (const key of Object.keys(m)) {
      if (key === 'props') continue;
      const v = (m as unknown as Record<string, unknown>)[key];
      const r = adopt(m, key, v);
      if (r !== v) {
        if (!st.fieldOriginals.has(key)) st.fieldOriginals.set(key, v);
        (m as unknown as Record<string, unknown>)[key] = r;
      }
    }
    const before = new Map(Object.entries(m));
    m.setup();
    // Attributes assigned in setup (new or changed own properties, so declared class fields
    // work too): submodules are named after the attribute (layers_0, d_a).
    for (const key of Object.keys(m)) {
      const value = (m as unknown as Record<string, unknown>)[key];
      if (before.has(key) && before.get(key) === value) continue;
      st.setupKeys.add(key);
      const v = (m as unknown as Record<string, unknown>)[key];
      const r = adopt(m, key, v);
      if (r !== v) (m as unknown as Record<string, unknown>)[key] = r;
    }
  } finally {
    moduleStack.pop();
    st.inSetup = false;
    st.setupCalled = true;
  }
}

/** A fresh unbound copy of `m` (props and construction-time fields), optionally parented. */
export function cloneModule<M extends Module>(
  m: M,
  parent: Module | null,
  name: string | null = null,
): M {
  const st = stateOf(m);
  const c = Object.create(Object.getPrototypeOf(m)) as M;
  for (const key of Reflect.ownKeys(m)) {
    if (typeof key === 'string' && st.setupKeys.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(m, key) as PropertyDescriptor;
    if (typeof key === 'string' && st.fieldOriginals.has(key)) d.value = st.fieldOriginals.get(key);
    Object.defineProperty(c, key, d);
  }
  STATE.set(c, freshState(parent, name));
  return c;
}
