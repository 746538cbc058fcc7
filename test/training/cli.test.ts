/** The `train` CLI command, spawned as users run it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultDeviceParams, evaluateWrite } from '../../src/models/device/index.ts';

const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', ...args], {
    encoding: 'utf8',
    timeout: 90_000,
  });

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
    expect(Object.keys(bits).sort()).toEqual(['activations', 'errors', 'weights']);
    expect(bits.errors).toBe(0); // --ber-errors not given: errors stay clean
    expect(bits.weights).toBeGreaterThan(0);
  });
  it('--voltage/--pulse take the rates from the device layer (P->AP for 0->1, AP->P for 1->0)', () => {
    const r = run(['--epochs', '1', '--max-steps', '2', '--voltage', '0.9V', '--pulse', '10ns', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      device: { rate01: number; rate10: number };
      request: { classes: { weights: { rate01: number; rate10: number } } };
    };
    const w = evaluateWrite(defaultDeviceParams, 0.9, 10e-9).wer;
    expect(out.device.rate01).toBe(w.pToAp);
    expect(out.device.rate10).toBe(w.apToP);
    expect(out.request.classes.weights).toMatchObject({ rate01: w.pToAp, rate10: w.apToP });
  });
  it('bad flags exit 2 naming the field', () => {
    const a = run(['--ber-weights', '1.5']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--ber-weights');
    const b = run(['--epochs', '0']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--epochs');
    const c = run(['--model', 'resnet']);
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('--model');
  });
});
