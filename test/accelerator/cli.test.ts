/** CLI: `accelerator` and `system` through run() with a fake IO, plus one spawned process. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { acceleratorCommand } from '../../src/cli/commands/accelerator.ts';
import { systemCommand } from '../../src/cli/commands/system.ts';
import { FieldError } from '../../src/models/errors.ts';

function fakeIO(files: Record<string, string> = {}) {
  const out: string[] = [];
  const written: Record<string, string> = {};
  const io: CliIO = {
    out: (t) => out.push(t),
    err: () => {},
    readFile(field, path) {
      const f = files[path];
      if (f === undefined) throw new FieldError(field, path, 'a readable file');
      return f;
    },
    writeFile(_field, path, content) {
      written[path] = content;
    },
  };
  return { io, out, written };
}

const TOPO =
  'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nConv1,224,224,11,11,3,96,4,\n';

describe('accelerator command', () => {
  it('--json: layers with forward/backwardData/weightGradient and the required GEMM keys', async () => {
    const { io, out } = fakeIO({ 't.csv': TOPO });
    expect(
      await acceleratorCommand.run(
        ['--topology', 't.csv', '--rows', '32', '--cols', '32', '--dataflow', 'ws', '--json'],
        io,
      ),
    ).toBe(0);
    expect(out).toHaveLength(1);
    const doc = JSON.parse(out[0]!);
    const l = doc.layers[0];
    expect(Object.keys(l)).toEqual(expect.arrayContaining(['name', 'forward', 'backwardData', 'weightGradient']));
    for (const k of ['computeCycles', 'ifmapSramReads', 'filterSramReads', 'ofmapSramWrites', 'macs', 'accesses'])
      expect(l.forward).toHaveProperty(k);
    expect(Object.keys(l.forward.accesses).sort()).toEqual(['activations', 'errors', 'weightGradients', 'weights']);
    // batch 1 with a SCALE-Sim topology = SCALE-Sim's forward layer (recorded: 112283 cycles, ws)
    expect(l.forward.computeCycles).toBe(112283);
  });
  it('flags override the .cfg; the .cfg sets SRAM sizes per class', async () => {
    const cfg =
      '[architecture_presets]\nArrayHeight: 16\nArrayWidth: 16\nIfmapSramSzkB: 64\nFilterSramSzkB: 32\nOfmapSramSzkB: 16\nDataflow: is\n';
    const { io, out } = fakeIO({ 't.csv': TOPO, 's.cfg': cfg });
    await acceleratorCommand.run(['--topology', 't.csv', '--config', 's.cfg', '--cols', '8', '--json'], io);
    const doc = JSON.parse(out[0]!);
    expect(doc.array).toEqual({ rows: 16, cols: 8, dataflow: 'is' });
    expect(doc.capacityBytes).toEqual({ weights: 32768, activations: 65536, errors: 16384, weightGradients: 16384 });
  });
  it('exports SCALE-Sim topology and cfg', async () => {
    const { io, written } = fakeIO();
    await acceleratorCommand.run(['--net', 'lenet', '--export-topology', 'o.csv', '--export-cfg', 'o.cfg'], io);
    expect(written['o.csv']!.split('\n')[0]).toContain('IFMAP Height');
    expect(written['o.cfg']).toContain('ArrayHeight:    32');
  });
  it('bad flags and bad files throw FieldError naming them', async () => {
    const { io } = fakeIO({ 'bad.csv': TOPO.replace('11,11,3', '11,11,0') });
    await expect(acceleratorCommand.run(['--net', 'resnet18', '--dataflow', 'xs'], io)).rejects.toMatchObject({
      field: '--dataflow',
    });
    await expect(acceleratorCommand.run(['--topology', 'bad.csv'], io)).rejects.toMatchObject({
      field: 'bad.csv:2:Channels',
    });
    await expect(acceleratorCommand.run(['--rows', '0'], io)).rejects.toMatchObject({ field: '--rows' });
  });
});

describe('system command', () => {
  it('--json: energy breakdown and ratios', async () => {
    const { io, out } = fakeIO();
    expect(
      await systemCommand.run(['--net', 'mlp-mnist', '--capacity', '256KiB', '--activations', 'sram', '--json'], io),
    ).toBe(0);
    const doc = JSON.parse(out[0]!);
    for (const k of ['ratio', 'ratioIsoCapacity', 'ratioIsoArea', 'sram', 'isoCapacity', 'isoArea'])
      expect(doc).toHaveProperty(k);
    expect(Object.keys(doc.sram.breakdown)).toEqual(['compute', 'read', 'write', 'leakage', 'dram', 'accumulator']);
    expect(doc.isoCapacity.placement.activations).toBe('sram');
    expect(doc.isoCapacity.placement.weights).toBe('mram-nominal');
  });
  it('bad memory kind', async () => {
    const { io } = fakeIO();
    await expect(systemCommand.run(['--weights', 'dram'], io)).rejects.toMatchObject({ field: '--weights' });
  });
});

describe('spawned CLI', () => {
  it('accelerator --json prints exactly one JSON document; a bad flag exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acc-'));
    const f = join(dir, 'g.csv');
    writeFileSync(f, 'Layer, M, N, K,\nTest 1,128,64,256,\n');
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'accelerator', '--topology', f, '--json'],
      { encoding: 'utf8' },
    );
    const doc = JSON.parse(stdout);
    expect(doc.layers[0].forward.computeCycles).toBe(2543); // recorded SCALE-Sim os run
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'accelerator', '--batch', 'x'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--batch');
    expect(readFileSync(f, 'utf8')).toContain('Test 1');
  }, 30000);
});
