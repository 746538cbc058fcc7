/**
 * The write-error channel as custom tfjs kernels on webgl (GLSL ES 3.0, floatBitsToUint) and webgpu
 * (WGSL, bitcast), so that stored tensors never leave the device during training. Same rules and the
 * same counter-based hash as channel.ts; the only difference is that probabilities are compared in
 * float32 against a 24-bit uniform (the CPU compares 32-bit integers), so flips agree with the CPU
 * reference statistically, and exactly from run to run on the same backend.
 *
 * Kernels: MramWrite(next, prev) -> stored; MramCount(stored, next) -> failed bits per element
 * (popcount of stored XOR the quantised new word: a failed switch is exactly a bit where they differ).
 * Both run on 1-D views; the store reshapes.
 */
import * as tf from '@tensorflow/tfjs';
import type { ChannelConfig } from './channel.ts';
import { type GpuChannel, registerGpuChannel } from './store.ts';

/** ln(1 - r), with a large negative stand-in for r = 1 (0 x -inf would give NaN on the GPU). */
function logKeep(r: number): number {
  return r >= 1 ? -1e30 : Math.log1p(-r);
}

function uniformsOf(cfg: ChannelConfig, key: number) {
  return {
    key: key >>> 0,
    width: cfg.format === 'fp32' ? 32 : 16,
    protect: cfg.protectMask >>> 0,
    r01: cfg.rate01,
    r10: cfg.rate10,
    l01: logKeep(cfg.rate01),
    l10: logKeep(cfg.rate10),
  };
}

// --------------------------------------------------------------------------------------------- GLSL

const GLSL_COMMON = `
uint mix32(uint x) {
  x ^= x >> 16u; x *= 0x7feb352du; x ^= x >> 15u; x *= 0x846ca68bu; x ^= x >> 16u; return x;
}
uint popc(uint x) {
  x = x - ((x >> 1u) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2u) & 0x33333333u);
  x = (x + (x >> 4u)) & 0x0f0f0f0fu;
  return (x * 0x01010101u) >> 24u;
}
uint toBf16(uint b) {
  if ((b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0u) return ((b >> 16u) | 0x40u) & 0xffffu;
  return ((b + 0x7fffu + ((b >> 16u) & 1u)) >> 16u) & 0xffffu;
}
float unit24(uint h) { return float(h >> 8u) * (1.0 / 16777216.0); }
`;

const GLSL_WRITE = `
${GLSL_COMMON}
float pAny(float a, float b) {
  float x = a * mramL01 + b * mramL10;
  if (x > -1e-3) return -x - 0.5 * x * x;
  return 1.0 - exp(x);
}
void main() {
  int i = getOutputCoords();
  uint nb = floatBitsToUint(getN(i));
  uint ob = floatBitsToUint(getP(i));
  uint w = uint(mramWidth);
  uint nw = w == 32u ? nb : toBf16(nb);
  uint ow = w == 32u ? ob : (ob >> 16u);
  uint wmask = w == 32u ? 0xffffffffu : 0xffffu;
  uint freeBits = wmask & ~uint(mramMask);
  uint up = ~ow & nw & freeBits;
  uint down = ow & ~nw & freeBits;
  uint stored = nw;
  if ((up | down) != 0u) {
    float a = float(popc(up));
    float b = float(popc(down));
    if (unit24(mix32(uint(mramKey) ^ uint(i))) < pAny(a, b)) {
      uint ek = mix32(mix32(uint(mramKey) + 0x6a09e667u) ^ uint(i));
      uint fmask = 0u;
      bool failed = false;
      for (int bit = 0; bit < 32; bit++) {
        uint m = 1u << uint(bit);
        if (((up | down) & m) == 0u) continue;
        bool isUp = (up & m) != 0u;
        float p = isUp ? mramR01 : mramR10;
        float q = failed ? p : p / max(pAny(a, b), 1e-30);
        if (isUp) a -= 1.0; else b -= 1.0;
        if (unit24(mix32(ek ^ (uint(bit + 1) * 0x9e3779b9u))) < q) { fmask |= m; failed = true; }
      }
      stored = nw ^ fmask;
    }
  }
  setOutput(uintBitsToFloat(w == 32u ? stored : (stored << 16u)));
}`;

const GLSL_COUNT = `
${GLSL_COMMON}
void main() {
  int i = getOutputCoords();
  uint sb = floatBitsToUint(getS(i));
  uint nb = floatBitsToUint(getN(i));
  uint d = mramWidth == 32 ? (sb ^ nb) : ((sb >> 16u) ^ toBf16(nb));
  setOutput(float(popc(d)));
}`;

interface WebGLBackendLike {
  runWebGLProgram(
    program: {
      variableNames: string[];
      outputShape: number[];
      userCode: string;
      customUniforms?: { name: string; type: string }[];
    },
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    customUniformValues?: number[][],
  ): tf.TensorInfo;
}

