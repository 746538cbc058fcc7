/**
 * Array-layer parameters: technology-node tables, wire geometry, circuit constants, default cells and
 * the organisation search space. All SI.
 *
 * Sources (one line each where a value is defined):
 * - [NVSim] Dong, Xu, Xie, Jouppi, "NVSim: A circuit-level performance, energy, and area model for
 *   emerging nonvolatile memory", IEEE TCAD 31(7), 2012; its public technology tables
 *   (github SEAL-UCSB/NVSim, Technology.cpp / Wire.cpp / constant.h), which take MASTAR 5 / ITRS 2010
 *   transistor data and ITRS interconnect data.
 * - [CACTI] Thoziyoor, Muralimanohar, Ahn, Jouppi, "CACTI 5.1", HP Labs HPL-2008-20 (2008): gate-cap
 *   model, logical-effort buffer sizing (fanout 4), Horowitz delay.
 * - [Horowitz] M. Horowitz, "Timing models for MOS circuits", PhD thesis, Stanford, 1983.
 * - [ICCAD09] Dong, Wu, Xie, Chen, Li, "Circuit and microarchitecture evaluation of 3D stacking
 *   magnetic RAM (MRAM)", ICCAD 2008/2009: current-sense bit-line delay.
 */

/** Transistor data of one node and roadmap. Currents per metre of gate width (A/m). */
export interface NodeTech {
  /** Supply voltage, V. */
  vdd: number;
  /** Threshold voltage, V. */
  vth: number;
  /** Physical gate length, m. */
  gateLengthM: number;
  /** Ideal gate capacitance per width, F/m. */
  capIdealGate: number;
  /** Fringe capacitance per width, F/m. */
  capFringe: number;
  /** Gate-oxide capacitance per area, F/m^2. */
  capOx: number;
  /** Effective electron / hole mobility, m^2/(V s). */
  mobilityN: number;
  mobilityP: number;
  /** PMOS/NMOS width ratio for equal drive. */
  pnRatio: number;
  /** Effective-resistance multiplier (R_on = k Vdd / I_on). */
  resMultiplier: number;
  /** NMOS / PMOS on current per width at 300, 350, 400 K, A/m. */
  ionN: [number, number, number];
  ionP: [number, number, number];
  /** Off (sub-threshold) current per width at 300, 350, 400 K, A/m (NMOS = PMOS in the tables). */
  ioff: [number, number, number];
}

/** [NVSim] Technology.cpp tables (MASTAR 5: hp/lop bulk 2010 for 45 nm, 2012 for 32 nm, 2015/2016 for 22 nm). */
export const NODE_TABLE: Record<22 | 32 | 45, Record<'hp' | 'lop', NodeTech>> = {
  45: {
    hp: {
      vdd: 1.0,
      vth: 0.12679,
      gateLengthM: 18e-9,
      capIdealGate: 6.78e-10,
      capFringe: 1.7e-10,
      capOx: 3.77e-2,
      mobilityN: 297.7e-4,
      mobilityP: 95.27e-4,
      pnRatio: 2.41,
      resMultiplier: 1.51,
      ionN: [1823.8, 1745.8, 1666.6],
      ionP: [1632.2, 1535.5, 1441.8],
      ioff: [0.28, 0.569, 0.984],
    },
    lop: {
      vdd: 0.7,
      vth: 0.28894,
      gateLengthM: 22e-9,
      capIdealGate: 6.13e-10,
      capFringe: 2.0e-10,
      capOx: 2.79e-2,
      mobilityN: 606.95e-4,
      mobilityP: 124.6e-4,
      pnRatio: 2.28,
      resMultiplier: 1.76,
      ionN: [682.1, 632.8, 542.7],
      ionP: [772.4, 710.0, 650.2],
      ioff: [4.03e-3, 1.08e-2, 2.03e-2],
    },
  },
  32: {
    hp: {
      vdd: 0.9,
      vth: 0.13172,
      gateLengthM: 14e-9,
      capIdealGate: 6.42e-10,
      capFringe: 1.6e-10,
      capOx: 4.59e-2,
      mobilityN: 257.73e-4,
      mobilityP: 89.92e-4,
      pnRatio: 2.41,
      resMultiplier: 1.49,
      ionN: [1785.8, 1715.7, 1645.0],
      ionP: [1713.5, 1565.1, 1476.1],
      ioff: [0.834, 1.18, 1.54],
    },
    lop: {
      vdd: 0.7,
      vth: 0.27852,
      gateLengthM: 18e-9,
      capIdealGate: 5.54e-10,
      capFringe: 2.0e-10,
      capOx: 3.08e-2,
      mobilityN: 581.62e-4,
      mobilityP: 120.3e-4,
      pnRatio: 2.28,
      resMultiplier: 1.73,
      ionN: [760.3, 710.9, 623.6],
      ionP: [878.6, 813.0, 750.3],
      ioff: [3.57e-2, 7.42e-2, 1.48e-1],
    },
  },
  22: {
    hp: {
      vdd: 0.9,
      vth: 0.12872,
      gateLengthM: 10e-9,
      capIdealGate: 3.83e-10,
      capFringe: 1.6e-10,
      capOx: 3.83e-2,
      mobilityN: 397.26e-4,
      mobilityP: 83.6e-4,
      pnRatio: 2,
      resMultiplier: 1.45,
      ionN: [2029.9, 1930.7, 1834.4],
      ionP: [1014.95, 974.9, 926.25],
      ioff: [0.5974, 1.0572, 23.973],
    },
    lop: {
      vdd: 0.5,
      vth: 0.21739,
      gateLengthM: 11e-9,
      capIdealGate: 3.45e-10,
      capFringe: 1.7e-10,
      capOx: 3.14e-2,
      mobilityN: 747.37e-4,
      mobilityP: 118.35e-4,
      pnRatio: 2.28,
      resMultiplier: 1.73,
      ionN: [716.1, 658.8, 605.7],
      ionP: [358.05, 334.95, 308.0],
      ioff: [0.021, 0.043647, 0.087059],
    },
  },
};

