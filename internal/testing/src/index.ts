// @jaxts/testing: private test helpers shared by the jaxts packages (allclose, JAX tolerances,
// finite differences, fast-check arbitraries). Import '@jaxts/testing/setup' only via vitest.

export {
  type AllcloseOptions,
  type AllcloseResult,
  allclose,
  isClose,
  type NumericValue,
  toNumeric,
  unravelIndex,
} from './allclose.ts';
export {
  type AxisOptions,
  axis,
  type BasicDtype,
  type BroadcastableShapesOptions,
  broadcastableShapes,
  broadcastShapes,
  dtype,
  type FloatArrayOptions,
  floatArray,
  type PytreeOptions,
  permutation,
  pytree,
  type ShapeOptions,
  shape,
  sizeOf,
  type TreeValue,
} from './arbitraries.ts';
export {
  centralDifference,
  innerProduct,
  type MultiVectorFunction,
  numericalGradient,
  numericalJacobian,
  numericalJvp,
  type VectorFunction,
} from './finite-difference.ts';
export {
  defaultGradientTolerance,
  defaultTolerance,
  EPS,
  type GradientToleranceDtype,
  gradientTolerance,
  type ToleranceDtype,
  tolerance,
} from './tolerance.ts';
