/**
 * Every reproducing input of the hardening issue, through the real CLI runner (in-process): a named
 * error (the flag as the user wrote it, the value, the range) or a finite result; never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './cli-io.ts';
import { stringifyFinite, NonFiniteOutputError } from '../../src/cli/json.ts';
import { attributeToFlag, parseArgs, resetFlagContext } from '../../src/cli/flags.ts';
import { FieldError } from '../../src/models/errors.ts';
import { estimateMcSeconds, estimateTrainSeconds, longWorkWarning } from '../../src/schema/limits.ts';

async function expectFlagError(argv: string[], flag: string, range?: RegExp) {
  const r = await cli(argv);
  expect(r.code, `${argv.join(' ')} -> ${r.err}`).toBe(2);
  expect(r.err.startsWith(`error: ${flag}: `), r.err).toBe(true);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  if (range) expect(r.err).toMatch(range);
  expect(r.out).toBe('');
}

describe('errors name the flag as the user wrote it', () => {
  it('model-level errors are reported under the flag (issue item 6)', async () => {
    // The write voltages are the schema's, at most 1.5 V: with no access transistor (0 ohm) the MTJ sees the
    // whole 1.4 V, past a 1 V MgO breakdown set through the link (d.breakdown-voltage).
    await expectFlagError(
      ['system', '--url', 'v=2&d.breakdown-voltage=1', '--nominal-v', '1.4V', '--access-resistance', '0', '--json'],
      '--nominal-v',
      /breakdown/,
    );
    await expectFlagError(['train', '--lr', '0'], '--lr', /\(0, 10\]/);
    await expectFlagError(['device', 'mc', '--dt', '0'], '--dt');
    // the flag check uses the schema's range (the array model covers 22 to 45 nm)
    await expectFlagError(['system', '--node', '90'], '--node', /\[22 nm, 45 nm\]/);
  });
  it('attribution is generic: a flag added later is named without a table', () => {
    resetFlagContext();
    parseArgs({ 'new-flag': { kind: 'number', help: '' }, other: { kind: 'number', help: '' } }, [
      '--new-flag',
      '7',
      '--other',
      '8',
    ]);
    const e = attributeToFlag(new FieldError('someModelField', 7, '[0, 1]'));
    expect(e.field).toBe('--new-flag');
    expect(e.message).toBe('--new-flag: 7 is not accepted (accepted: [0, 1])');
    resetFlagContext();
  });
  it('hex, binary and infinite numbers are refused (item 10)', async () => {
    await expectFlagError(['accelerator', '--rows', '0x10'], '--rows', /decimal integer/);
    await expectFlagError(['system', '--dram-bw', '0b101'], '--dram-bw');
    await expectFlagError(['device', '--delta', 'Infinity'], '--delta');
  });
});

describe('no NaN, Infinity or null out (item 7)', () => {
  it('degenerate device inputs are named errors', async () => {
    // the schema's write-voltage range, [0.1 V, 1.5 V]
    await expectFlagError(['device', '--nominal-voltage', '0', '--json'], '--nominal-voltage', /\[100mV, 1\.5V\]/);
    await expectFlagError(['device', '--damping', '1e-300', '--json'], '--damping');
    await expectFlagError(['device', '--diameter', '1e-160', '--json'], '--diameter');
    await expectFlagError(['device', '--ms', '1e-300', '--json'], '--ms');
    // a negative voltage is not silently read as +1 V; zero is no write (no "100 %" saving)
    await expectFlagError(['device', '--voltage', '-1V'], '--voltage', /\[100mV, 1\.5V\]/);
    await expectFlagError(['device', '--voltage', '0'], '--voltage');
  });
  it('the JSON guard refuses a non-finite number and names where it is', () => {
    expect(() => stringifyFinite({ a: { b: [1, NaN] } })).toThrow(NonFiniteOutputError);
    expect(() => stringifyFinite({ a: { b: [1, NaN] } })).toThrow('a.b[1]');
    expect(() => stringifyFinite({ x: Infinity })).toThrow('x');
    expect(stringifyFinite({ x: 1, y: null })).toBe('{"x":1,"y":null}');
    // explicitly allowed keys (a diverged run's loss) are written as null on purpose
    expect(stringifyFinite({ loss: NaN }, undefined, (k) => k === 'loss')).toBe('{"loss":null}');
  });
  it('a non-finite result from an extreme but accepted input is refused, naming the inputs', async () => {
    const r = await cli(['device', '--hk', '1000', '--json']);
    // Hk = 1 kA/m gives Delta << 1: either a finite answer or the guard's message, never null
    if (r.code === 0) expect(r.out).not.toMatch(/null|NaN|Infinity/);
    else expect(r.err).toMatch(/non-finite .* \(given: --hk 1000 --json\)/);
  });
});

describe('bounded work (items 1 and 8)', () => {
  it('device sweep: the grid is limited before any work, with a named error', async () => {
    const t0 = performance.now();
    const r = await cli(['device', 'sweep', '--voltages', '0.5:1.2:10000', '--pulses', '1ns:50ns:10000']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --voltages x --pulses: "10000 x 10000 = 100000000 points".*at most 100000 points/);
    expect(performance.now() - t0).toBeLessThan(5000); // 10^8 evaluations would take minutes
  });
  it('device sweep CSV streams out in blocks (memory bounded by the block, not the grid)', async () => {
    const r = await cli(['device', 'sweep', '--voltages', '0.5:1.0:30', '--pulses', '1ns:50ns:100']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.length).toBe(1 + 3000);
    expect(new Set(lines).size).toBe(lines.length);
  });
  it('training: epochs x samples is limited (1000 epochs of MNIST would take hours)', async () => {
    const r = await cli(['train', '--model', 'cnn', '--dataset', 'mnist', '--epochs', '1000']);
    expect(r.code).toBe(2);
    // the shipped MNIST slice has 10,000 training images: 1000 x 10,000 = 1e7 > 6e6
    expect(r.err).toMatch(/^error: --epochs: 1000 is not accepted .*1000 x 10000 = 10000000/);
  });
  it('Monte Carlo: a million trajectories at the default point exceed the step budget', async () => {
    await expectFlagError(['device', 'mc', '--trajectories', '1000000', '--json'], '--trajectories', /2e\+9/);
  });
  it('work estimated over a minute is announced; shorter work is not', () => {
    // 2e9 trajectory-steps at the stated 5e6 steps/s = 400 s = ~7 min
    expect(longWorkWarning('this Monte Carlo run', estimateMcSeconds(2e9))).toMatch(/about 7 min.*cancelled/);
    expect(longWorkWarning('this Monte Carlo run', estimateMcSeconds(1e8))).toBeUndefined(); // 20 s
    // 100 epochs x 10,000 MNIST images on the CNN at 1,000 samples/s = 1000 s
    expect(longWorkWarning('training', estimateTrainSeconds('cnn', 100 * 10_000))).toMatch(/about 17 min/);
  });
  it('sweep --out to an unwritable path fails before any point runs', async () => {
    const r = await cli(['sweep', '--config', 'test/fixtures/sweep-small.json', '--out', '/nonexistent/x.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --out: "\/nonexistent\/x.csv"/);
    expect(r.err).not.toMatch(/point 1\//); // no point was evaluated
  });
  it('an accuracy sweep of 10,000 points is refused (each point is a training run)', async () => {
    const spec = JSON.stringify({
      voltageV: Array.from({ length: 100 }, (_, i) => 0.5 + i * 0.005),
      pulseWidthS: Array.from({ length: 100 }, (_, i) => `${i + 1}ns`),
      accuracy: true,
    });
    const r = await cli(['sweep', '--config', 'big.json'], { 'big.json': spec });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/big\.json: \(points\): 10000 is not accepted .*at most 500 points when "accuracy"/);
  });
});

describe('deeply nested and huge input (items 3 and 11)', () => {
  it('sweep --config with 10,000 levels of nesting: a named error, no RangeError or stack trace', async () => {
    const deep = '{"base":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
    const r = await cli(['sweep', '--config', 'deep.json'], { 'deep.json': deep });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --config deep\.json: .*too deeply nested/);
    expect(r.err).not.toMatch(/RangeError|\n\s+at /);
  });
  it('a 50 MB bad value gives a short message, fast', async () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const t0 = performance.now();
    const r = await cli(['accelerator', '--rows', huge]);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(2);
    expect(r.err.length).toBeLessThan(300);
    expect(r.err).toContain(`… (${huge.length} chars)`);
  });
});
