/** Display formatting at the UI edge (models stay SI). */
import { formatSI } from '../models/units.ts';
export function si(value: number | undefined, unit: string, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return formatSI(value, unit, digits);
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
