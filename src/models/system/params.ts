/**
 * System-layer defaults: compute energy per MAC by node, DRAM energy per byte, clock, DRAM bandwidth,
 * MRAM write points, epoch sizes and the reference-study preset. Every literature value carries its
 * source; all are editable through SystemConfig.
 */

/** MAC precision of the array (multiplier + accumulator). */
export type MacPrecision = 'int8' | 'bf16' | 'fp32';

/**
 * Energy per MAC at 45 nm, 0.9 V (Horowitz, ISSCC 2014, "Computing's energy problem"):
 * int8: 8-bit mult 0.2 pJ + 32-bit int add 0.1 pJ; bf16: 16-bit FP mult 1.1 pJ + 32-bit FP add 0.9 pJ
 * (fp32 accumulation); fp32: 32-bit FP mult 3.7 pJ + 32-bit FP add 0.9 pJ.
 */
export const MAC_ENERGY_45NM_J: Record<MacPrecision, number> = {
  int8: 0.2e-12 + 0.1e-12,
  bf16: 1.1e-12 + 0.9e-12,
  fp32: 3.7e-12 + 0.9e-12,
};

/** Bytes per stored element for each precision (bf16 stores 2 bytes; int8 1; fp32 4). */
export const ELEMENT_BYTES: Record<MacPrecision, number> = { int8: 1, bf16: 2, fp32: 4 };

/**
 * Nominal logic supply by node, V (first-order assumption for scaling the MAC energy; 45 nm = 0.9 V as
 * Horowitz 2014; 22-32 nm ~0.8-0.9 V, 65-90 nm ~1.0-1.1 V, typical foundry core voltages).
 */
export const NODE_VDD_V: readonly [number, number][] = [
  [22, 0.8],
  [32, 0.9],
  [45, 0.9],
  [65, 1.0],
  [90, 1.1],
];

/**
 * MAC energy at a node: E45 x (node / 45 nm) x (Vdd / 0.9 V)^2 (switched capacitance proportional to the
 * feature size, energy to C V^2; a first-order Dennard-style rule, not a fitted one).
 */
export function macEnergyJ(precision: MacPrecision, nodeNm: number): number {
  return MAC_ENERGY_45NM_J[precision] * (nodeNm / 45) * (vddAt(nodeNm) / 0.9) ** 2;
}

/** Linear interpolation of NODE_VDD_V (clamped at the ends). */
export function vddAt(nodeNm: number): number {
  const t = NODE_VDD_V;
  if (nodeNm <= t[0]![0]) return t[0]![1];
  for (let i = 1; i < t.length; i++) {
    const [n1, v1] = t[i]!;
    const [n0, v0] = t[i - 1]!;
    if (nodeNm <= n1) return v0 + ((v1 - v0) * (nodeNm - n0)) / (n1 - n0);
  }
  return t[t.length - 1]![1];
}

/** DRAM kinds with a cited access energy. */
export type DramKind = 'ddr3' | 'hbm2';
/**
 * DRAM energy per byte transferred, J:
 * ddr3: 1.3 nJ per 64-bit access, the low end of Horowitz ISSCC 2014's 1.3-2.6 nJ -> 162.5 pJ/B;
 * hbm2: 3.9 pJ/bit = 31.2 pJ/B (O'Connor et al., MICRO 2017, "Fine-grained DRAM").
 */
export const DRAM_ENERGY_PER_BYTE_J: Record<DramKind, number> = {
  ddr3: 1.3e-9 / 8,
  hbm2: 3.9e-12 * 8,
};
/** Default DRAM: DDR3-class (Horowitz 2014), the figure most accelerator energy studies quote. */
export const DEFAULT_DRAM: DramKind = 'ddr3';
/** Default DRAM bandwidth, bytes/s: one 64-bit DDR3-1600 channel, 12.8 GB/s (JEDEC JESD79-3). */
export const DEFAULT_DRAM_BANDWIDTH_BYTES_PER_S = 12.8e9;
/** Default array clock, Hz (design choice; TPU v1 runs its 256 x 256 array at 700 MHz, Jouppi et al. ISCA 2017). */
export const DEFAULT_CLOCK_HZ = 700e6;
/** Default scratchpad word width, bits (one access = one word; per-element energy = word energy x element bits / word bits). */
export const DEFAULT_ARRAY_WORD_BITS = 64;

