/**
 * Device layer parameters: a perpendicular STT-MRAM MTJ described as a macrospin.
 * Every default carries its source; all are editable (UI sliders, CLI flags, URL configuration).
 * SI units throughout (metres, A/m, ohms, seconds, kelvin, volts).
 */
import { checkRange, FieldError } from '../errors.ts';

/** The editable description of one MTJ bit cell (free layer, barrier, access transistor, read and retention). */
export interface DeviceParams {
  /** MTJ pillar diameter, m. */
  diameterM: number;
  /** Free-layer thickness, m. */
  freeLayerThicknessM: number;
  /** Free-layer saturation magnetisation Ms, A/m. */
  msAPerM: number;
  /** Thermal stability factor Delta = Eb / (kB T) at `temperatureK`; used unless `hkAPerM` is given. */
  delta: number;
  /** Optional effective anisotropy field Hk, A/m: when set (> 0) it defines Delta = mu0 Ms Hk V / (2 kB T). */
  hkAPerM?: number;
  /** Gilbert damping alpha (dimensionless). */
  damping: number;
  /** Spin-torque efficiency eta for the P -> AP write (dimensionless). */
  etaPToAp: number;
  /** Spin-torque efficiency eta for the AP -> P write (dimensionless). */
  etaApToP: number;
  /** Zero-bias tunnel magnetoresistance ratio TMR0 = (R_AP - R_P) / R_P (1.2 = 120 %). */
  tmr0: number;
  /** Bias at which TMR halves, V: TMR(V) = TMR0 / (1 + V^2 / Vh^2). */
  tmrVhV: number;
  /** Resistance-area product of the MgO barrier in the P state, ohm m^2 (5e-12 = 5 ohm um^2). */
  raOhmM2: number;
  /** Series resistance of the access transistor (on state), ohm. */
  accessResistanceOhm: number;
  /** Temperature, K. */
  temperatureK: number;
  /** Read voltage applied across the cell (MTJ + access), V. */
  readVoltageV: number;
  /** Read pulse width, s. */
  readPulseWidthS: number;
  /** Attempt time tau0 of thermally activated switching, s. */
  attemptTimeS: number;
  /** Window over which retention failure is reported, s. */
  retentionWindowS: number;
  /** MgO barrier breakdown voltage (the limit on the voltage across the MTJ during a write), V. */
  breakdownVoltageV: number;
  /**
   * Lowest remaining barrier, in kB T, at which the thermal-activation law tau0 exp(Delta (1 - i)) is trusted
   * (Neel-Brown needs Eb >> kB T). Above i = 1 - floor/Delta the thermal channel rate is held at its value there;
   * see the blend in closed-form.ts.
   */
  thermalBarrierFloorKT: number;
  /**
   * Temperature at which `delta`, `msAPerM` and `hkAPerM` are given, K. At any other `temperatureK` they are
   * scaled (deriveDevice): Ms(T) by Bloch's law, the anisotropy energy density as Ms(T)^n (Callen-Callen).
   */
  referenceTemperatureK: number;
  /** Curie temperature of the free-layer material, K: temperatures at or above it are rejected. */
  curieTemperatureK: number;
  /** Exponent of Bloch's law Ms(T) = Ms(0) (1 - (T / Tc)^p). */
  blochExponent: number;
  /** Callen-Callen exponent n of the anisotropy energy density K(T) ~ Ms(T)^n. */
  anisotropyMsExponent: number;
  /**
   * Thermal-activation exponent b of the barrier under current, Eb(i) = Eb (1 - i)^b, for read disturb,
   * retention and the closed form's thermal channel: 1 (Sharrock/Neel-Brown linear form) or 2 (Koch 2000).
   */
  thermalExponent: number;
  /** Relative bit-to-bit spread (one sigma) of the MTJ diameter (0.05 = 5 %). */
  sigmaDiameter: number;
  /** Relative bit-to-bit spread of the thermal stability Delta (anisotropy), beyond that from the diameter. */
  sigmaDelta: number;
  /** Relative bit-to-bit spread of the resistance-area product RA. */
  sigmaRa: number;
  /** Relative bit-to-bit spread of the TMR ratio. */
  sigmaTmr: number;
  /** Percentile of the per-bit WER reported as the worst bit (99 = the bit worse than 99 % of the array). */
  worstPercentile: number;
  /** WER model: the Fokker-Planck solver ('fp', default) or the closed form ('closed-form'). */
  werModel?: WerModel;
}

