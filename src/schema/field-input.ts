/**
 * What people type into a value field, read in the units they write: "0.8V", "800 mV", "0.8" for a
 * voltage; "5 ns" for a pulse; "350K" for a temperature; "5 Ω·µm²" for RA; "10 yr" for a retention
 * window. The number and its SI prefix go through the URL codec's exact decimal parser (decodeSI) and the
 * prefix table of src/models/units.ts; the result is validated by the schema (validateField), so the
 * accepted range is the schema's. A bare number is read in the unit the field displays.
 *
 * Display units are a UI-edge choice: the configuration, the URL and the models stay SI.
 */
import { FieldError } from '../models/errors.ts';
import { PREFIX } from '../models/units.ts';
import { acceptedText, validateField, type FieldDef } from './schema.ts';
import { decodeSI, encodeSI } from './url.ts';

interface UnitName {
  /** Spellings, compared after normalisation (see norm). */
  names: string[];
  /** SI value of one of this unit. */
  factor: number;
  /** An SI prefix may precede it (mV, ns, kΩ). */
  prefixes: boolean;
}

export interface DisplayUnit {
  /** How the field shows its unit ('' for a pure number). */
  symbol: string;
  /** SI value of one display unit (RA: 1 Ω·µm² = 1e-12 Ω·m²). */
  factor: number;
  /** The display picks an SI prefix (5 ns, 40 nm, 1.5 kΩ) instead of a plain number of `symbol`. */
  prefixed: boolean;
  /** Every unit accepted on input; the first is the display unit. */
  accepts: UnitName[];
}

/** Normalised unit spelling: no spaces, dots or carets; Ω→ohm, µ/μ→u, ²→2. */
function norm(s: string): string {
  return s
    .replace(/[\s·*^.]/g, '')
    .replace(/[Ωω]/g, 'ohm')
    .replace(/Ohms?|ohms/g, 'ohm')
    .replace(/[µμ]/g, 'u')
    .replace(/²/g, '2');
}

const YEAR_S = 365.25 * 24 * 3600; // Julian year
const si = (symbol: string, ...names: string[]): DisplayUnit => ({
  symbol,
  factor: 1,
  prefixed: symbol !== 'V' && symbol !== 'K',
  accepts: [{ names: [symbol, ...names].map(norm), factor: 1, prefixes: symbol !== 'K' }],
});

/** Display units by schema path where the schema's unit is not what people write. */
const SPECIAL: Record<string, DisplayUnit> = {
  'deviceParams.raOhmM2': {
    symbol: 'Ω·µm²',
    factor: 1e-12,
    prefixed: false,
    accepts: [
      { names: ['ohmum2'], factor: 1e-12, prefixes: false },
      { names: ['ohmm2'], factor: 1, prefixes: false },
    ],
  },
  'deviceParams.retentionWindowS': {
    symbol: 'yr',
    factor: YEAR_S,
    prefixed: false,
    accepts: [
      { names: ['yr', 'y', 'year', 'years'], factor: YEAR_S, prefixes: false },
      { names: ['d', 'day', 'days'], factor: 86400, prefixes: false },
      { names: ['h'], factor: 3600, prefixes: false },
      { names: ['s'], factor: 1, prefixes: true },
    ],
  },
  'deviceParams.tmr0': {
    symbol: '%',
    factor: 0.01,
    prefixed: false,
    accepts: [{ names: ['%'], factor: 0.01, prefixes: false }],
  },
  'deviceParams.thermalBarrierFloorKT': {
    symbol: 'kT',
    factor: 1,
    prefixed: false,
    accepts: [{ names: ['kT', 'kBT'].map(norm), factor: 1, prefixes: false }],
  },
};

const PLAIN: DisplayUnit = { symbol: '', factor: 1, prefixed: false, accepts: [] };

