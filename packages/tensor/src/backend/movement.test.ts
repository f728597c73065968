import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BackendName,
  disposeInfo,
  readDataSync,
  setBackend,
  type TensorInfo,
  writeData,
} from './engine.ts';
import { broadcastInfo, transposeInfo } from './movement.ts';

type DT = TensorInfo['dtype'];

function make(shape: number[], dtype: DT, seed: number): TensorInfo {
  const n = shape.reduce((a, b) => a * b, 1);
  const v =
    dtype === 'float32'
      ? new Float32Array(n)
      : dtype === 'bool'
        ? new Uint8Array(n)
        : new Int32Array(n);
  for (let i = 0; i < n; i++)
    v[i] =
      dtype === 'bool'
        ? (i * 7 + seed) % 3 === 0
          ? 1
          : 0
        : ((i * 31 + seed) % 1000) - 500 + (dtype === 'float32' ? 0.25 : 0);
  return writeData(v, shape, dtype);
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let k = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = k;
    k *= shape[i] as number;
  }
  return s;
}

/** Reference: out[idx] = in[idx permuted], by the definition. */
function refTranspose(v: ArrayLike<number>, shape: number[], perm: number[]): number[] {
  const outShape = perm.map((p) => shape[p] as number);
  const inS = strides(shape);
  const n = v.length;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let rem = k;
    let src = 0;
    const os = strides(outShape);
    for (let d = 0; d < outShape.length; d++) {
      const i = Math.floor(rem / (os[d] as number));
      rem -= i * (os[d] as number);
      src += i * (inS[perm[d] as number] as number);
    }
    out.push(v[src] as number);
  }
  return out;
}

function refBroadcast(v: ArrayLike<number>, shape: number[], out: number[]): number[] {
  const xs = [...new Array<number>(out.length - shape.length).fill(1), ...shape];
  const inS = strides(xs);
  const os = strides(out);
  const n = out.reduce((a, b) => a * b, 1);
  const res: number[] = [];
  for (let k = 0; k < n; k++) {
    let rem = k;
    let src = 0;
    for (let d = 0; d < out.length; d++) {
      const i = Math.floor(rem / (os[d] as number));
      rem -= i * (os[d] as number);
      if (xs[d] !== 1) src += i * (inS[d] as number);
    }
    res.push(v[src] as number);
  }
  return res;
}

const TRANSPOSES: [number[], number[]][] = [
  [
    [3, 4],
    [1, 0],
  ],
  [
    [37, 70],
    [1, 0],
  ],
  [
    [5, 33, 40],
    [0, 2, 1],
  ],
  [
    [4, 1, 6],
    [2, 1, 0],
  ],
  [
    [2, 3, 4, 5],
    [3, 1, 0, 2],
  ],
  [
    [6, 5, 4],
    [1, 2, 0],
  ],
  [
    [1, 1],
    [1, 0],
  ],
  [
    [0, 3],
    [1, 0],
  ],
  [
    [2, 3, 4],
    [0, 1, 2],
  ],
];
const BROADCASTS: [number[], number[]][] = [
  [[], [3, 4]],
  [[1], [5]],
  [[4], [3, 4]],
  [
    [3, 1],
    [3, 5],
  ],
  [
    [1, 4, 1],
    [2, 4, 3],
  ],
  [
    [2, 1, 3],
    [4, 2, 6, 3],
  ],
  [[70], [0, 70]],
  [
    [33, 1],
    [33, 65],
  ],
];

describe.each(['cpu', 'wasm'] as BackendName[])('movement on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend);
  });
  for (const dtype of ['float32', 'int32', 'bool'] as DT[]) {
    it.each(TRANSPOSES)(`transpose ${dtype} %j by %j`, (shape, perm) => {
      const x = make(shape, dtype, 3);
      const y = transposeInfo(x, perm);
      expect(y.shape).toEqual(perm.map((p) => shape[p]));
      expect(y.dtype).toBe(dtype);
      expect(Array.from(readDataSync(y))).toEqual(refTranspose(readDataSync(x), shape, perm));
      disposeInfo(x);
      disposeInfo(y);
    });
    it.each(BROADCASTS)(`broadcast ${dtype} %j to %j`, (shape, out) => {
      const x = make(shape, dtype, 5);
      const y = broadcastInfo(x, out);
      expect(y.shape).toEqual(out);
      expect(y.dtype).toBe(dtype);
      expect(Array.from(readDataSync(y))).toEqual(refBroadcast(readDataSync(x), shape, out));
      disposeInfo(x);
      disposeInfo(y);
    });
  }
});
