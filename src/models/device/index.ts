/**
 * Device layer public surface: STT-MRAM MTJ parameters, closed-form write/read/retention model, and the
 * stochastic LLG Monte Carlo (CPU; the WGSL kernel source is in sllg-wgsl.ts, its runner in src/gpu/).
 */
export { defaultDeviceParams, validateDeviceParams, DEVICE_FIELDS, WER_MODELS } from './params.ts';
export type { DeviceParams, DeviceFieldInfo, WerModel } from './params.ts';
export {
  solveFokkerPlanck,
  fpWerAt,
  fokkerPlanckWer,
  cachedFokkerPlanck,
  clearFokkerPlanckCache,
  FP_W_FLOOR,
} from './fokker-planck.ts';
export type { FpOptions, FpSolution } from './fokker-planck.ts';
export { arrayWerStats, hasVariation, normInv, WORST_BIT_POINTS } from './variation.ts';
export type { ArrayWerStats, ArrayWerCurve } from './variation.ts';
export {
  deriveDevice,
  precessionalWer,
  thermalWer,
  blendedWer,
  writeRegime,
  readDisturbProbability,
  retentionFailureProbability,
  tmrAtBias,
  temperatureScaling,
} from './closed-form.ts';
export type { DeviceDerived, WriteRegime } from './closed-form.ts';
export {
  evaluateWrite,
  switchingWer,
  minPulseForWer,
  minVoltageForWer,
  werCurve,
  normalizedWriteCurrent,
  checkWriteVoltage,
  checkPulse,
  werModelOf,
  arrayWerCurve,
} from './write.ts';
export type { DeviceWriteResult, WriteDirection, DirectionChoice, PerDirection, WerCurvePoint } from './write.ts';
export {
  runSllg,
  createSllgRun,
  sllgSetup,
  summarizeSllg,
  sllgWerAt,
  switchingTimeHistogram,
  mcAgreementFactor,
  simulateTrajectory,
  simulateRange,
  initialState,
  wilsonInterval,
  DEFAULT_DTAU,
  INIT_COUNTER_BASE,
} from './sllg.ts';
export type {
  SllgOptions,
  SllgResult,
  SllgWerPoint,
  SllgProgress,
  SllgRun,
  SllgKernelSetup,
  SwitchingTimeBin,
} from './sllg.ts';
export { SLLG_WGSL, packSllgParams, sllgDispatchSize, SLLG_WORKGROUP_SIZE, SLLG_PARAMS_BYTES } from './sllg-wgsl.ts';
export { pcgHash, trajectoryKey, counterUniform, counterWord } from './counter-rng.ts';
export type { TrajectoryKey } from './counter-rng.ts';
