/**
 * WGSL compute kernel of the sLLG Monte Carlo: the same equations, step, initial-state sampler and counter-based
 * random draws as the CPU engine in sllg.ts (see its header for the physics), one invocation per trajectory,
 * in f32. The host (src/gpu/sllg-webgpu.ts) dispatches it repeatedly over step ranges [stepStart, stepEnd) so
 * that no single dispatch runs long; state persists in storage buffers between dispatches.
 *
 * Bindings (group 0):
 *   0: uniform SllgParams (64 bytes, layout below; write with packSllgParams)
 *   1: storage, read_write, array<vec4<f32>>: m (xyz) per trajectory
 *   2: storage, read_write, array<i32>: switching step (1-based) per trajectory, -1 = not switched yet
 * Dispatch: ceil(nTraj / 64) workgroups in x (split over y above 65535; index = x + y * 65535 * 64).
 */
import { INIT_COUNTER_BASE, INIT_MAX_ATTEMPTS, type SllgKernelSetup } from './sllg.ts';

/** Workgroup size of the kernel. */
export const SLLG_WORKGROUP_SIZE = 64;
/** Workgroups per row of a 2-D dispatch. */
export const SLLG_MAX_GROUPS_X = 65535;
/** Size of the uniform block, bytes. */
export const SLLG_PARAMS_BYTES = 64;

export const SLLG_WGSL = /* wgsl */ `
struct SllgParams {
  seed: u32, stream: u32, nTraj: u32, stepStart: u32,
  stepEnd: u32, totalSteps: u32, pad0: u32, pad1: u32,
  alpha: f32, beta: f32, dtau: f32, sigma: f32,
  delta: f32, pad2: f32, pad3: f32, pad4: f32,
};

@group(0) @binding(0) var<uniform> P: SllgParams;
@group(0) @binding(1) var<storage, read_write> mState: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> swStep: array<i32>;

const INIT_BASE: u32 = ${INIT_COUNTER_BASE >>> 0}u;
const INIT_ATTEMPTS: u32 = ${INIT_MAX_ATTEMPTS}u;
const TWO_PI: f32 = 6.283185307179586;

fn pcg(x: u32) -> u32 {
  let state = x * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn uniform01(ka: u32, kb: u32, counter: u32) -> f32 {
  let w = pcg(pcg(counter ^ ka) + kb);
  return (f32(w >> 9u) + 0.5) / 8388608.0;
}

// dm/dtau = -m x h - alpha m x (m x h) - beta m x (m x p) + alpha beta m x p, p = -z, h = m_z z + hth
fn drift(m: vec3<f32>, hth: vec3<f32>) -> vec3<f32> {
  let h = vec3<f32>(hth.x, hth.y, m.z + hth.z);
  let mm = dot(m, m);
  let mh = dot(m, h);
  let mxh = cross(m, h);
  let mxmxh = m * mh - h * mm;
  let mxp = vec3<f32>(-m.y, m.x, 0.0);
  let mxmxp = vec3<f32>(-m.x * m.z, -m.y * m.z, -m.z * m.z + mm);
  return -mxh - P.alpha * mxmxh - P.beta * mxmxp + (P.alpha * P.beta) * mxp;
}

@compute @workgroup_size(${SLLG_WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x + gid.y * ${SLLG_MAX_GROUPS_X * SLLG_WORKGROUP_SIZE}u;
  if (j >= P.nTraj) { return; }
  let ka = pcg(j ^ pcg(P.seed ^ pcg(P.stream)));
  let kb = pcg(ka ^ 0x85ebca6bu);
  var m: vec3<f32>;
  var sw: i32;
  if (P.stepStart == 0u) {
    // Boltzmann initial state in the +z well (rejection sampler of sllg.ts)
    let norm = 1.0 - exp(-P.delta);
    var s: f32 = 0.0;
    for (var a: u32 = 0u; a < INIT_ATTEMPTS; a = a + 1u) {
      let c = INIT_BASE + 3u * a;
      let u1 = uniform01(ka, kb, c);
      let u2 = uniform01(ka, kb, c + 1u);
      s = -log(1.0 - u1 * norm) / P.delta;
      if (u2 <= exp(-P.delta * s * (1.0 - s))) { break; }
    }
    let phi = TWO_PI * uniform01(ka, kb, INIT_BASE + 2u);
    let st = sqrt(max(0.0, s * (2.0 - s)));
    m = vec3<f32>(st * cos(phi), st * sin(phi), 1.0 - s);
    sw = -1;
  } else {
    m = mState[j].xyz;
    sw = swStep[j];
  }
  if (sw < 0) {
    let kEnd = min(P.stepEnd, P.totalSteps);
    for (var k: u32 = P.stepStart; k < kEnd; k = k + 1u) {
      let c = 4u * k;
      let u1 = uniform01(ka, kb, c);
      let u2 = uniform01(ka, kb, c + 1u);
      let u3 = uniform01(ka, kb, c + 2u);
      let u4 = uniform01(ka, kb, c + 3u);
      let r1 = P.sigma * sqrt(-2.0 * log(u1));
      let r2 = P.sigma * sqrt(-2.0 * log(u3));
      let hth = vec3<f32>(r1 * cos(TWO_PI * u2), r1 * sin(TWO_PI * u2), r2 * cos(TWO_PI * u4));
      let f1 = drift(m, hth);
      let mp = m + f1 * P.dtau;
      let f2 = drift(mp, hth);
      m = normalize(m + 0.5 * (f1 + f2) * P.dtau);
      if (m.z <= 0.0) { sw = i32(k + 1u); break; }
    }
  }
  mState[j] = vec4<f32>(m, 0.0);
  swStep[j] = sw;
}
`;

/** Pack the uniform block for steps [stepStart, stepEnd) (little-endian, 64 bytes). */
export function packSllgParams(s: SllgKernelSetup, stepStart: number, stepEnd: number): ArrayBuffer {
  const buf = new ArrayBuffer(SLLG_PARAMS_BYTES);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  u[0] = s.seed >>> 0;
  u[1] = s.stream >>> 0;
  u[2] = s.trajectories >>> 0;
  u[3] = stepStart >>> 0;
  u[4] = stepEnd >>> 0;
  u[5] = s.totalSteps >>> 0;
  f[8] = s.alpha;
  f[9] = s.beta;
  f[10] = s.dtau;
  f[11] = s.sigma;
  f[12] = s.delta;
  return buf;
}

/** Workgroup counts [x, y] for n trajectories. */
export function sllgDispatchSize(n: number): [number, number] {
  const groups = Math.ceil(n / SLLG_WORKGROUP_SIZE);
  const y = Math.ceil(groups / SLLG_MAX_GROUPS_X);
  return [Math.min(groups, SLLG_MAX_GROUPS_X), Math.max(1, y)];
}