/**
 * MRAM write points on the device layer's default MTJ (src/models/device): nominal 0.9 V, 10 ns gives
 * WER ~1e-9 (P->AP) at ~1.3 pJ/bit; relaxed 0.8 V, 5 ns gives ~0.5 pJ/bit (2.6x less) at WER ~3e-3,
 * in line with the reference study's ">2x write-energy improvement" with relaxed writes.
 */
export const DEFAULT_NOMINAL_WRITE = { voltageV: 0.9, pulseWidthS: 10e-9 };
export const DEFAULT_RELAXED_WRITE = { voltageV: 0.8, pulseWidthS: 5e-9 };

/**
 * Training samples per epoch by network id: ImageNet-1k 1,281,167 (Russakovsky et al., IJCV 2015);
 * MNIST 60,000 (LeCun 1998); 8 x 8 digits 1,797 (scikit-learn load_digits, UCI); BERT: 100,000
 * sequences of 128 tokens (an arbitrary round figure, not a published dataset size).
 */
export const SAMPLES_PER_EPOCH: Record<string, number> = {
  alexnet: 1281167,
  vgg16: 1281167,
  resnet18: 1281167,
  resnet50: 1281167,
  mobilenetv2: 1281167,
  'bert-base': 100000,
  'mlp-mnist': 60000,
  lenet: 60000,
  'mlp-digits': 1797,
};
export const DEFAULT_SAMPLES_PER_EPOCH = 100000;

// ---------------------------------------------------------------------------------------------------
// Banks, accumulators, power gating, read-before-write, operating point (issue: a system-energy verdict
// that holds up). Each default carries its source; all are editable through SystemConfig.

/**
 * Memory busy time: a bank serves one access at a time and is busy for that access's latency (NVSim
 * and CACTI report a random-access cycle no shorter than the access latency for an unpipelined bank:
 * Dong et al. TCAD 2012; Thoziyoor et al. CACTI 5.1, 2008); banks serve independent accesses in
 * parallel. A read-before-write write occupies its bank for a read and a write.
 */
export const MAX_BANKS = 64; // the array layer's bank limit (powers of two 1..64)
/** Default banks per class: the fewest (power of two) that keep the class's busy time within the compute time. */
export const DEFAULT_BANKS: number | 'auto' = 'auto';

/**
 * Accumulator buffer (TPU v1: 4096 x 256 32-bit accumulators beside a 256 x 256 array, Jouppi et al.,
 * ISCA 2017): 4096 streamed rows per array column, fp32 partial sums. SRAM in every design.
 */
export const ACCUMULATOR_DEPTH = 4096;
export const ACCUMULATOR_ELEMENT_BITS = 32;
export type AccumulatorKind = 'sram' | 'none';
export const DEFAULT_ACCUMULATOR: AccumulatorKind = 'sram';

/**
 * Power gating of idle MRAM banks (the cells keep their data unpowered, so a bank is off whenever its
 * class is not in use) and of SRAM that holds no live data. Waking a gated bank costs the energy its
 * leakage would have spent over the break-even time, and takes a wake-up latency: Hu et al., ISLPED
 * 2004, "Microarchitectural techniques for power gating of execution units", report break-even times
 * of about 10-20 cycles and wake-up delays of a few cycles; we take 20 and 5 cycles of the array clock.
 */
export const WAKE_BREAK_EVEN_CYCLES = 20;
export const WAKE_LATENCY_CYCLES = 5;
export const DEFAULT_GATING = true;

