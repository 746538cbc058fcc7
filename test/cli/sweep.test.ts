import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { CliIO } from '../../src/cli/command.ts';
import { sweepCommand } from '../../src/cli/commands/sweep.ts';
import { FieldError } from '../../src/models/errors.ts';

const fixture = new URL('../fixtures/sweep-small.json', import.meta.url).pathname;

function io(): CliIO & { stdout: string[]; stderr: string[]; files: Map<string, string> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const files = new Map<string, string>();
  return {
    stdout,
    stderr,
    files,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readFile: (_f, p) => readFileSync(p, 'utf8'),
    writeFile: (_f, p, c) => files.set(p, c),
  };
}

describe('sweep CLI', () => {
  it('shard CSVs concatenate to the unsharded result', async () => {
    const whole = io();
    expect(await sweepCommand.run(['--config', fixture, '--out', 'all.csv'], whole)).toBe(0);
    const all = whole.files.get('all.csv')!;
    // 3 voltages x 2 pulses x 2 placements = 12 points + header
    expect(all.trim().split('\n')).toHaveLength(13);
    let cat = '';
    for (let i = 0; i < 5; i++) {
      const s = io();
      expect(await sweepCommand.run(['--config', fixture, '--out', 'part.csv', '--shard', `${i}/5`], s)).toBe(0);
      cat += s.files.get('part.csv')!;
    }
    expect(cat).toBe(all);
  });

  it('--json prints one JSON document with the shard bounds', async () => {
    const s = io();
    await sweepCommand.run(['--config', fixture, '--shard', '1/3', '--json'], s);
    expect(s.stdout).toHaveLength(1);
    const doc = JSON.parse(s.stdout[0]!);
    expect(doc.points).toBe(12);
    expect(doc.shard).toEqual({ index: 1, count: 3, first: 4, end: 8 });
    expect(doc.results).toHaveLength(4);
    // point 4 = first placement, third voltage (0.6,0.6,0.7,0.7,0.8,...), first pulse
    expect(doc.results[0]['device.voltageV']).toBe(0.8);
    expect(doc.results[0]['device.pulseWidthS']).toBe(3e-9);
    expect(doc.results[0].ok).toBe(true);
  });

  it('rejects a bad shard and a bad file with named errors', async () => {
    await expect(sweepCommand.run(['--config', fixture, '--shard', '3/3'], io())).rejects.toThrow(FieldError);
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ voltageV: [0.7, 'x'] }));
    await expect(sweepCommand.run(['--config', bad], io())).rejects.toThrow(`${bad}: voltageV[1]`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sweep', '--config', fixture, '--shard', 'x'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--shard: "x" is not accepted');
  });

  it('trains each point when asked for accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const cfg = join(dir, 'acc.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        base: { seed: 2, training: { epochs: 1 } },
        voltageV: [0.8],
        pulseWidthS: ['10ns'],
        placements: [{ weights: 'sram', activations: 'sram', errors: 'sram', weightGradients: 'sram' }],
        accuracy: true,
      }),
    );
    const s = io();
    await sweepCommand.run(['--config', cfg, '--json'], s);
    const row = JSON.parse(s.stdout[0]!).results[0];
    // a clean digits MLP trains well above chance (10 %) after one epoch
    expect(row.testAccuracy).toBeGreaterThan(0.5);
    expect(row.corruptedBits).toBe(0);
    expect(row.backend).toBe('wasm');
  });
});
