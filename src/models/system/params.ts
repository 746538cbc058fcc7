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