/**
 * Fraction of written bits that switch, per class, when writes are read-before-write (only switching
 * bits are driven; Zhou et al., ISLPED 2009, "Energy reduction for STT-RAM using early write
 * termination", and the differential-write schemes they cite). Defaults measured with this repository's
 * training engine: `train --dataset digits --model mlp --seed 1 --ber-activations 1e-9 --ber-weights 1e-9
 * --ber-errors 1e-9 --json` (fp32, Adam, 10 epochs; bitStats switch01 + switch10 over bits written):
 * activations 18.1 %, weights 23.5 %, errors 44.5 %; weight gradients are never stored by the engine, so
 * they take 50 % (uncorrelated data). Split equally between 0->1 (P->AP) and 1->0 (AP->P): the same run
 * measures 9.07 % / 9.04 % (activations), 11.8 % / 11.7 % (weights), 22.3 % / 22.2 % (errors).
 */
export const DEFAULT_SWITCHING_FRACTION = {
  weights: 0.235,
  activations: 0.181,
  errors: 0.445,
  weightGradients: 0.5,
} as const;
export const DEFAULT_READ_BEFORE_WRITE = true;

/** Protected bit fields per stored element (sign, exponent, high mantissa; as the training channel's masks). */
export type Protection = 'none' | 'sign' | 'sign-exp' | 'sign-exp-mant';
export const PROTECTIONS: readonly Protection[] = ['none', 'sign', 'sign-exp', 'sign-exp-mant'];
/**
 * Bits kept in reliable (nominal-write) memory per element: bf16 sign 1, exponent 8, high mantissa 4;
 * fp32 sign 1, exponent 8, high mantissa 7 (src/training/channel.ts protectMask); int8 has no
 * exponent: sign 1, top 3 magnitude bits as its "high mantissa".
 */
export const PROTECTED_BITS: Record<MacPrecision, Record<Protection, number>> = {
  bf16: { none: 0, sign: 1, 'sign-exp': 9, 'sign-exp-mant': 13 },
  fp32: { none: 0, sign: 1, 'sign-exp': 9, 'sign-exp-mant': 16 },
  int8: { none: 0, sign: 1, 'sign-exp': 1, 'sign-exp-mant': 4 },
};

/**
 * One operating temperature for the device and the array, K. Default 300 K, the device layer's default
 * (src/models/device/params.ts); the array model accepts 300-400 K (NVSim's tables; its recorded runs
 * are at 350 K).
 */
export const DEFAULT_TEMPERATURE_K = 300;

/**
 * A nominal (reliable) write must write: the system result warns when a class placed at the nominal write
 * sees a WER above this bound (e.g. with an access transistor set narrower than the write needs), since its
 * energy is then that of writes that do not work. The same bound sizes the access transistor
 * (ACCESS_SIZING_WER). A modelling choice (one error in a million writes, before any ECC), documented in
 * README (Model assumptions); editable here.
 */
export const NOMINAL_WER_WARNING = 1e-6;

/**
 * Access-transistor sizing ('auto' width): the narrowest width, to ACCESS_WIDTH_STEP_F, for which the nominal
 * write meets this WER in both directions on the device at the operating temperature: a MOS-accessed cell's
 * transistor is sized by the write current it must drive (Dong et al., IEEE TCAD 2012, NVSim's MOS-accessed
 * cell). The bound is the nominal-write warning's, so a sized cell never warns.
 */
export const ACCESS_SIZING_WER = NOMINAL_WER_WARNING;
/** Resolution of the sized width, F. */
export const ACCESS_WIDTH_STEP_F = 0.1;
/** Accepted access-transistor widths, F: the array layer's AccessCMOSWidth range (src/models/array/evaluate.ts). */
export const ACCESS_WIDTH_MIN_F = 1;
export const ACCESS_WIDTH_MAX_F = 100;