/** The two write-error-rate models. */
export const WER_MODELS = ['fp', 'closed-form'] as const;
export type WerModel = (typeof WER_MODELS)[number];

/**
 * Defaults: a 40 nm perpendicular CoFeB/MgO MTJ.
 * Geometry after Ikeda et al., Nat. Mater. 9, 721 (2010); material values are compact-model practice
 * (Zhang et al., IEEE TED 59, 819 (2012)); they reproduce the worked example of docs/models.md section 6.
 */
export const defaultDeviceParams: DeviceParams = {
  diameterM: 40e-9, // Ikeda et al. 2010 (40 nm perpendicular CoFeB/MgO MTJ)
  freeLayerThicknessM: 1.3e-9, // Ikeda et al. 2010 (1.3 nm CoFeB free layer)
  msAPerM: 1.0e6, // compact-model practice, 1.0-1.2e6 A/m (Zhang et al. 2012)
  delta: 60, // 10-year retention design point (common practice; Ikeda 2010 measured ~40 at 40 nm)
  damping: 0.02, // compact-model range 0.01-0.03 (Zhang et al. 2012; Ikeda 2010 reports ~0.01-0.03 for CoFeB)
  etaPToAp: 0.4, // P->AP is the harder write: lower efficiency (Slonczewski 1996 angular asymmetry)
  etaApToP: 0.6, // spin polarisation ~0.6 (compact-model practice, Zhang et al. 2012)
  tmr0: 1.2, // ~100-124 % at 40 nm (Ikeda et al. 2010)
  tmrVhV: 0.5, // bias half-point of TMR, ~0.5 V (compact-model practice, Zhang et al. 2012)
  raOhmM2: 5e-12, // 5 ohm um^2 (compact-model practice, 5-10 ohm um^2)
  accessResistanceOhm: 1500, // the override (system.accessR = 'device'; the device CLI's --access-resistance): an assumed multi-fin 22 nm access device, not from a transistor table (context: Intel 22FFL 1T-1MTJ cell 216 x 225 nm, two word-line gates per cell, Golonzka et al., IEDM 2018). By default the device sees the array's transistor, sized for the nominal write (src/models/system/access-sizing.ts)
  temperatureK: 300, // room temperature (358 K is the usual worst case)
  readVoltageV: 0.1, // low-bias read, 0.1 V across the cell (assumption, editable)
  readPulseWidthS: 2e-9, // 2 ns read (assumption, editable)
  attemptTimeS: 1e-9, // tau0 ~ 1 ns (Neel-Brown attempt time, Brown 1963)
  retentionWindowS: 10 * 365.25 * 24 * 3600, // 10 years, the usual retention specification
  breakdownVoltageV: 1.5, // ~1 nm MgO barriers break down at ~1-1.5 V, not far above switching (Schaefers et al., APL 95, 232119 (2009)); upper end, editable
  thermalBarrierFloorKT: 10, // Neel-Brown is trusted while the barrier exceeds ~10 kB T (modelling choice, documented)
  referenceTemperatureK: 300, // delta, Ms and Hk above are room-temperature values
  curieTemperatureK: 1000, // Co-rich CoFeB, order 1000 K (assumption; Bloch-law fits of CoFeB/MgO films, Sato et al., PRB 98, 214428 (2018)); editable
  blochExponent: 1.5, // Bloch T^(3/2) law (Bloch 1930), the usual fit of Ms(T) in CoFeB films (Sato et al. 2018)
  anisotropyMsExponent: 2, // Callen & Callen 1966: n = 2 for two-ion anisotropy; CoFeB/MgO interface anisotropy is two-site anisotropic exchange (Sato et al. 2018)
  thermalExponent: 2, // b = 2 for a uniaxial macrospin under spin torque (Koch et al., PRL 84, 5419 (2000)); b = 1 is Sharrock's linear form
  sigmaDiameter: 0, // bit-to-bit spreads: 0 = the nominal bit (typical measured: diameter ~2-5 %, Delta ~5-10 %)
  sigmaDelta: 0,
  sigmaRa: 0,
  sigmaTmr: 0,
  worstPercentile: 99, // the bit worse than 99 % of the array
  werModel: 'fp',
};

