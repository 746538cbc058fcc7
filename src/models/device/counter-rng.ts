/**
 * Counter-based random numbers for the sLLG Monte Carlo, identical in TypeScript and in the WGSL kernel
 * (sllg-wgsl.ts): every draw is a pure function of (seed, stream, trajectory, counter), so trajectories can be
 * simulated in any order, on any engine, and chunked without carrying generator state.
 *
 * Mixing function: the PCG output hash (O'Neill 2014, as "pcg_hash" in Jarzynski & Olano, JCGT 9(3), 2020),
 * a bijection on 32-bit words. Keys:
 *   keyA = pcg(traj ^ pcg(seed ^ pcg(stream)))      keyB = pcg(keyA ^ 0x85ebca6b)
 *   word(counter) = pcg(pcg(counter ^ keyA) + keyB)  (32-bit wrapping add)
 * Uniforms take the top 23 bits: u = ((word >>> 9) + 0.5) / 2^23 in (0, 1), exactly representable in f32 (24-bit
 * significand), so the GPU kernel draws the same uniforms. Normals: Box-Muller on pairs of uniforms.
 */

/** PCG output hash of a 32-bit word (returns an unsigned 32-bit integer). */
export function pcgHash(x: number): number {
  const state = (Math.imul(x >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Per-trajectory key pair. */
export interface TrajectoryKey {
  a: number;
  b: number;
}

/** Key of trajectory `traj` in stream `stream` of a run seeded with `seed` (all taken as 32-bit unsigned). */
export function trajectoryKey(seed: number, stream: number, traj: number): TrajectoryKey {
  const a = pcgHash((traj >>> 0) ^ pcgHash((seed >>> 0) ^ pcgHash(stream >>> 0)));
  const b = pcgHash(a ^ 0x85ebca6b);
  return { a, b };
}

/** The 32-bit word drawn at `counter` for a trajectory key. */
export function counterWord(key: TrajectoryKey, counter: number): number {
  return pcgHash((pcgHash((counter >>> 0) ^ key.a) + key.b) >>> 0);
}

/** Uniform in (0, 1) with 23 random bits (same values as the WGSL kernel). */
export function counterUniform(key: TrajectoryKey, counter: number): number {
  return ((counterWord(key, counter) >>> 9) + 0.5) / 8388608;
}
