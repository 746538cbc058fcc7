/**
 * JSON.parse behind bounds: the text's size and its nesting depth are checked first, by one linear
 * scan, so a 10,000-level document gives a named error instead of a RangeError from the parser (or
 * from any recursive walk after it), and a huge file is refused before it is parsed.
 */
import { FieldError } from '../models/errors.ts';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from './limits.ts';

/** Deepest nesting of arrays and objects in a JSON text (strings skipped); stops counting past `stopAt`. */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** Parse JSON text from `field` (a flag, a file name): size, depth and syntax errors are FieldErrors. */
export function parseJsonBounded(
  text: string | null,
  field: string,
  limits: { maxBytes?: number; maxDepth?: number; sizeHint?: number } = {},
): unknown {
  const maxBytes = limits.maxBytes ?? MAX_JSON_BYTES;
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  // `text` null: the caller did not read a file whose size (sizeHint) is already too large.
  const size = text === null ? (limits.sizeHint ?? Infinity) : text.length;
  if (text === null || size > maxBytes)
    throw new FieldError(field, `${size} characters`, `a JSON text of at most ${maxBytes} characters`, 'too large');
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth)
    throw new FieldError(
      field,
      `more than ${maxDepth} levels of nesting`,
      `JSON nested at most ${maxDepth} levels deep`,
      'too deeply nested',
    );
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new FieldError(field, text, 'a JSON document', (e as Error).message.slice(0, 200));
  }
}
