/**
 * Flag parsing for the CLI. Every bad flag becomes a FieldError naming the flag, the value and the
 * accepted range; main.ts prints it on stderr and exits non-zero.
 */
import { FieldError } from '../models/errors.ts';
import { PREFIX } from '../models/units.ts';
import { FIELD_BY_PATH, acceptedText, validateField } from '../schema/schema.ts';

/**
 * What a flag of a configuration value carries (src/cli/schema-flags.ts): the schema path(s) it sets.
 * Such a flag takes its range, default, choices and unit from the schema table (FIELDS), never its own.
 */
export interface FieldLink {
  /** The configuration path(s) the flag sets (several: e.g. --memory sets every class's placement). */
  field?: string | readonly string[];
  /** Older CLI spellings of schema values, accepted and translated (e.g. mram-nominal -> mram). */
  aliases?: Readonly<Record<string, string>>;
  /** CLI-only values beyond the schema's (e.g. --precision int8), handled by the command. */
  extraChoices?: readonly string[];
}

export type FlagSpec = FieldLink &
  (
    | { kind: 'boolean'; help: string }
    | { kind: 'string'; help: string; default?: string }
    | { kind: 'enum'; help: string; choices: readonly string[]; default?: string }
    | { kind: 'int'; help: string; min?: number; max?: number; default?: number }
    | {
        kind: 'number';
        help: string;
        min?: number;
        max?: number;
        default?: number | 'auto';
        minExclusive?: boolean;
        /** The word 'auto' is accepted besides a number. */
        auto?: boolean;
      }
    /** A physical quantity in SI, written as "5ns", "0.8V", "5e-9" (plain numbers are SI). */
    | {
        kind: 'quantity';
        help: string;
        unit: string;
        min?: number;
        max?: number;
        default?: number;
        /** The lower bound itself is not accepted. */
        minExclusive?: boolean;
      }
    /** A byte count, written as "4MiB", "256KiB", "1GiB", "65536" (KB/MB/GB are read as binary). */
    | { kind: 'bytes'; help: string; min?: number; max?: number; default?: number }
  );

export type FlagSpecs = Record<string, FlagSpec>;
export type FlagValues = Record<string, string | number | boolean | undefined>;

export interface ParsedArgs {
  flags: FlagValues;
  positionals: string[];
  /** Flags the user gave explicitly (as opposed to defaults). */
  given: Set<string>;
}

/** The common flags every command accepts. */
export const COMMON_FLAGS: FlagSpecs = {
  help: { kind: 'boolean', help: 'print this help and exit' },
  json: { kind: 'boolean', help: 'print one JSON document on stdout and nothing else' },
};

/**
 * What the current command parsed, so an error raised later by a model under its own field name
 * (voltageV, learningRate) can be reported under the flag the user wrote (see attributeToFlag).
 * Reset by the CLI runner before each command.
 */
const parsedThisRun: { specs: FlagSpecs; args: ParsedArgs; raw: Record<string, string> }[] = [];

export function resetFlagContext(): void {
  parsedThisRun.length = 0;
}

export function parseArgs(specs: FlagSpecs, argv: readonly string[]): ParsedArgs {
  const all: FlagSpecs = { ...COMMON_FLAGS, ...specs };
  const rawValues: Record<string, string> = {};
  const result: ParsedArgs = { flags: {}, positionals: [], given: new Set() };
  parsedThisRun.push({ specs: all, args: result, raw: rawValues });
  const flags = result.flags;
  const given = result.given;
  const positionals = result.positionals;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        throw new FieldError(arg, arg, `flags of the form --name (see --help)`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = all[name];
    if (!spec) {
      throw new FieldError(
        `--${name}`,
        arg,
        `one of ${Object.keys(all)
          .map((k) => '--' + k)
          .join(', ')}`,
        'unknown flag',
      );
    }
    if (spec.kind === 'boolean') {
      if (eq >= 0) {
        const v = arg.slice(eq + 1);
        if (v !== 'true' && v !== 'false') throw new FieldError(`--${name}`, v, 'true or false');
        flags[name] = v === 'true';
      } else flags[name] = true;
      given.add(name);
      continue;
    }
    let raw: string | undefined;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      raw = argv[i + 1];
      i++;
    }
    if (raw === undefined) throw new FieldError(`--${name}`, '', 'a value after the flag', 'missing value');
    rawValues[name] = raw;
    if (spec.field !== undefined && spec.kind !== 'string') {
      // The format by the flag's parser, the range by the schema (its message names the schema's range).
      const { min: _min, max: _max, ...formatOnly } = spec as FlagSpec & { min?: number; max?: number };
      flags[name] = withSchemaRange(`--${name}`, spec, raw, () =>
        parseFlagValue(`--${name}`, formatOnly as FlagSpec, raw),
      );
      checkAgainstSchema(`--${name}`, spec, flags[name]!, raw);
    } else flags[name] = parseFlagValue(`--${name}`, spec, raw);
    given.add(name);
  }
  for (const [name, spec] of Object.entries(all)) {
    if (!(name in flags) && 'default' in spec && spec.default !== undefined) flags[name] = spec.default;
  }
  return result;
}

