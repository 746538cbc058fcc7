import { describe, expect, it } from 'vitest';
import { parseArgs, parseBytes, parseQuantity } from '../../src/cli/flags.ts';
import { FieldError } from '../../src/models/errors.ts';

describe('CLI flag parsing', () => {
  it('reads SI prefixes exactly, as the URL codec does (6 x 1e-9 would be 6.000000000000001e-9)', () => {
    expect(parseQuantity('--pulse', '6ns', 's')).toBe(6e-9);
    expect(parseQuantity('--pulse', '1.5e-3ms', 's')).toBe(1.5e-6);
    expect(parseQuantity('--diameter', '40nm', 'm')).toBe(4e-8);
    expect(parseQuantity('--voltage', '0.8V', 'V')).toBe(0.8);
    expect(parseQuantity('--voltage', '0.8', 'V')).toBe(0.8);
  });
  it('names the flag, the value and the accepted form of bad input', () => {
    expect(() => parseQuantity('--pulse', '5xs', 's')).toThrow('--pulse: "5xs" is not accepted');
    expect(() => parseBytes('--capacity', '4 parsecs')).toThrow(FieldError);
    expect(parseBytes('--capacity', '4MiB')).toBe(4 * 1024 * 1024);
    expect(() => parseArgs({}, ['--nope'])).toThrow('--nope');
    expect(() => parseArgs({ n: { kind: 'int', help: '', min: 1 } }, ['--n', '0'])).toThrow('--n: 0 is not accepted');
  });
});
