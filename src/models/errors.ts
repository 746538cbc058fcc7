/**
 * Bad input (as opposed to an infeasible design point) is reported as a FieldError that names the
 * field, the offending value and the accepted range. Every entry point (URL, CLI, file, config JSON)
 * turns these into a message for the user; nothing else throws on bad input.
 */
export class FieldError extends Error {
  readonly field: string;
  readonly value: unknown;
  readonly accepted: string;
  readonly detail: string | undefined;
  constructor(field: string, value: unknown, accepted: string, detail?: string) {
    super(`${field}: ${formatValue(value)} is not accepted (accepted: ${accepted})${detail ? `: ${detail}` : ''}`);
    this.name = 'FieldError';
    this.field = field;
    this.value = value;
    this.accepted = accepted;
    this.detail = detail;
  }
}

/** Characters of a bad value quoted in a message (src/schema/limits.ts MAX_QUOTED_CHARS; models stay import-free). */
export const QUOTE_CHARS = 80;

/** A bad value as quoted in a message: at most QUOTE_CHARS characters, then "… (N chars)". */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'bigint') return v.toString();
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = Object.prototype.toString.call(v);
  }
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}… (${text.length} chars)` : text;
}

function quote(s: string): string {
  if (s.length <= QUOTE_CHARS) return JSON.stringify(s);
  return `${JSON.stringify(s.slice(0, QUOTE_CHARS))}… (${s.length} chars)`;
}

/** Range check helper: throws FieldError unless min <= value <= max and value is finite. */
export function checkRange(
  field: string,
  value: number,
  min: number,
  max: number,
  unit = '',
  opts: { minExclusive?: boolean; maxExclusive?: boolean } = {},
): number {
  const lowOk = opts.minExclusive ? value > min : value >= min;
  const highOk = opts.maxExclusive ? value < max : value <= max;
  if (typeof value !== 'number' || !Number.isFinite(value) || !lowOk || !highOk) {
    const lo = opts.minExclusive ? '(' : '[';
    const hi = opts.maxExclusive ? ')' : ']';
    throw new FieldError(field, value, `${lo}${min}, ${max}${hi}${unit ? ' ' + unit : ''}`);
  }
  return value;
}