/** Tabulated nodes, nm (interpolated between, as [NVSim] does). */
export const TABULATED_NODES_NM = [22, 32, 45] as const;

/** Wire geometry of one node ([NVSim] Wire.cpp, ITRS 2010 interconnect): local- and global-aggressive. */
export interface WireGeometry {
  /** Wire pitch, m. */
  pitchM: number;
  /** Thickness / width. */
  aspectRatio: number;
  /** Inter-layer dielectric thickness, m. */
  ildM: number;
  /** Horizontal (intra-layer) relative permittivity. */
  epsHorizontal: number;
  /** Copper resistivity at 20 C including size effects, Ohm m. */
  resistivityOhmM: number;
}

/** [NVSim] Wire.cpp local_aggressive / global_aggressive per node (ITRS 2010). */
export const WIRE_TABLE: Record<22 | 32 | 45, { local: WireGeometry; global: WireGeometry }> = {
  22: {
    local: { pitchM: 44e-9, aspectRatio: 1.9, ildM: 1.9 * 22e-9, epsHorizontal: 2.55, resistivityOhmM: 6.0e-8 },
    global: {
      pitchM: 176e-9,
      aspectRatio: 2.34,
      ildM: (0.42e-6 * 22) / 32,
      epsHorizontal: 2.55,
      resistivityOhmM: 3.0e-8,
    },
  },
  32: {
    local: { pitchM: 64e-9, aspectRatio: 1.8, ildM: 1.8 * 32e-9, epsHorizontal: 2.82, resistivityOhmM: 5.0e-8 },
    global: { pitchM: 256e-9, aspectRatio: 2.34, ildM: 0.42e-6, epsHorizontal: 2.82, resistivityOhmM: 2.5e-8 },
  },
  45: {
    local: { pitchM: 0.102e-6, aspectRatio: 1.8, ildM: 0.0918e-6, epsHorizontal: 2.6, resistivityOhmM: 4.08e-8 },
    global: { pitchM: 360e-9, aspectRatio: 2.34, ildM: 0.63e-6, epsHorizontal: 2.6, resistivityOhmM: 2.06e-8 },
  },
};

/** Wire constants ([CACTI] / [NVSim]). */
export const WIRE_CONST = {
  /** Vacuum permittivity, F/m. */
  eps0: 8.85e-12,
  /** Vertical dielectric constant (SiO2). */
  epsVertical: 3.9,
  /** Miller factor of the side-wall coupling. */
  miller: 1.5,
  /** Fringe capacitance, F/m ([CACTI]). */
  fringeFPerM: 1.15e-10,
  /** Copper resistivity temperature coefficient, 1/K. */
  tempCoeffPerK: 0.0039,
} as const;