/** The unit a number field shows and reads. */
export function displayUnit(f: FieldDef): DisplayUnit {
  const special = SPECIAL[f.path];
  if (special) return special;
  if (f.kind !== 'number' && f.kind !== 'int') return PLAIN;
  switch (f.unit) {
    case 'V':
      return si('V');
    case 's':
      return si('s', 'sec');
    case 'm':
      return si('m');
    case 'A/m':
      return si('A/m', 'Am-1');
    case 'ohm':
      return si('Ω', 'ohm');
    case 'K':
      return si('K');
    case 'nm':
      return {
        symbol: 'nm',
        factor: 1,
        prefixed: false,
        accepts: [{ names: ['nm'], factor: 1, prefixes: false }],
      };
    case 'F':
      return {
        symbol: 'F',
        factor: 1,
        prefixed: false,
        accepts: [{ names: ['F'], factor: 1, prefixes: false }],
      };
    case 'bit':
      return {
        symbol: 'bit',
        factor: 1,
        prefixed: false,
        accepts: [{ names: ['bit', 'bits', 'b'], factor: 1, prefixes: false }],
      };
    default:
      return PLAIN;
  }
}

/** Shortest decimal of `v` in the display unit (5e-9 s -> "5 ns", 5e-12 Ω·m² -> "5 Ω·µm²", 0.7 V -> "0.7 V"). */
export function formatFieldValue(f: FieldDef, value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  const u = displayUnit(f);
  if (!u.symbol) return String(value);
  if (u.prefixed) {
    const [, n, p] = /^(.*?)([GMkmunpf]?)$/.exec(encodeSI(value))!;
    return `${n} ${p === 'u' ? 'µ' : p}${u.symbol}`;
  }
  return `${Number((value / u.factor).toPrecision(6))} ${u.symbol}`;
}

/** The accepted range in the field's display unit (the schema's words where the display unit is SI). */
export function acceptedDisplay(f: FieldDef): string {
  const u = displayUnit(f);
  if (f.kind !== 'number' || u.factor === 1) return acceptedText(f);
  const show = (v: number) => `${Number((v / u.factor).toPrecision(6))} ${u.symbol}`;
  return `${f.auto ? 'auto or ' : ''}a number in ${f.minExclusive ? '(' : '['}${show(f.min)}, ${show(f.max)}]`;
}

const NUMBER = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$/;

/** SI value of `mantissa` (decimal text) × 10^k, rounded once. */
function shift(mantissa: string, k: number): number {
  const [m, e = '0'] = mantissa.toLowerCase().split('e') as [string, string?];
  return Number(`${m}e${Number(e) + k}`);
}

/**
 * Read a typed value for a field. Throws FieldError naming the field, the text as typed and the accepted
 * range (in the display unit) when it is not a number in an accepted unit, or out of range.
 */
export function parseFieldInput(f: FieldDef, text: string): unknown {
  const raw = text.trim();
  if (f.kind !== 'number' && f.kind !== 'int') return validateField(f, raw);
  if (f.kind === 'number' && f.auto && raw.toLowerCase() === 'auto') return 'auto';
  const bad = () => new FieldError(f.path, text, acceptedDisplay(f));
  const m = NUMBER.exec(raw);
  if (!m) throw bad();
  const num = m[1]!;
  const rest = norm(m[2]!);
  const u = displayUnit(f);
  let value: number | undefined;
  if (rest === '') {
    // a bare number is in the displayed unit
    const exp = Math.log10(u.factor);
    value = Number.isInteger(exp) ? shift(num, exp) : decodeSI(num) * u.factor;
  } else {
    for (const unit of u.accepts) {
      const name = unit.names.find((n) => rest.endsWith(n));
      if (name === undefined) continue;
      const prefix = rest.slice(0, rest.length - name.length);
      if (prefix && !(unit.prefixes && prefix in PREFIX)) continue;
      const p = prefix === 'µ' ? 'u' : prefix;
      const base = decodeSI(num + p);
      const exp = Math.log10(unit.factor);
      value = unit.factor === 1 ? base : Number.isInteger(exp) ? Number(`${base}e${exp}`) : base * unit.factor;
      break;
    }
    // a bare SI prefix ("800m" for a voltage), as the URL accepts
    if (value === undefined && u.accepts[0]?.prefixes && rest.length === 1 && rest in PREFIX) {
      value = decodeSI(num + rest);
    }
  }
  if (value === undefined || !Number.isFinite(value)) throw bad();
  try {
    return validateField(f, value);
  } catch {
    throw bad();
  }
}

/** parseFieldInput as data: the value, or the error message (field, text as typed, accepted range). */
export function readFieldInput(
  f: FieldDef,
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseFieldInput(f, text) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, message: e.message };
    throw e;
  }
}
