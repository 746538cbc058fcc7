/**
 * Convolutions for training on backends that lack TF.js's filter-gradient kernel (wasm has Conv2D and
 * Conv2DBackpropInput, not Conv2DBackpropFilter): im2col plus matrix multiply, built from ops every
 * backend has (pad, slice, concat, reshape, matMul).
 *
 * Stride 1, NHWC input [B, H, W, C], filter [k, k, C, Cout] (TF.js layout), 'same' (odd k: (k-1)/2 zeros
 * on each side, as TF) or 'valid' padding. Output size Ho = H + 2p - k + 1.
 *
 * im2col: cols[(b, y, x), (i, j, c)] = xp[b, y + i, x + j, c] with xp the zero-padded input, the column
 * index (i * k + j) * C + c matching the row-major flattening of the filter [k, k, C, Cout] -> [k*k*C, Cout].
 * Then
 *   forward        out  = cols @ W2                      [B*Ho*Wo, Cout]
 *   filter grad    dW2  = cols^T @ dy2                   [k*k*C, Cout]
 *   input grad     dx   = col2im(dy2 @ W2^T)             (sum of the k*k shifted patches, then crop)
 * GPU backends keep TF.js's own kernels (they have all three).
 *
 * On wasm the filter gradient is computed as a convolution instead, which runs on the backend's own
 * (XNNPACK) Conv2D kernel and measured 5-30x faster than the slice/concat im2col there:
 *   dW[i, j, c, o] = sum_{b, y, x} xp[b, y + i, x + j, c] dy[b, y, x, o]
 * is a valid convolution of the input transposed to [C, Hp, Wp, B] (batch C, channels B) with dy
 * transposed to [Ho, Wo, B, Cout] as filter, giving [C, k, k, Cout], transposed back to [k, k, C, Cout].
 * im2col stays the path of any backend without Conv2D and the reference the tests compare with.
 */
import * as tf from '@tensorflow/tfjs';

export type ConvPad = 'same' | 'valid';

/** Zeros added on each side for a stride-1 convolution of kernel k. */
export function padAmount(k: number, pad: ConvPad): number {
  if (pad === 'valid') return 0;
  if (k % 2 !== 1) throw new Error(`same padding needs an odd kernel (got ${k})`);
  return (k - 1) / 2;
}

/** x [B, H, W, C] with p zeros on each side of H and W. */
function padSpatial(x: tf.Tensor4D, p: number): tf.Tensor4D {
  return p > 0
    ? tf.pad(x, [
        [0, 0],
        [p, p],
        [p, p],
        [0, 0],
      ])
    : x;
}

/** The im2col matrix of x: [B*Ho*Wo, k*k*C]. */
export function im2col(x: tf.Tensor4D, k: number, pad: ConvPad): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const p = padAmount(k, pad);
    const xp = padSpatial(x, p);
    const ho = h + 2 * p - k + 1;
    const wo = w + 2 * p - k + 1;
    const parts: tf.Tensor4D[] = [];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) parts.push(tf.slice(xp, [0, i, j, 0], [b, ho, wo, c]));
    const cols = parts.length === 1 ? parts[0]! : tf.concat(parts, 3);
    return tf.reshape(cols, [b * ho * wo, k * k * c]);
  });
}

/** Forward convolution by im2col and one matrix multiply: [B, Ho, Wo, Cout]. */
export function conv2dIm2col(x: tf.Tensor4D, filter: tf.Tensor4D, pad: ConvPad): tf.Tensor4D {
  return tf.tidy(() => {
    const [k, , cin, cout] = filter.shape;
    const [b, h, w] = x.shape;
    const p = padAmount(k, pad);
    const cols = im2col(x, k, pad);
    const out = tf.matMul(cols, tf.reshape(filter, [k * k * cin, cout]));
    return tf.reshape(out, [b, h + 2 * p - k + 1, w + 2 * p - k + 1, cout]);
  });
}

/** Filter gradient dL/dW [k, k, C, Cout] from the input x and the output error dy [B, Ho, Wo, Cout]. */
export function conv2dFilterGradIm2col(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  pad: ConvPad,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [k, , cin, cout] = filterShape;
    const cols = im2col(x, k, pad);
    const dy2 = tf.reshape(dy, [-1, cout]);
    return tf.reshape(tf.matMul(cols, dy2, true, false), [k, k, cin, cout]);
  });
}

/** Filter gradient as a convolution of x with dy (see the file comment): the fast path on wasm. */
export function conv2dFilterGradByConv(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  pad: ConvPad,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [k] = filterShape;
    const p = padAmount(k, pad);
    const xp = padSpatial(x, p);
    const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D;
    const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    return tf.transpose(tf.conv2d(xt, f, 1, 'valid'), [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/**
 * Input gradient dL/dx [B, H, W, C] by col2im: each of the k*k column blocks of dy2 @ W2^T is the error
 * of the input window shifted by (i, j); they are padded into place, summed, and the zero padding cropped.
 */
export function conv2dInputGradIm2col(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  xShape: readonly [number, number, number, number],
  pad: ConvPad,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [k, , cin, cout] = filter.shape;
    const [b, h, w] = xShape;
    const p = padAmount(k, pad);
    const [, ho, wo] = dy.shape;
    const hp = h + 2 * p;
    const wp = w + 2 * p;
    const dcols = tf.reshape(
      tf.matMul(tf.reshape(dy, [-1, cout]), tf.reshape(filter, [k * k * cin, cout]), false, true),
      [b, ho, wo, k * k * cin],
    ) as tf.Tensor4D;
    const parts: tf.Tensor4D[] = [];
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const block = tf.slice(dcols, [0, 0, 0, (i * k + j) * cin], [b, ho, wo, cin]);
        parts.push(
          tf.pad(block, [
            [0, 0],
            [i, hp - ho - i],
            [j, wp - wo - j],
            [0, 0],
          ]),
        );
      }
    }
    const dxp = tf.addN(parts);
    return (p > 0 ? tf.slice(dxp, [0, p, p, 0], [b, h, w, cin]) : dxp) as tf.Tensor4D;
  });
}

/** Whether the active backend has TF.js's own filter-gradient kernel. */
export function hasNativeFilterGrad(backend: string = tf.getBackend()): boolean {
  return tf.getKernel('Conv2DBackpropFilter', backend) !== undefined;
}

/**
 * dL/dW: TF.js's kernel where the backend has it (GPU, cpu); else a convolution on the backend's Conv2D
 * (wasm); else im2col (`forceIm2col` forces it).
 */
export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  pad: ConvPad,
  opts: { forceIm2col?: boolean } = {},
): tf.Tensor4D {
  if (!opts.forceIm2col && hasNativeFilterGrad()) {
    return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
      strides: [1, 1],
      pad,
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
      filterShape: [...filterShape],
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  if (!opts.forceIm2col && tf.getKernel('Conv2D', tf.getBackend()) !== undefined)
    return conv2dFilterGradByConv(x, dy, filterShape, pad);
  return conv2dFilterGradIm2col(x, dy, filterShape, pad);
}

/** dL/dx: TF.js's transposed convolution where the backend has it, col2im otherwise. */
export function conv2dInputGrad(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  xShape: readonly [number, number, number, number],
  pad: ConvPad,
  opts: { forceIm2col?: boolean } = {},
): tf.Tensor4D {
  if (!opts.forceIm2col && tf.getKernel('Conv2DBackpropInput', tf.getBackend()) !== undefined)
    return tf.conv2dTranspose(dy, filter, [...xShape], 1, pad);
  return conv2dInputGradIm2col(dy, filter, xShape, pad);
}