/** Decimal numbers only: "0x10", "0b1", "Infinity" and "1_000" are refused (Number() would accept some). */
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export function parseFlagValue(field: string, spec: FlagSpec, raw: string): string | number | boolean {
  switch (spec.kind) {
    case 'boolean':
      return raw === 'true';
    case 'string':
      if (raw === '') throw new FieldError(field, raw, 'a non-empty string');
      return raw;
    case 'enum':
      if (!spec.choices.includes(raw)) throw new FieldError(field, raw, `one of ${spec.choices.join(', ')}`);
      return raw;
    case 'int': {
      const n = Number(raw);
      if (!DECIMAL.test(raw.trim()) || !Number.isSafeInteger(n))
        throw new FieldError(field, raw, `a decimal integer${rangeText(spec)}`);
      return inRange(field, n, spec, '');
    }
    case 'number': {
      if (spec.auto && raw.trim() === 'auto') return 'auto';
      const n = Number(raw);
      if (!DECIMAL.test(raw.trim()) || !Number.isFinite(n))
        throw new FieldError(field, raw, `${spec.auto ? 'auto or ' : ''}a decimal number${rangeText(spec)}`);
      return inRange(field, n, spec, '');
    }
    case 'quantity':
      return inRange(field, parseQuantity(field, raw, spec.unit), spec, spec.unit);
    case 'bytes':
      return inRange(field, parseBytes(field, raw), spec, 'B');
  }
}

type Range = { min?: number; max?: number; minExclusive?: boolean };

function rangeText(spec: Range, unit = ''): string {
  const u = unit ? ' ' + unit : '';
  const lo = spec.minExclusive ? '(' : '[';
  if (spec.min !== undefined && spec.max !== undefined) return ` in ${lo}${spec.min}, ${spec.max}]${u}`;
  if (spec.min !== undefined) return ` ${spec.minExclusive ? '>' : '>='} ${spec.min}${u}`;
  if (spec.max !== undefined) return ` <= ${spec.max}${u}`;
  return '';
}

function inRange(field: string, n: number, spec: Range, unit: string): number {
  const low = spec.min !== undefined && (spec.minExclusive ? n <= spec.min : n < spec.min);
  if (!Number.isFinite(n) || low || (spec.max !== undefined && n > spec.max)) {
    throw new FieldError(field, n, `a value${rangeText(spec, unit)}`.trim());
  }
  return n;
}

/**
 * Parse "5ns", "0.8V", "1.5e-9 s", "40nm" or a plain SI number into SI units.
 * The unit suffix must match `unit` (with an optional SI prefix).
 */
export function parseQuantity(field: string, raw: string, unit: string): number {
  const text = raw.trim();
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Zµ]*)$/.exec(text);
  if (!m) throw new FieldError(field, raw, `a number with an optional unit, e.g. 5n${unit} or 5e-9`);
  const value = Number(m[1]);
  if (!Number.isFinite(value)) throw new FieldError(field, raw, `a finite number with an optional unit`);
  const suffix = m[2] ?? '';
  if (suffix === '') return value;
  if (suffix === unit) return value;
  if (suffix.endsWith(unit)) {
    const prefix = suffix.slice(0, suffix.length - unit.length);
    const f = PREFIX[prefix];
    // Apply the prefix as a decimal exponent in the text, so "6ns" parses to exactly 6e-9 (as the URL
    // codec does), not 6 * 1e-9 = 6.000000000000001e-9.
    if (f !== undefined) {
      const [mant, e = '0'] = m[1]!.toLowerCase().split('e') as [string, string?];
      return Number(`${mant}e${Number(e) + Math.round(Math.log10(f))}`);
    }
  }
  throw new FieldError(
    field,
    raw,
    `a value in ${unit} (e.g. 5n${unit}, 1.2${unit}, or a plain SI number)`,
    `unknown unit "${suffix}"`,
  );
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  KiB: 1024,
  KB: 1024,
  kB: 1024,
  K: 1024,
  MiB: 1024 ** 2,
  MB: 1024 ** 2,
  M: 1024 ** 2,
  GiB: 1024 ** 3,
  GB: 1024 ** 3,
  G: 1024 ** 3,
};

/** Parse "4MiB", "256KiB", "65536" into bytes. KB/MB/GB mean KiB/MiB/GiB, as NVSim and SCALE-Sim use them. */
export function parseBytes(field: string, raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(raw.trim());
  const f = m ? BYTE_UNITS[m[2] ?? ''] : undefined;
  if (!m || f === undefined) throw new FieldError(field, raw, 'a size such as 4MiB, 256KiB, 1GiB or a byte count');
  const bytes = Number(m[1]) * f;
  if (!Number.isInteger(bytes)) throw new FieldError(field, raw, 'a whole number of bytes');
  return bytes;
}

