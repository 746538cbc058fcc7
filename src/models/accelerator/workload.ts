/**
 * Layers -> the three GEMMs of a training step, with the tensor class of each operand.
 *
 * Conv layer, per group (g groups, batch B, input Hi x Wi x Cin, output Ho x Wo x Cout, filter kH x kW):
 * - forward        Y = X W:      M = B Ho Wo,       K = kH kW Cin/g,                    N = Cout/g
 *                  A = activations (im2col of X), B = weights, out = activations.
 * - backwardData   dX = dY W^T:  M = B Hi Wi,       K = ceil(kH/sH) ceil(kW/sW) Cout/g,  N = Cin/g
 *                  A = errors (dY), B = weights, out = errors (dX). The transposed convolution is
 *                  lowered without the zeros a stride inserts into dY: it is split into sH x sW
 *                  phase (sub-pixel) convolutions, each input pixel then receives
 *                  ceil(kH/sH) ceil(kW/sW) taps per output channel. For stride 1 this is the plain
 *                  full correlation (K = kH kW Cout/g).
 * - weightGradient dW = X^T dY:  M = kH kW Cin/g,   K = B Ho Wo,                        N = Cout/g
 *                  A = activations (X, stored since the forward pass), B = errors, out = weightGradients.
 * Matmul layer (Y[M x N] = A[M x K] B[K x N] per sample and head):
 * - secondOperand 'weights': batch folds into M (one GEMM, instances = heads); dA = dY B^T
 *   (M x N x K), dB = A^T dY (K x M x N).
 * - secondOperand 'activations' (attention): B heads independent GEMMs of M x K x N; the
 *   "weightGradient" slot is dB = A^T dY, an error (gradient of an activation), not a weight gradient.
 */
import { FieldError, checkRange } from '../errors.ts';
import type { Layer, Pass, TensorClass } from './types.ts';

/** One GEMM shape with its operands' tensor classes and unique tensor sizes (elements). */
export interface GemmShape {
  pass: Pass;
  M: number;
  N: number;
  K: number;
  instances: number;
  operandA: TensorClass;
  operandB: TensorClass;
  output: TensorClass;
  /** Unique elements of the A tensor (not its im2col expansion), all instances. */
  aElems: number;
  /** Unique elements of the B tensor, all instances. */
  bElems: number;
  /** Elements of the output tensor, all instances. */
  outElems: number;
}

/** Output height and width of a conv layer. */
export function convOutputSize(l: Extract<Layer, { kind: 'conv' }>): { outH: number; outW: number } {
  if (l.ceilMode) {
    return {
      outH: Math.ceil((l.inH + 2 * l.padH - l.kH + l.strideH) / l.strideH),
      outW: Math.ceil((l.inW + 2 * l.padW - l.kW + l.strideW) / l.strideW),
    };
  }
  return {
    outH: Math.floor((l.inH + 2 * l.padH - l.kH) / l.strideH) + 1,
    outW: Math.floor((l.inW + 2 * l.padW - l.kW) / l.strideW) + 1,
  };
}

/** Validates a layer; throws FieldError naming `${prefix}.<field>`. */
export function validateLayer(l: Layer, prefix: string): void {
  const MAXD = 1e7;
  if (l.kind === 'conv') {
    for (const f of ['inH', 'inW', 'kH', 'kW', 'cin', 'cout', 'strideH', 'strideW', 'groups'] as const) {
      const v = l[f];
      if (!Number.isInteger(v)) throw new FieldError(`${prefix}.${f}`, v, 'a positive integer');
      checkRange(`${prefix}.${f}`, v, 1, MAXD);
    }
    for (const f of ['padH', 'padW'] as const) {
      const v = l[f];
      if (!Number.isInteger(v)) throw new FieldError(`${prefix}.${f}`, v, 'an integer >= 0');
      checkRange(`${prefix}.${f}`, v, 0, MAXD);
    }
    if (l.kH > l.inH + 2 * l.padH) {
      throw new FieldError(
        `${prefix}.kH`,
        l.kH,
        `<= input height + 2 x padding (${l.inH + 2 * l.padH})`,
        'filter larger than its input',
      );
    }
    if (l.kW > l.inW + 2 * l.padW) {
      throw new FieldError(
        `${prefix}.kW`,
        l.kW,
        `<= input width + 2 x padding (${l.inW + 2 * l.padW})`,
        'filter larger than its input',
      );
    }
    if (l.cin % l.groups !== 0) throw new FieldError(`${prefix}.groups`, l.groups, `a divisor of cin (${l.cin})`);
    if (l.cout % l.groups !== 0) throw new FieldError(`${prefix}.groups`, l.groups, `a divisor of cout (${l.cout})`);
  } else {
    for (const f of ['M', 'N', 'K', 'heads'] as const) {
      const v = l[f];
      if (!Number.isInteger(v)) throw new FieldError(`${prefix}.${f}`, v, 'a positive integer');
      checkRange(`${prefix}.${f}`, v, 1, MAXD);
    }
  }
}

