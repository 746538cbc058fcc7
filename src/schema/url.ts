/**
 * Versioned URL codec for ExplorerConfig: `?v=2&seed=1&V=0.6&pulse=5ns&cap=4MiB&...`.
 *
 * - Every field of the schema table is written (so a link never depends on defaults that may change).
 * - Quantities are written with an SI prefix by decimal string manipulation, never by multiplying, so
 *   decode(encode(c)) reproduces every number bit for bit.
 * - Decoding validates every field: an unknown key, an out-of-range value or a malformed string becomes
 *   an issue naming the field, the bad value and the accepted range; that field keeps its default and
 *   the rest of the configuration is kept.
 * - Older schema versions migrate (MIGRATIONS).
 */
import {
  FIELD_BY_KEY,
  FIELD_BY_PATH,
  FIELDS,
  SCHEMA_VERSION,
  V2_MEANING,
  acceptedText,
  defaultConfig,
  formatBytes,
  getPath,
  setPath,
  validateField,
  type ConfigIssue,
  type ExplorerConfig,
  type FieldDef,
} from './schema.ts';
import { FieldError } from '../models/errors.ts';
import { MAX_URL_VALUE_CHARS } from './limits.ts';

const SI: [number, string][] = [
  [9, 'G'],
  [6, 'M'],
  [3, 'k'],
  [0, ''],
  [-3, 'm'],
  [-6, 'u'],
  [-9, 'n'],
  [-12, 'p'],
  [-15, 'f'],
];

/** Shortest exact decimal with an engineering SI prefix: 5e-9 -> "5n", 1.25e-8 -> "12.5n". */
export function encodeSI(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const [mant, expText] = value.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const eng = Math.max(-15, Math.min(9, Math.floor(exp / 3) * 3));
  const prefix = SI.find(([e]) => e === eng)![1];
  return shiftDecimal(mant, exp - eng) + prefix;
}

/** Move the decimal point of a plain decimal string `shift` places right (shift may be negative). */
function shiftDecimal(text: string, shift: number): string {
  const neg = text.startsWith('-');
  const t = neg ? text.slice(1) : text;
  const [ip, fp = ''] = t.split('.') as [string, string?];
  let digits = ip + fp;
  let point = ip.length + shift;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  let intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  if (intPart === '') intPart = '0';
  return (neg ? '-' : '') + intPart + (frac ? '.' + frac : '');
}

/** Parse "5n", "5ns", "12.5e-3", "0.6V" (unit optional) exactly. Returns NaN when malformed. */
export function decodeSI(text: string, unit = ''): number {
  let t = text.trim();
  if (unit && t.endsWith(unit)) t = t.slice(0, -unit.length).trimEnd();
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([GMkmunpfµ]?)$/.exec(t);
  if (!m) return NaN;
  const p = m[2] === 'µ' ? 'u' : m[2]!;
  const eng = SI.find(([, s]) => s === p)![0];
  if (eng === 0) return Number(m[1]);
  // Apply the prefix as a decimal exponent in the string, so parsing rounds once.
  const [mant, e = '0'] = m[1]!.toLowerCase().split('e') as [string, string?];
  return Number(`${mant}e${Number(e) + eng}`);
}

export function encodeValue(f: FieldDef, value: unknown): string {
  switch (f.kind) {
    case 'number':
      if (value === 'auto') return 'auto';
      return f.si ? encodeSI(value as number) + (f.unit ?? '') : String(value);
    case 'int':
      return f.unit === 'B' ? formatBytes(value as number) : String(value);
    case 'enum':
      return String(value);
    case 'bool':
      return value ? '1' : '0';
    case 'list':
      return (value as string[]).join(',');
  }
}

const BYTES: Record<string, number> = {
  B: 1,
  '': 1,
  KiB: 1024,
  KB: 1024,
  MiB: 1024 ** 2,
  MB: 1024 ** 2,
  GiB: 1024 ** 3,
  GB: 1024 ** 3,
};

/** Decode a URL string into the field's typed value; throws FieldError naming field, value, range. */
export function decodeValue(f: FieldDef, raw: string): unknown {
  let value: unknown;
  switch (f.kind) {
    case 'number':
      // The unit is optional and may carry an SI prefix: the accepted range is written this way
      // ("[100mV, 1.5V]", "[1 K, 600 K]"), so whatever a message writes is itself accepted.
      value = f.auto && raw.trim() === 'auto' ? 'auto' : decodeSI(raw, f.unit ?? '');
      break;
    case 'int':
      if (f.unit === 'B') {
        const m = /^(\d+)\s*([KMG]i?B|B)?$/.exec(raw.trim());
        value = m ? Number(m[1]) * (BYTES[m[2] ?? ''] ?? NaN) : NaN;
      } else {
        // "22", "22nm", "22 nm"; "512bit" (the unit as the accepted range writes it).
        let t = raw.trim();
        if (f.unit && t.endsWith(f.unit)) t = t.slice(0, -f.unit.length).trimEnd();
        value = /^-?\d+$/.test(t) ? Number(t) : NaN;
      }
      break;
    case 'enum':
      value = raw;
      break;
    case 'bool':
      value = raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : raw;
      break;
    case 'list':
      value = raw === '' ? [] : raw.split(',');
      break;
  }
  if (typeof value === 'number' && Number.isNaN(value)) throw new FieldError(f.path, raw, acceptedText(f));
  try {
    return validateField(f, value);
  } catch {
    throw new FieldError(f.path, raw, acceptedText(f));
  }
}