export function formatHelp(name: string, summary: string, usage: string, specs: FlagSpecs): string {
  const all: FlagSpecs = { ...specs, ...COMMON_FLAGS };
  const lines = [`${name}: ${summary}`, '', `usage: ${usage}`, '', 'flags:'];
  const width = Math.max(...Object.keys(all).map((k) => k.length)) + 4;
  for (const [k, s] of Object.entries(all)) {
    const unitOf = s.kind === 'quantity' ? ` ${s.unit}` : '';
    const def = 'default' in s && s.default !== undefined ? ` (default ${s.default}${unitOf})` : '';
    const choices = s.kind === 'enum' ? ` [${s.choices.join('|')}]` : '';
    const unit = s.kind === 'quantity' ? ` [${s.unit}]` : s.kind === 'bytes' ? ' [bytes, e.g. 4MiB]' : '';
    const schema = s.field !== undefined ? ' {schema}' : '';
    lines.push(`  --${k.padEnd(width)}${s.help}${choices}${unit}${def}${schema}`);
  }
  if (Object.values(all).some((s) => s.field !== undefined))
    lines.push(
      '',
      "{schema}: a configuration value; its range, default and unit are the explorer schema's (src/schema/schema.ts).",
      'Precedence: schema defaults < --config (JSON) < --url < flags.',
    );
  return lines.join('\n');
}

/** Names the flag a model-level FieldError (field "voltageV", "learningRate") came from, if it can. */
export function attributeToFlag(e: FieldError): FieldError {
  if (e.field.startsWith('--') || parsedThisRun.length === 0) return e;
  // A file location ("f.csv:3:M", "sweep.json: base.seed") already names where the value was written.
  if (/[:/\\]/.test(e.field) || /\.(json|csv|cfg|cell)\b/.test(e.field)) return e;
  const candidates: { flag: string; score: number }[] = [];
  for (const { specs, args, raw } of parsedThisRun) {
    for (const name of args.given) {
      const spec = specs[name];
      if (!spec || spec.kind === 'boolean') continue;
      const v = args.flags[name];
      const same = v === e.value || raw[name] === e.value || (typeof e.value === 'number' && Number(v) === e.value);
      if (!same) continue;
      candidates.push({ flag: name, score: nameScore(name, e.field) });
    }
  }
  if (candidates.length === 0) return e;
  candidates.sort((a, b) => b.score - a.score);
  const out = new FieldError(`--${candidates[0]!.flag}`, e.value, e.accepted, e.detail);
  return out;
}

/** How well a flag name ("nominal-v") matches a model field ("nominalWrite.voltageV"): shared word stems. */
function nameScore(flag: string, field: string): number {
  const words = (t: string) =>
    t
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  const f = words(field);
  let score = 0;
  for (const w of words(flag)) if (f.some((x) => x.startsWith(w) || w.startsWith(x))) score++;
  return score;
}

/** The flags the current command was given, as the user wrote them ("--damping 1e-300"), for messages. */
export function givenFlagsText(): string {
  const parts: string[] = [];
  for (const { args, raw } of parsedThisRun)
    for (const name of args.given) parts.push(raw[name] !== undefined ? `--${name} ${raw[name]}` : `--${name}`);
  return parts.join(' ');
}

/** The schema value of a field-linked flag's parsed value (aliases translated); undefined for CLI-only extra choices. */
export function schemaValue(spec: FlagSpec, value: string | number | boolean): string | number | boolean | undefined {
  if (typeof value === 'string' && spec.extraChoices?.includes(value)) return undefined;
  if (typeof value === 'string' && spec.aliases && Object.hasOwn(spec.aliases, value)) return spec.aliases[value]!;
  return value;
}

/**
 * A field-linked numeric flag whose text is not even a number (of its unit): the error still names the schema's
 * accepted range, as one out of range does (enum flags keep their own list, which includes CLI-only values).
 */
function withSchemaRange<T>(flag: string, spec: FlagSpec, raw: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof FieldError) || !['number', 'int', 'quantity', 'bytes'].includes(spec.kind)) throw e;
    const f = FIELD_BY_PATH.get(typeof spec.field === 'string' ? spec.field : (spec.field?.[0] ?? ''));
    if (!f) throw e;
    // Plain numbers keep the parser's form ("a decimal integer") and gain the schema's range; a quantity or
    // byte count takes the schema's words (its parser's unit message stays in the detail).
    const schema = acceptedText(f);
    const range = schema.slice(Math.max(0, schema.search(/ in [[(]/)));
    const accepted = spec.kind === 'number' || spec.kind === 'int' ? `${e.accepted}${range}` : schema;
    throw new FieldError(flag, raw, accepted, e.detail);
  }
}

/** A field-linked flag's value checked against the schema's range (the error names the flag and the range). */
function checkAgainstSchema(flag: string, spec: FlagSpec, value: string | number | boolean, raw: string): void {
  const v = schemaValue(spec, value);
  if (v === undefined || spec.kind === 'string') return; // extra CLI value, or parsed by the command
  for (const path of typeof spec.field === 'string' ? [spec.field] : spec.field!) {
    const f = FIELD_BY_PATH.get(path);
    if (!f) throw new Error(`flag ${flag}: no schema field ${path}`);
    try {
      validateField(f, v);
    } catch {
      throw new FieldError(flag, raw, acceptedText(f));
    }
  }
}