const i32 = (u: number) => u | 0;

function registerWebGL(): void {
  const uniformsDecl = [
    { name: 'mramKey', type: 'int' },
    { name: 'mramWidth', type: 'int' },
    { name: 'mramMask', type: 'int' },
    { name: 'mramR01', type: 'float' },
    { name: 'mramR10', type: 'float' },
    { name: 'mramL01', type: 'float' },
    { name: 'mramL10', type: 'float' },
  ];
  tf.registerKernel({
    kernelName: 'MramWrite',
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { next, prev } = inputs as { next: tf.TensorInfo; prev: tf.TensorInfo };
      const u = attrs as unknown as ReturnType<typeof uniformsOf>;
      const program = {
        variableNames: ['N', 'P'],
        outputShape: next.shape.slice(),
        userCode: GLSL_WRITE,
        customUniforms: uniformsDecl,
      };
      return (backend as unknown as WebGLBackendLike).runWebGLProgram(program, [next, prev], 'float32', [
        [i32(u.key)],
        [u.width],
        [i32(u.protect)],
        [u.r01],
        [u.r10],
        [u.l01],
        [u.l10],
      ]);
    },
  });
  tf.registerKernel({
    kernelName: 'MramCount',
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { stored, next } = inputs as { stored: tf.TensorInfo; next: tf.TensorInfo };
      const program = {
        variableNames: ['S', 'N'],
        outputShape: next.shape.slice(),
        userCode: GLSL_COUNT,
        customUniforms: [{ name: 'mramWidth', type: 'int' }],
      };
      return (backend as unknown as WebGLBackendLike).runWebGLProgram(program, [stored, next], 'float32', [
        [(attrs as { width: number }).width],
      ]);
    },
  });
}

// --------------------------------------------------------------------------------------------- WGSL

const WGSL_COMMON = `
fn mix32(x0 : u32) -> u32 {
  var x = x0;
  x = x ^ (x >> 16u); x = x * 0x7feb352du; x = x ^ (x >> 15u); x = x * 0x846ca68bu; x = x ^ (x >> 16u);
  return x;
}
fn toBf16(b : u32) -> u32 {
  if ((b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0u) { return ((b >> 16u) | 0x40u) & 0xffffu; }
  return ((b + 0x7fffu + ((b >> 16u) & 1u)) >> 16u) & 0xffffu;
}
fn unit24(h : u32) -> f32 { return f32(h >> 8u) * (1.0 / 16777216.0); }
`;

const WGSL_WRITE = `
${WGSL_COMMON}
fn pAny(a : f32, b : f32) -> f32 {
  let x = a * uniforms.mramL01 + b * uniforms.mramL10;
  if (x > -1e-3) { return -x - 0.5 * x * x; }
  return 1.0 - exp(x);
}
${'${main}'} {
  if (index < uniforms.size) {
    let nb = bitcast<u32>(getNByOutputIndex(index));
    let ob = bitcast<u32>(getPByOutputIndex(index));
    let w = uniforms.mramWidth;
    var nw = nb;
    var ow = ob;
    var wmask = 0xffffffffu;
    if (w == 16u) { nw = toBf16(nb); ow = ob >> 16u; wmask = 0xffffu; }
    let freeBits = wmask & ~uniforms.mramMask;
    let up = ~ow & nw & freeBits;
    let down = ow & ~nw & freeBits;
    var stored = nw;
    if ((up | down) != 0u) {
      var a = f32(countOneBits(up));
      var b = f32(countOneBits(down));
      if (unit24(mix32(uniforms.mramKey ^ u32(index))) < pAny(a, b)) {
        let ek = mix32(mix32(uniforms.mramKey + 0x6a09e667u) ^ u32(index));
        var fmask = 0u;
        var failed = false;
        for (var bit = 0u; bit < 32u; bit = bit + 1u) {
          let m = 1u << bit;
          if (((up | down) & m) == 0u) { continue; }
          let isUp = (up & m) != 0u;
          var p = uniforms.mramR10;
          if (isUp) { p = uniforms.mramR01; }
          var q = p;
          if (!failed) { q = p / max(pAny(a, b), 1e-30); }
          if (isUp) { a = a - 1.0; } else { b = b - 1.0; }
          if (unit24(mix32(ek ^ ((bit + 1u) * 0x9e3779b9u))) < q) { fmask = fmask | m; failed = true; }
        }
        stored = nw ^ fmask;
      }
    }
    var outBits = stored;
    if (w == 16u) { outBits = stored << 16u; }
    setOutputAtIndex(index, bitcast<f32>(outBits));
  }
}`;

