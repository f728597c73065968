// Module classes callable without `new`: `nn.Dense({ features: 3 })` is `new nn.Dense(...)`,
// the TypeScript spelling of Flax's inline `nn.Dense(3)`. A Proxy forwards everything else
// (`new`, `extends`, `instanceof`, statics) to the class itself.

// biome-ignore lint/suspicious/noExplicitAny: constructor parameter lists must stay open here.
type AnyConstructor = abstract new (...args: any[]) => unknown;
// biome-ignore lint/suspicious/noExplicitAny: see above.
type ConcreteConstructor = new (...args: any[]) => unknown;

/** A class that can also be called like a function (which constructs it). */
export type Callable<C extends AnyConstructor> = C &
  (C extends ConcreteConstructor ? (...args: ConstructorParameters<C>) => InstanceType<C> : never);

/** Wraps a Module class so that calling it without `new` constructs it. */
export function callable<C extends ConcreteConstructor>(cls: C): Callable<C> {
  return new Proxy(cls, {
    apply: (target, _thisArg, args: unknown[]) => Reflect.construct(target, args),
  }) as Callable<C>;
}