/** Device / layout constants in units of F ([NVSim] constant.h, from [CACTI]). */
export const LAYOUT = {
  /** Minimum NMOS width, F. */
  minNmosF: 1.5,
  /** Maximum NMOS width of a driver, F. */
  maxNmosF: 100,
  /** Contact size + 2 x contact-to-poly gap: drain length, F. */
  drainLengthF: 2.5,
  /** Gap between P and N diffusions plus two power rails, F. */
  gateOverheadHeightF: 6,
  /** Junction capacitance grading: bottom, side-wall, gate-edge (BSIM4 defaults). */
  cjBottom: 1e-3,
  cjSidewall: 2.5e-10,
  cjGateEdge: 0.5e-10,
  builtInPotentialV: 0.9,
  /** Optimal stage effort of a buffer chain ([CACTI]). */
  stageEffort: 4,
  /** Leakage ratio of a 2-input NAND vs. its PMOS width ([NVSim] constant.h). */
  nand2LeakRatio: 0.48,
  /** Bit-line precharge PMOS width, F ([CACTI] / [NVSim] Precharger: 6 F pull-ups, minimum equaliser). */
  prechargePmosF: 6,
  /** Sense amplifier transistor widths, F ([CACTI] via [NVSim]). */
  senseP: 7.5,
  senseN: 3.75,
  senseIso: 12.5,
  senseEn: 5.0,
  senseMux: 9.0,
  /** Minimum sensing swing of a voltage sense amplifier, V ([CACTI] VBITSENSEMIN). */
  minSenseVoltageV: 0.08,
  /** Default minimum sense voltage of an MRAM read, V ([NVSim] sample_STTRAM.cell, 25 mV). */
  mramMinSenseVoltageV: 0.025,
  /** Area of a current-mode I-V converter, F^2 ([NVSim] constant.h). */
  ivConverterAreaF2: 50000,
  /** Bank aspect-ratio limit ([NVSim] CONSTRAINT_ASPECT_RATIO_BANK). */
  maxBankAspect: 3,
} as const;

/**
 * Current-mode sense amplifier (I-V converter + latch), HSPICE-characterised per node in [NVSim]
 * SenseAmp.cpp: latency (s), energy per sense (J), leakage per amplifier (W).
 */
export const CURRENT_SENSE: Record<22 | 32 | 45, { latencyS: number; energyJ: number; leakageW: number }> = {
  22: { latencyS: 1.45e-9, energyJ: 15e-14, leakageW: 15e-8 },
  32: { latencyS: 1.07e-9, energyJ: 12.56e-14, leakageW: 12.54e-8 },
  45: { latencyS: 0.8e-9, energyJ: 10.26e-14, leakageW: 4.41e-9 },
};

export { SRAM_CELL } from '../tech/sram/params.ts';
export { STT_CELL } from '../tech/stt-mram/params.ts';

/** Organisation search space. */
export const SEARCH = {
  /** Sub-array rows tried. */
  rows: [32, 64, 128, 256, 512, 1024, 2048],
  /** Sub-array columns tried. */
  cols: [32, 64, 128, 256, 512, 1024, 2048],
  /** Sub-arrays per mat (2 x 2, CACTI assumption). */
  subarraysPerMat: 4,
  /** Largest column-mux degree. */
  maxMux: 256,
} as const;

/** Input limits. */
export const LIMITS = {
  minCapacityBytes: 64 * 1024,
  maxCapacityBytes: 256 * 1024 * 1024,
  minWordBits: 8,
  maxWordBits: 4096,
  minNodeNm: 22,
  maxNodeNm: 45,
  minTemperatureK: 300,
  maxTemperatureK: 400,
  maxBanks: 64,
} as const;

/** Default operating temperature, K (as the recorded NVSim runs). */
export const DEFAULT_TEMPERATURE_K = 350;

/**
 * Off current of a low-standby-power (LSTP) transistor at 300 K, A/m: the ITRS LSTP target of about
 * 10 pA/um (ITRS 2009 PIDS tables; CACTI 5+ model SRAM cells in this class). NVSim's tables carry only
 * HP and LOP, so LSTP is used for SRAM cell leakage only (the periphery stays HP or LOP); its
 * temperature dependence follows the LOP table's (300 -> 350 -> 400 K ratios).
 */
export const LSTP_IOFF_300K_A_PER_M = 1e-5;