/** Editable-field metadata: UI/CLI labels, units and accepted ranges (the same ranges validate). */
export interface DeviceFieldInfo {
  key: keyof DeviceParams;
  /** Kebab-case CLI flag name. */
  flag: string;
  label: string;
  /** SI unit symbol used by the CLI quantity parser ('' for dimensionless). */
  unit: string;
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  optional?: boolean;
  /** Only integers are accepted. */
  integer?: boolean;
  /** A relative spread: the CLI also accepts a percentage ("5%"). */
  relative?: boolean;
}

export const DEVICE_FIELDS: readonly DeviceFieldInfo[] = [
  // Lower bounds of diameter, thickness, Ms and damping: physical floors below which the macrospin
  // formulas overflow to NaN/Infinity (1 nm, 0.1 nm, 1 kA/m, 1e-4); no real MTJ is near them.
  { key: 'diameterM', flag: 'diameter', label: 'MTJ diameter', unit: 'm', min: 1e-9, max: 1e-6 },
  {
    key: 'freeLayerThicknessM',
    flag: 'free-layer-thickness',
    label: 'free-layer thickness',
    unit: 'm',
    min: 0.1e-9,
    max: 10e-9,
  },
  {
    key: 'msAPerM',
    flag: 'ms',
    label: 'saturation magnetisation Ms',
    unit: 'A/m',
    min: 1e3,
    max: 3e6,
  },
  { key: 'delta', flag: 'delta', label: 'thermal stability Delta', unit: '', min: 1, max: 200 },
  {
    key: 'hkAPerM',
    flag: 'hk',
    label: 'anisotropy field Hk (overrides Delta)',
    unit: 'A/m',
    min: 1e3,
    max: 1e7,
    optional: true,
  },
  { key: 'damping', flag: 'damping', label: 'Gilbert damping alpha', unit: '', min: 1e-4, max: 1 },
  {
    key: 'etaPToAp',
    flag: 'eta-p-to-ap',
    label: 'spin-torque efficiency P->AP',
    unit: '',
    min: 0,
    max: 2,
    minExclusive: true,
  },
  {
    key: 'etaApToP',
    flag: 'eta-ap-to-p',
    label: 'spin-torque efficiency AP->P',
    unit: '',
    min: 0,
    max: 2,
    minExclusive: true,
  },
  { key: 'tmr0', flag: 'tmr0', label: 'zero-bias TMR ratio', unit: '', min: 0, max: 10 },
  { key: 'tmrVhV', flag: 'tmr-vh', label: 'TMR half-bias voltage Vh', unit: 'V', min: 0, max: 10, minExclusive: true },
  {
    key: 'raOhmM2',
    flag: 'ra',
    label: 'resistance-area product RA (ohm m^2)',
    unit: '',
    min: 0,
    max: 1e-9,
    minExclusive: true,
  },
  {
    key: 'accessResistanceOhm',
    flag: 'access-resistance',
    label: 'access transistor resistance (override of the array transistor)',
    unit: 'ohm',
    min: 0,
    max: 1e6,
  },
  // the upper limit that matters is the Curie temperature (validateDeviceParams)
  { key: 'temperatureK', flag: 'temperature', label: 'temperature', unit: 'K', min: 1, max: 1500 },
  { key: 'readVoltageV', flag: 'read-voltage', label: 'read voltage', unit: 'V', min: 0, max: 2 },
  {
    key: 'readPulseWidthS',
    flag: 'read-pulse',
    label: 'read pulse width',
    unit: 's',
    min: 0,
    max: 1,
    minExclusive: true,
  },
  {
    key: 'attemptTimeS',
    flag: 'attempt-time',
    label: 'attempt time tau0',
    unit: 's',
    min: 0,
    max: 1e-6,
    minExclusive: true,
  },
  {
    key: 'retentionWindowS',
    flag: 'retention-window',
    label: 'retention window',
    unit: 's',
    min: 0,
    max: 1e10,
    minExclusive: true,
  },
  {
    key: 'breakdownVoltageV',
    flag: 'breakdown-voltage',
    label: 'MgO breakdown voltage',
    unit: 'V',
    // below 0.1 V no write is possible at all: every error would name the write voltage instead
    min: 0.1,
    max: 5,
  },
  {
    key: 'thermalBarrierFloorKT',
    flag: 'thermal-barrier-floor',
    label: 'thermal-law barrier floor (kB T)',
    unit: '',
    min: 0,
    max: 100,
  },
  {
    key: 'referenceTemperatureK',
    flag: 'reference-temperature',
    label: 'reference temperature of Delta, Ms, Hk',
    unit: 'K',
    min: 1,
    max: 600,
  },
  { key: 'curieTemperatureK', flag: 'curie-temperature', label: 'Curie temperature', unit: 'K', min: 2, max: 3000 },
  { key: 'blochExponent', flag: 'bloch-exponent', label: 'Bloch-law exponent of Ms(T)', unit: '', min: 0.5, max: 3 },
  {
    key: 'anisotropyMsExponent',
    flag: 'anisotropy-exponent',
    label: 'anisotropy exponent n, K ~ Ms^n',
    unit: '',
    min: 0,
    max: 5,
  },
  {
    key: 'thermalExponent',
    flag: 'thermal-exponent',
    label: 'thermal-activation exponent b (1 or 2)',
    unit: '',
    min: 1,
    max: 2,
    integer: true,
  },
  {
    key: 'sigmaDiameter',
    flag: 'sigma-diameter',
    label: 'diameter spread (relative sigma)',
    unit: '',
    min: 0,
    max: 0.3,
    relative: true,
  },
  {
    key: 'sigmaDelta',
    flag: 'sigma-delta',
    label: 'Delta spread (relative sigma)',
    unit: '',
    min: 0,
    max: 0.3,
    relative: true,
  },
  { key: 'sigmaRa', flag: 'sigma-ra', label: 'RA spread (relative sigma)', unit: '', min: 0, max: 0.3, relative: true },
  {
    key: 'sigmaTmr',
    flag: 'sigma-tmr',
    label: 'TMR spread (relative sigma)',
    unit: '',
    min: 0,
    max: 0.3,
    relative: true,
  },
  {
    key: 'worstPercentile',
    flag: 'worst-percentile',
    label: 'worst-bit percentile',
    unit: '',
    min: 0,
    max: 100,
    minExclusive: true,
    maxExclusive: true,
  },
];