const WGSL_COUNT = `
${WGSL_COMMON}
${'${main}'} {
  if (index < uniforms.size) {
    let sb = bitcast<u32>(getSByOutputIndex(index));
    let nb = bitcast<u32>(getNByOutputIndex(index));
    var d = sb ^ nb;
    if (uniforms.mramWidth == 16u) { d = (sb >> 16u) ^ toBf16(nb); }
    setOutputAtIndex(index, f32(countOneBits(d)));
  }
}`;

interface WebGPUProgramLike {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size: boolean;
  uniforms: string;
  getUserCode: () => string;
}

interface WebGPUBackendLike {
  runWebGPUProgram(
    program: WebGPUProgramLike,
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    uniforms: { type: string; data: number[] }[],
  ): tf.TensorInfo;
}

function wgslProgram(name: string, vars: string[], n: number, uniforms: string, code: string): WebGPUProgramLike {
  const wg = 64;
  return {
    variableNames: vars,
    outputShape: [n],
    shaderKey: name,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(n / wg), 1, 1],
    workgroupSize: [wg, 1, 1],
    size: true,
    uniforms,
    // tfjs-webgpu's main header: fn main(index : i32)
    getUserCode: () => code.replace('${main}', 'fn main(index : i32)'),
  };
}

function registerWebGPU(): void {
  tf.registerKernel({
    kernelName: 'MramWrite',
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { next, prev } = inputs as { next: tf.TensorInfo; prev: tf.TensorInfo };
      const u = attrs as unknown as ReturnType<typeof uniformsOf>;
      const n = next.shape.reduce((a, b) => a * b, 1);
      const program = wgslProgram(
        'mram_write',
        ['N', 'P'],
        n,
        'mramKey : u32, mramWidth : u32, mramMask : u32, mramR01 : f32, mramR10 : f32, mramL01 : f32, mramL10 : f32,',
        WGSL_WRITE,
      );
      return (backend as unknown as WebGPUBackendLike).runWebGPUProgram(program, [next, prev], 'float32', [
        { type: 'uint32', data: [u.key] },
        { type: 'uint32', data: [u.width] },
        { type: 'uint32', data: [u.protect] },
        { type: 'float32', data: [u.r01] },
        { type: 'float32', data: [u.r10] },
        { type: 'float32', data: [u.l01] },
        { type: 'float32', data: [u.l10] },
      ]);
    },
  });
  tf.registerKernel({
    kernelName: 'MramCount',
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { stored, next } = inputs as { stored: tf.TensorInfo; next: tf.TensorInfo };
      const n = next.shape.reduce((a, b) => a * b, 1);
      const program = wgslProgram('mram_count', ['S', 'N'], n, 'mramWidth : u32,', WGSL_COUNT);
      return (backend as unknown as WebGPUBackendLike).runWebGPUProgram(program, [stored, next], 'float32', [
        { type: 'uint32', data: [(attrs as { width: number }).width] },
      ]);
    },
  });
}

// --------------------------------------------------------------------------------------------- glue

/** The GPU channel itself (exported for the browser smoke test; training goes through TensorStore). */
export const gpuChannel: GpuChannel = {
  write(next, prev, cfg, key) {
    const u = uniformsOf(cfg, key);
    const flatNext = tf.reshape(next, [next.size]);
    const flatPrev = tf.reshape(prev, [prev.size]);
    const stored = tf
      .engine()
      .runKernel('MramWrite', { next: flatNext, prev: flatPrev }, u as unknown as tf.NamedAttrMap) as tf.Tensor;
    const counts = tf.engine().runKernel('MramCount', { stored, next: flatNext }, {
      width: u.width,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return { stored: tf.reshape(stored, next.shape), counts };
  },
};

let registered = false;

/**
 * Register the GPU channel kernels for webgl (WebGL 2 with float32 render targets only: other
 * configurations fall back to the typed-array channel) and webgpu. Call once, before training; safe
 * to call where neither backend exists (Node).
 */
export function registerGpuKernels(): string[] {
  const done: string[] = [];
  if (registered) return ['webgl', 'webgpu'].filter((b) => tf.getKernel('MramWrite', b));
  registered = true;
  registerWebGL();
  registerWebGPU();
  // The GPU channel is used only where bit-exact float32 storage is available.
  const webglOk = () => {
    try {
      return tf.env().getNumber('WEBGL_VERSION') === 2 && tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
    } catch {
      return false;
    }
  };
  const webglChannel: GpuChannel = {
    write: (next, prev, cfg, key) => {
      if (!webglOk()) throw new Error('webgl channel needs WebGL 2 with float32 textures');
      return gpuChannel.write(next, prev, cfg, key);
    },
  };
  registerGpuChannel('webgl', webglChannel);
  registerGpuChannel('webgpu', gpuChannel);
  done.push('webgl', 'webgpu');
  return done;
}

/** Whether the webgl channel can run here (checked by the worker before choosing it). */
export function webglChannelSupported(): boolean {
  try {
    return tf.env().getNumber('WEBGL_VERSION') === 2 && tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
  } catch {
    return false;
  }
}
