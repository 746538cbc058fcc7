/**
 * Units. Models work in SI throughout; names carry the unit where it could be doubted
 * (writeEnergyJ, pulseWidthS, areaMm2). Conversions happen only at the UI and CLI edges,
 * through the helpers below.
 */
export const PREFIX: Record<string, number> = {
  f: 1e-15,
  p: 1e-12,
  n: 1e-9,
  u: 1e-6,
  µ: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
};

/** Physical constants (CODATA 2018 exact or recommended values). */
export const PHYS = {
  kB: 1.380649e-23,
  e: 1.602176634e-19,
  hbar: 1.054571817e-34,
  mu0: 4e-7 * Math.PI,
  /** Gyromagnetic ratio of the electron, rad/(s T). */
  gamma: 1.760859e11,
} as const;

/** Format an SI value with an engineering prefix, e.g. formatSI(5e-9, 's') = "5 ns". */
export function formatSI(value: number, unit: string, digits = 3): string {
  if (!Number.isFinite(value)) return `${value} ${unit}`;
  if (value === 0) return `0 ${unit}`;
  const prefixes: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
    [1, ''],
    [1e-3, 'm'],
    [1e-6, 'µ'],
    [1e-9, 'n'],
    [1e-12, 'p'],
    [1e-15, 'f'],
    [1e-18, 'a'],
  ];
  const abs = Math.abs(value);
  for (const [f, p] of prefixes) {
    if (abs >= f * 0.9995) return `${Number((value / f).toPrecision(digits))} ${p}${unit}`;
  }
  return `${value.toExponential(digits - 1)} ${unit}`;
}