export function encodeConfig(c: ExplorerConfig): string {
  const parts = [`v=${SCHEMA_VERSION}`];
  for (const f of FIELDS)
    parts.push(`${f.key}=${encodeURIComponent(encodeValue(f, getPath(c, f.path))).replace(/%2C/g, ',')}`);
  return parts.join('&');
}

/** One migration per older version: rewrites its parameters into the next version's. */
export const MIGRATIONS: Record<number, (p: Map<string, string>) => Map<string, string>> = {
  /**
   * v1 (first draft): the pulse was a bare number of nanoseconds (`t=5`) and one key `mem=sram|mram`
   * placed every tensor class. v2: `pulse` with a unit, and one placement key per class.
   */
  1: (p) => {
    const out = new Map(p);
    const t = out.get('t');
    if (t !== undefined) {
      out.delete('t');
      out.set('pulse', /^[\d.eE+-]+$/.test(t) ? `${t}ns` : t);
    }
    const mem = out.get('mem');
    if (mem !== undefined) {
      out.delete('mem');
      for (const k of ['pw', 'pa', 'pe', 'pg']) if (!out.has(k)) out.set(k, mem);
    }
    return out;
  },
  /**
   * v2: the access transistor was the device field's 1.5 kOhm unless `rAcc=array`, and the MRAM cell NVSim's
   * sample (8 F transistor, 54 F^2). v3: the array's transistor by default (`rAcc=array`), its width a field
   * (`accW`, default auto = sized for the nominal write). A v2 link keeps its numbers: the v2 default
   * (`rAcc=device`) and the 8 F cell, unless it names them.
   */
  2: (p) => {
    const out = new Map(p);
    for (const [path, value] of Object.entries(V2_MEANING)) {
      const f = FIELD_BY_PATH.get(path)!;
      if (!out.has(f.key)) out.set(f.key, encodeValue(f, value));
    }
    return out;
  },
};

export interface DecodeResult {
  config: ExplorerConfig;
  issues: ConfigIssue[];
  /** Schema version the URL was written in (after migration the config is current). */
  fromVersion: number;
}

/** Decode a query string (with or without the leading ? or #). Never throws. */
export function decodeConfig(query: string): DecodeResult {
  const issues: ConfigIssue[] = [];
  let config = defaultConfig();
  const q = query.replace(/^[?#]/, '');
  let params = new Map<string, string>();
  for (const part of q.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq >= 0 ? part.slice(0, eq) : part);
    const value = safeDecode(eq >= 0 ? part.slice(eq + 1) : '');
    if (params.has(key)) {
      // A repeated key is ambiguous: the first value is kept and the repeat reported.
      issues.push(
        issue(
          key,
          value,
          'each key once',
          `repeated key (the first value, ${JSON.stringify(params.get(key)!.slice(0, 80))}, is kept)`,
        ),
      );
      continue;
    }
    params.set(key, value);
  }
  let version = SCHEMA_VERSION as number;
  const vRaw = params.get('v');
  params.delete('v');
  if (vRaw !== undefined) {
    const n = Number(vRaw);
    if (!Number.isInteger(n) || n < 1 || n > SCHEMA_VERSION) {
      issues.push(
        issue('v', vRaw, `an integer in [1, ${SCHEMA_VERSION}]`, 'unknown schema version; read as the current one'),
      );
    } else version = n;
  }
  const fromVersion = version;
  while (version < SCHEMA_VERSION) {
    const m = MIGRATIONS[version];
    if (m) params = m(params);
    version++;
  }
  for (const [key, raw] of params) {
    const f = FIELD_BY_KEY.get(key);
    if (!f) {
      issues.push(issue(key, raw, `one of the keys ${FIELDS.map((x) => x.key).join(', ')}`, 'unknown key'));
      continue;
    }
    if (raw.length > MAX_URL_VALUE_CHARS) {
      issues.push(issue(f.path, raw, acceptedText(f), `longer than ${MAX_URL_VALUE_CHARS} characters`));
      continue;
    }
    try {
      config = setPath(config, f.path, decodeValue(f, raw));
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      issues.push({ field: f.path, value: raw, accepted: e.accepted, message: e.message });
    }
  }
  return { config, issues, fromVersion };
}

function issue(field: string, value: unknown, accepted: string, detail: string): ConfigIssue {
  return { field, value, accepted, message: new FieldError(field, value, accepted, detail).message };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
