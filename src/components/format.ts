/** Display formatting at the UI edge (models stay SI). */
export function si(value: number | undefined, unit: string, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
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
  for (const [f, p] of prefixes) if (abs >= f * 0.9995) return `${Number((value / f).toPrecision(digits))} ${p}${unit}`;
  return `${value.toExponential(digits - 1)} ${unit}`;
}

export function prob(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '—';
  if (p === 0) return '0';
  if (p >= 0.01) return p.toPrecision(3);
  return p.toExponential(2);
}

export function ratio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '—';
  return `${r.toPrecision(3)}×`;
}
