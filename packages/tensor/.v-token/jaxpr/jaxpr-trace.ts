/**
 * Staging: a trace that records every primitive application as a jaxpr equation instead of
 * running it. Mirrors Autodidax's JaxprTrace / JaxprBuilder (JAX: DynamicJaxprTrace).
 */
import type { ShapedArray } from '../core/aval.ts';
import { fullRaise } from '../core/bind.ts';
import { abstractEval } from '../core/eval.ts';
import type { Params, Primitive } from '../core/primitives.ts';
import { type MainTrace, Trace, withDynamicMain } from '../core/trace.ts';
import { Tracer } from '../core/tracer.ts';
import { hostValues } from '../host.ts';
import type { Tensor } from '../tensor.ts';
import { ArrayImpl } from '../tensor.ts';
import { type Atom, ClosedJaxpr, Jaxpr, type JaxprEqn, Literal, Var } from './jaxpr.ts';

export class JaxprTracer extends Tracer {
  readonly aval: ShapedArray;
  constructor(trace: JaxprTrace, aval: ShapedArray) {
    super(trace);
    this.aval = aval;
  }
}

/** Collects equations, and maps tracers to variables and constants. */
export class JaxprBuilder {
  readonly eqns: JaxprEqn[] = [];
  readonly tracerToVar = new Map<JaxprTracer, Var>();
  readonly constTracers = new Map<Tensor, JaxprTracer>();
  readonly constVals = new Map<Var, Tensor>();

  addVar(t: JaxprTracer): Var {
    const v = new Var(t.aval);
    this.tracerToVar.set(t, v);
    return v;
  }

  getVar(t: JaxprTracer): Var {
    const v = this.tracerToVar.get(t);
    if (v === undefined) {
      throw new Error(
        'jaxts internal: a tracer of this trace has no variable (it leaked from another trace).',
      );
    }
    return v;
  }

  addConst(t: JaxprTracer, value: Tensor): Var {
    const v = this.addVar(t);
    this.constVals.set(v, value);
    return v;
  }

  /** Builds the jaxpr; constants of rank 0 become literals as in JAX, the rest constvars. */
  build(inTracers: readonly JaxprTracer[], outTracers: readonly JaxprTracer[]): ClosedJaxpr {
    const invars = inTracers.map((t) => this.getVar(t));
    const literals = new Map<Var, Literal>();
    const constvars: Var[] = [];
    const consts: Tensor[] = [];
    for (const [v, value] of this.constVals) {
      if (value.ndim === 0 && value instanceof ArrayImpl && !value.disposed) {
        const raw = hostValues(value)[0] as number;
        literals.set(v, new Literal(value.dtype === 'bool' ? raw !== 0 : raw, value.aval));
      } else {
        constvars.push(v);
        consts.push(value);
      }
    }
    const sub = (a: Atom): Atom => (a instanceof Var ? (literals.get(a) ?? a) : a);
    const eqns = this.eqns.map((e) => ({ ...e, inputs: e.inputs.map(sub) }));
    // Keep only constvars that are used (literals replaced the scalar ones).
    const outvars = outTracers.map((t) => sub(this.getVar(t)));
    return new ClosedJaxpr(new Jaxpr(constvars, invars, eqns, outvars), consts);
  }
}

export class JaxprTrace extends Trace {
  readonly builder: JaxprBuilder;

  constructor(builder: JaxprBuilder) {
    super();
    this.builder = builder;
  }

  newArg(aval: ShapedArray): JaxprTracer {
    const t = new JaxprTracer(this, aval);
    this.builder.addVar(t);
    return t;
  }

  pure(x: Tensor): Tensor {
    let t = this.builder.constTracers.get(x);
    if (t === undefined) {
      t = new JaxprTracer(this, x.aval);
      this.builder.addConst(t, x);
      this.builder.constTracers.set(x, t);
    }
    return t;
  }

  lift(x: Tensor): Tensor {
    return this.pure(x);
  }

  processPrimitive<P extends Primitive>(
    prim: P,
    tracers: readonly Tensor[],
    params: Params<P>,
  ): Tensor[] {
    const avals = tracers.map((t) => t.aval);
    const outAvals = abstractEval(prim, avals, params);
    const inputs = tracers.map((t) => this.builder.getVar(t as JaxprTracer));
    const outs = outAvals.map((a) => new JaxprTracer(this, a));
    const outBinders = outs.map((t) => this.builder.addVar(t));
    this.builder.eqns.push({ primitive: prim, inputs, params, outBinders } as JaxprEqn);
    return outs;
  }
}

/**
 * Stages a function on flat lists of arrays to a closed jaxpr, given the input avals. The core of
 * makeJaxpr and jit. JAX: pe.trace_to_jaxpr_dynamic.
 */
export function stageToJaxpr(
  fFlat: (...args: Tensor[]) => Tensor[],
  inAvals: readonly ShapedArray[],
): ClosedJaxpr {
  const builder = new JaxprBuilder();
  return withDynamicMain(
    () => new JaxprTrace(builder),
    null,
    (main: MainTrace) => {
      const trace = main.trace as JaxprTrace;
      const inTracers = inAvals.map((a) => trace.newArg(a));
      const outs = fFlat(...inTracers);
      const outTracers = outs.map((o) => fullRaise(trace, o) as JaxprTracer);
      return builder.build(inTracers, outTracers);
    },
  );
}
