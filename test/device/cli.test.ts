/** `device` CLI: JSON contract keys, sweep grid, mc keys, and named-field errors for bad flags. */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { deviceCommand } from '../../src/cli/commands/device.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { FieldError } from '../../src/models/errors.ts';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: () => '',
    writeFile: () => undefined,
  };
  return { io, out, err };
}

async function runJson(argv: string[]): Promise<Record<string, unknown>> {
  const f = fakeIo();
  const code = await deviceCommand.run(argv, f.io);
  expect(code).toBe(0);
  expect(f.out.length).toBe(1);
  return JSON.parse(f.out[0]!) as Record<string, unknown>;
}

const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((a, k) => (a as Record<string, unknown> | undefined)?.[k], o);

describe('device --json', () => {
  it('has every contract key, with units parsed from the flags', async () => {
    const j = await runJson(['--voltage', '0.8V', '--pulse', '5ns', '--access-resistance', '1500', '--json']);
    for (const k of [
      'voltageV',
      'pulseWidthS',
      'wer.pToAp',
      'wer.apToP',
      'writeEnergyJ.pToAp',
      'writeEnergyJ.apToP',
      'writeCurrentA.pToAp',
      'writeCurrentA.apToP',
      'criticalCurrentA.pToAp',
      'criticalCurrentA.apToP',
      'thermalStability',
      'readDisturbProbability',
      'retentionFailureProbability',
    ]) {
      expect(typeof get(j, k), k).toBe('number');
    }
    expect(j.voltageV).toBe(0.8);
    expect(j.pulseWidthS).toBeCloseTo(5e-9, 20);
    // P->AP current by hand: 0.8 / (3978.87 + 1500) = 146.015 uA
    expect(get(j, 'writeCurrentA.pToAp') as number).toBeCloseTo(146.015e-6, 9);
  });
  it("--access-width sets the array's transistor the device sees (the default resistance source)", async () => {
    const j = await runJson(['--voltage', '0.8V', '--pulse', '5ns', '--access-width', '8', '--json']);
    // R_on of the 8 F LOP transistor at 22 nm, 300 K: k Vdd / (Ion W) = 1.73 x 0.5 / (716.1 A/m x 8 x 22e-9 m)
    // = 6863.25 ohm (test/system/acceptance.test.ts); P->AP current 0.8 / (3978.874 + 6863.249) = 73.7863 uA.
    expect(get(j, 'writeCurrentA.pToAp') as number).toBeCloseTo(73.7863e-6, 10);
    // A resistance flag wins over the array's transistor.
    const k = await runJson([
      '--voltage',
      '0.8V',
      '--pulse',
      '5ns',
      '--access-width',
      '8',
      '--access-resistance',
      '1500',
      '--json',
    ]);
    expect(get(k, 'writeCurrentA.pToAp') as number).toBeCloseTo(146.015e-6, 9);
  });
  it('parameter overrides by kebab-case flag with units', async () => {
    const j = await runJson(['--diameter', '30nm', '--delta', '45', '--json']);
    // Ic0 scales with Delta only: 75.51 uA * 45/60 = 56.63 uA
    expect(get(j, 'criticalCurrentA.pToAp') as number).toBeCloseTo(56.63e-6, 8);
    // R_P = RA / area = 5e-12 / (pi (15e-9)^2) = 7073.55 ohm
    expect(get(j, 'resistanceOhm.p') as number).toBeCloseTo(7073.55, 1);
  });
  it('--target-wer reports the inverse problems', async () => {
    const j = await runJson(['--target-wer', '1e-9', '--json']);
    expect(get(j, 'minPulseForTarget.ok')).toBe(true);
    expect(typeof get(j, 'minVoltageForTarget.ok')).toBe('boolean');
  });
});

describe('device sweep', () => {
  it('csv grid of voltages x pulses', async () => {
    const f = fakeIo();
    await deviceCommand.run(['sweep', '--voltages', '0.6:1.0:3', '--pulses', '1ns:100ns:5'], f.io);
    const lines = f.out[0]!.trim().split('\n');
    expect(lines[0]).toBe(
      'voltage_V,pulse_s,wer_p_to_ap,wer_ap_to_p,energy_p_to_ap_J,energy_ap_to_p_J,energy_average_J',
    );
    expect(lines.length).toBe(1 + 15);
    // log spacing 1 ns .. 100 ns in 5 points: 1, 3.162, 10, 31.62, 100 ns
    expect(Number(lines[2]!.split(',')[1])).toBeCloseTo(3.1623e-9, 12);
    expect(Number(lines[6]!.split(',')[0])).toBeCloseTo(0.8, 12);
  });
  it('json with a comma list', async () => {
    const j = await runJson(['sweep', '--voltages', '0.7V,0.9V', '--pulses', '5ns', '--json']);
    expect((j.rows as unknown[]).length).toBe(2);
  });
});

describe('device mc', () => {
  it('json keys: MC wer, werCi95 [low, high], closedForm.wer', async () => {
    const j = await runJson([
      'mc',
      '--voltage',
      '1V',
      '--pulse',
      '1ns',
      '--trajectories',
      '60',
      '--seed',
      '3',
      '--json',
    ]);
    for (const k of [
      'wer.pToAp',
      'wer.apToP',
      'closedForm.wer.pToAp',
      'closedForm.wer.apToP',
      'voltageV',
      'pulseWidthS',
    ]) {
      expect(typeof get(j, k), k).toBe('number');
    }
    for (const d of ['pToAp', 'apToP']) {
      const ci = get(j, `werCi95.${d}`) as number[];
      expect(ci.length).toBe(2);
      expect(ci[0]!).toBeLessThanOrEqual(get(j, `wer.${d}`) as number);
      expect(ci[1]!).toBeGreaterThanOrEqual(get(j, `wer.${d}`) as number);
    }
  });
});

describe('bad flags: named-field errors, nothing crashes', () => {
  const field = async (argv: string[]) => {
    try {
      await deviceCommand.run(argv, fakeIo().io);
    } catch (e) {
      expect(e).toBeInstanceOf(FieldError);
      return (e as FieldError).field;
    }
    return 'no error';
  };
  it('names the flag', async () => {
    expect(await field(['--pulse', '0'])).toBe('--pulse');
    expect(await field(['--pulse', '-5ns'])).toBe('--pulse');
    expect(await field(['--pulse', 'five'])).toBe('--pulse');
    expect(await field(['--voltage', '3V'])).toBe('--voltage');
    expect(await field(['--voltage', 'abc'])).toBe('--voltage');
    expect(await field(['--free-layer-thickness', '0'])).toBe('--free-layer-thickness');
    expect(await field(['--free-layer-thickness', '-1nm'])).toBe('--free-layer-thickness');
    expect(await field(['sweep', '--pulses', '1ns:x:3'])).toBe('--pulses');
    expect(await field(['mc', '--trajectories', '1.5'])).toBe('--trajectories');
    expect(await field(['--bogus', '1'])).toBe('--bogus');
  });
  it('the real CLI exits 2 with the message on stderr, and --json prints one document', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'device', '--voltage', '9V'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--voltage/);
    expect(r.stdout).toBe('');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'device', '--json'], {
      encoding: 'utf8',
    });
    expect(() => JSON.parse(out)).not.toThrow();
  });
});