/** Throws FieldError (field 'device.<key>') for any parameter out of its accepted range. */
export function validateDeviceParams(p: DeviceParams): void {
  if (p === null || typeof p !== 'object') throw new FieldError('device', p, 'a DeviceParams object');
  for (const f of DEVICE_FIELDS) {
    const v = p[f.key];
    if (f.optional && (v === undefined || v === null)) continue;
    if (typeof v !== 'number')
      throw new FieldError(`device.${f.key}`, v, `a number in ${f.min}..${f.max} ${f.unit}`.trim());
    checkRange(`device.${f.key}`, v, f.min, f.max, f.unit, {
      minExclusive: f.minExclusive ?? false,
      maxExclusive: f.maxExclusive ?? false,
    });
    if (f.integer && !Number.isInteger(v))
      throw new FieldError(`device.${f.key}`, v, `an integer in ${f.min}..${f.max}`);
  }
  if (p.werModel !== undefined && !(WER_MODELS as readonly string[]).includes(p.werModel)) {
    throw new FieldError('device.werModel', p.werModel, WER_MODELS.join(' or '));
  }
  if (p.temperatureK >= p.curieTemperatureK) {
    throw new FieldError(
      'device.temperatureK',
      p.temperatureK,
      `below the Curie temperature ${p.curieTemperatureK} K (device.curieTemperatureK)`,
      'the free layer is paramagnetic there',
    );
  }
  if (p.referenceTemperatureK >= p.curieTemperatureK) {
    throw new FieldError(
      'device.referenceTemperatureK',
      p.referenceTemperatureK,
      `below the Curie temperature ${p.curieTemperatureK} K (device.curieTemperatureK)`,
    );
  }
}
