/** Abstract values: the shape, dtype and weak type of an array. JAX: core.ShapedArray. */
import type { DType } from '../dtype.ts';
import { type Shape, shapesEqual, shortType, sizeOf } from '../shape.ts';

export class ShapedArray {
  readonly shape: Shape;
  readonly dtype: DType;
  /** True for values that came from JavaScript numbers (JAX's weakly typed Python scalars). */
  readonly weakType: boolean;

  constructor(shape: Shape, dtype: DType, weakType = false) {
    this.shape = shape;
    this.dtype = dtype;
    this.weakType = weakType;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  /** `f32[3,4]` */
  strShort(): string {
    return shortType(this.dtype, this.shape);
  }

  equals(other: ShapedArray): boolean {
    return (
      this.dtype === other.dtype &&
      this.weakType === other.weakType &&
      shapesEqual(this.shape, other.shape)
    );
  }

  /** Same shape and dtype, ignoring weak type (what a jaxpr type check compares). */
  sameType(other: ShapedArray): boolean {
    return this.dtype === other.dtype && shapesEqual(this.shape, other.shape);
  }

  withWeakType(weakType: boolean): ShapedArray {
    return weakType === this.weakType ? this : new ShapedArray(this.shape, this.dtype, weakType);
  }

  toString(): string {
    return this.strShort();
  }
}