/** Trainable parameters of a layer. */
export function layerParams(l: Layer): number {
  if (l.kind === 'conv') return l.kH * l.kW * (l.cin / l.groups) * l.cout;
  return l.secondOperand === 'weights' ? l.heads * l.K * l.N : 0;
}

/** Input elements (all operands that are activations) and output elements of a layer, whole batch. */
export function layerActivationElems(l: Layer, batch: number): { inputElems: number; outputElems: number } {
  if (l.kind === 'conv') {
    const { outH, outW } = convOutputSize(l);
    return { inputElems: batch * l.inH * l.inW * l.cin, outputElems: batch * outH * outW * l.cout };
  }
  const a = batch * l.heads * l.M * l.K;
  const b = l.secondOperand === 'activations' ? batch * l.heads * l.K * l.N : 0;
  return { inputElems: a + b, outputElems: batch * l.heads * l.M * l.N };
}

/** The three GEMMs of a layer for a minibatch of `batch`. */
export function layerGemms(l: Layer, batch: number): Record<Pass, GemmShape> {
  if (l.kind === 'conv') {
    const { outH, outW } = convOutputSize(l);
    const g = l.groups;
    const cinG = l.cin / g;
    const coutG = l.cout / g;
    const x = batch * l.inH * l.inW * l.cin;
    const y = batch * outH * outW * l.cout;
    const w = l.kH * l.kW * cinG * l.cout;
    const kBack = Math.ceil(l.kH / l.strideH) * Math.ceil(l.kW / l.strideW) * coutG;
    return {
      forward: {
        pass: 'forward',
        M: batch * outH * outW,
        K: l.kH * l.kW * cinG,
        N: coutG,
        instances: g,
        operandA: 'activations',
        operandB: 'weights',
        output: 'activations',
        aElems: x,
        bElems: w,
        outElems: y,
      },
      backwardData: {
        pass: 'backwardData',
        M: batch * l.inH * l.inW,
        K: kBack,
        N: cinG,
        instances: g,
        operandA: 'errors',
        operandB: 'weights',
        output: 'errors',
        aElems: y,
        bElems: w,
        outElems: x,
      },
      weightGradient: {
        pass: 'weightGradient',
        M: l.kH * l.kW * cinG,
        K: batch * outH * outW,
        N: coutG,
        instances: g,
        operandA: 'activations',
        operandB: 'errors',
        output: 'weightGradients',
        aElems: x,
        bElems: y,
        outElems: w,
      },
    };
  }
  const { M, N, K, heads } = l;
  if (l.secondOperand === 'weights') {
    const a = batch * M * K * heads;
    const y = batch * M * N * heads;
    const w = K * N * heads;
    return {
      forward: {
        pass: 'forward',
        M: batch * M,
        K,
        N,
        instances: heads,
        operandA: 'activations',
        operandB: 'weights',
        output: 'activations',
        aElems: a,
        bElems: w,
        outElems: y,
      },
      backwardData: {
        pass: 'backwardData',
        M: batch * M,
        K: N,
        N: K,
        instances: heads,
        operandA: 'errors',
        operandB: 'weights',
        output: 'errors',
        aElems: y,
        bElems: w,
        outElems: a,
      },
      weightGradient: {
        pass: 'weightGradient',
        M: K,
        K: batch * M,
        N,
        instances: heads,
        operandA: 'activations',
        operandB: 'errors',
        output: 'weightGradients',
        aElems: a,
        bElems: y,
        outElems: w,
      },
    };
  }
  const inst = batch * heads;
  const a = inst * M * K;
  const b = inst * K * N;
  const y = inst * M * N;
  return {
    forward: {
      pass: 'forward',
      M,
      K,
      N,
      instances: inst,
      operandA: 'activations',
      operandB: 'activations',
      output: 'activations',
      aElems: a,
      bElems: b,
      outElems: y,
    },
    backwardData: {
      pass: 'backwardData',
      M,
      K: N,
      N: K,
      instances: inst,
      operandA: 'errors',
      operandB: 'activations',
      output: 'errors',
      aElems: y,
      bElems: b,
      outElems: a,
    },
    weightGradient: {
      pass: 'weightGradient',
      M: K,
      K: M,
      N,
      instances: inst,
      operandA: 'activations',
      operandB: 'errors',
      output: 'errors',
      aElems: a,
      bElems: y,
      outElems: b,
    },
  };
}
