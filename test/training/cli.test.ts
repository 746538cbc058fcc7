/** The `train` CLI command, spawned as users run it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultDeviceParams, evaluateWrite } from '../../src/models/device/index.ts';
import { trainCommand } from '../../src/cli/commands/train.ts';
import { trainRequestFor } from '../../src/training/from-config.ts';
import { decodeConfig } from '../../src/schema/url.ts';
import { accessTransistorOhm } from '../../src/models/array/index.ts';

/** The default MTJ behind the array's 8 F access transistor at 22 nm LOP, 300 K (--access-width 8). */
const ACCESS_8F_DEVICE = { ...defaultDeviceParams, accessResistanceOhm: accessTransistorOhm(22, 'lop', 300, 8) };

const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', ...args], {
    encoding: 'utf8',
    timeout: 90_000,
  });

/** The command run in this process (no spawn): its exit code and output; a FieldError rejects. */
async function inProcess(argv: string[]) {
  let out = '';
  let err = '';
  const code = await trainCommand.run(argv, {
    out: (t) => (out += t + '\n'),
    err: (t) => (err += t + '\n'),
    readFile: () => '',
    writeFile: () => undefined,
  });
  return { code, stdout: out, err };
}

describe('train CLI', () => {
  it('--json prints one JSON document with the required keys', () => {
    const r = run([
      '--epochs',
      '1',
      '--max-steps',
      '8',
      '--ber-weights',
      '1e-3',
      '--ber-activations',
      '1e-3',
      '--ber-gradients',
      '1e-2',
      '--protect',
      'sign,exponent',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(typeof out.testAccuracy).toBe('number');
    expect(out.backend).toBe('wasm');
    expect(typeof out.stepsPerSecond).toBe('number');
    const bits = out.corruptedBits as Record<string, number>;
    expect(Object.keys(bits).sort()).toEqual(['activations', 'errors', 'optimizer', 'weightGradients', 'weights']);
    expect(bits.errors).toBe(0); // --ber-errors not given: errors stay clean
    expect(bits.optimizer).toBe(0); // nor --ber-optimizer
    expect(bits.weights).toBeGreaterThan(0);
    expect(bits.weightGradients).toBeGreaterThan(0);
    expect(out.status).toBe('ok');
    expect(out.estimatedSeconds as number).toBeGreaterThan(0);
    expect(out.estimatedSeconds as number).toBeLessThan(60);
  });
  it('--voltage/--pulse take the rates from the device layer (P->AP for 0->1, AP->P for 1->0)', () => {
    const argv = ['--epochs', '1', '--max-steps', '2', '--voltage', '0.9V', '--pulse', '10ns', '--access-width', '8'];
    const r = run([...argv, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      device: { rate01: number; rate10: number };
      request: { classes: { weights: { rate01: number; rate10: number } } };
    };
    // the device behind the array's 8 F transistor at 22 nm LOP, 300 K (6863 ohm, test/system/acceptance.test.ts)
    const w = evaluateWrite(ACCESS_8F_DEVICE, 0.9, 10e-9).wer;
    expect(out.device.rate01).toBe(w.pToAp);
    expect(out.device.rate10).toBe(w.apToP);
    expect(out.request.classes.weights).toMatchObject({ rate01: w.pToAp, rate10: w.apToP });
  });
  it("--url: the rates of the link's placements and write points (the page's trainRequestFor)", () => {
    const link = 'v=2&pw=sram&pa=relaxed&pe=mram&pg=sram&V=0.6&pulse=3ns&rAcc=array&node=32';
    const r = run(['--url', link, '--max-steps', '1', '--max-train', '64', '--max-test', '64', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { request: { classes: Record<string, { rate01: number; rate10: number }> } };
    const want = trainRequestFor(decodeConfig(link).config).classes;
    // activations at the relaxed write, errors at the nominal one, weights in SRAM (rate 0)
    expect(out.request.classes.activations).toMatchObject({
      rate01: want.activations.rate01,
      rate10: want.activations.rate10,
    });
    expect(out.request.classes.errors).toMatchObject({ rate01: want.errors.rate01, rate10: want.errors.rate10 });
    expect(out.request.classes.weights).toMatchObject({ rate01: 0, rate10: 0 });
    expect(want.activations.rate01).toBeGreaterThan(want.errors.rate01);
  });
  it('bad flags exit 2 naming the field', () => {
    const a = run(['--ber-weights', '1.5']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--ber-weights');
    const b = run(['--epochs', '0']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--epochs');
    const c = run(['--model', 'vgg']);
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('--model');
  });
  it('bad flags of the added classes and of the study name the flag (in process)', async () => {
    await expect(inProcess(['--ber-optimizer', '-1'])).rejects.toMatchObject({ field: '--ber-optimizer' });
    await expect(inProcess(['--ber-gradients', '2'])).rejects.toMatchObject({ field: '--ber-gradients' });
    await expect(inProcess(['--voltage', '0.8V', '--pulse', '5ns', '--mram', 'weights,moments'])).rejects.toMatchObject(
      { field: '--mram', value: 'moments' },
    );
    await expect(inProcess(['study', '--seeds', '0'])).rejects.toMatchObject({ field: '--seeds' });
    await expect(inProcess(['study', '--models', 'mlp,vgg'])).rejects.toMatchObject({
      field: '--models',
      value: 'vgg',
    });
    await expect(inProcess(['study', '--classes', 'weights,moments'])).rejects.toMatchObject({ field: '--classes' });
    await expect(inProcess(['study', '--datasets', 'cifar'])).rejects.toMatchObject({ field: '--datasets' });
  });
});

describe('train study', () => {
  it('finds, per class, the lowest-energy write within tolerance; CSV columns; the saving', async () => {
    // A tiny grid: one model, one dataset, two points, 3 steps per run. With 3 steps the clean model is
    // near chance, so the claim's search runs end to end; the figures are in the README from a real run.
    const r = await inProcess([
      'study',
      '--models',
      'mlp',
      '--datasets',
      'digits',
      '--seeds',
      '1',
      '--classes',
      'weightGradients',
      '--voltages',
      '0.8V',
      '--pulses',
      '5ns,8ns',
      '--epochs',
      '1',
      '--max-steps',
      '3',
      '--access-width',
      '8',
    ]);
    expect(r.code, r.err).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    const cols = header!.split(',');
    for (const c of [
      'target',
      'voltageV',
      'pulseWidthS',
      'writeEnergySaving',
      'accuracyMin',
      'accuracyMax',
      'cleanMean',
    ])
      expect(cols).toContain(c);
    // rows: the class, the heterogeneous placement, all
    const targets = rows.map((l) => l.split(',')[cols.indexOf('target')]!);
    expect(targets).toHaveLength(3);
    expect(targets[0]).toBe('weightGradients');
    expect(targets[1]!.startsWith('heterogeneous:')).toBe(true);
    expect(targets[2]).toBe('all');
    const first = rows[0]!.split(',');
    const saving = Number(first[cols.indexOf('writeEnergySaving')]);
    // the saving is nominal / relaxed energy per bit: from the device layer at 0.9 V 10 ns and the point found
    const e = (v: number, t: number) => evaluateWrite(ACCESS_8F_DEVICE, v, t).writeEnergyJ.average;
    if (first[cols.indexOf('found')] === 'true') {
      const v = Number(first[cols.indexOf('voltageV')]);
      const t = Number(first[cols.indexOf('pulseWidthS')]);
      expect(saving).toBeCloseTo(e(0.9, 10e-9) / e(v, t), 9);
    } else expect(saving).toBe(1);
  });
});
