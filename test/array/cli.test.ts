/** CLI: `array` through run() with a fake IO, plus one spawned process. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { arrayCommand } from '../../src/cli/commands/array.ts';
import { FieldError } from '../../src/models/errors.ts';

function fakeIO(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const io: CliIO = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile(field, path) {
      const f = files[path];
      if (f === undefined) throw new FieldError(field, path, 'a readable file');
      return f;
    },
    writeFile(_field, path, content) {
      written[path] = content;
    },
  };
  return { io, out, err, written };
}

const KEYS = [
  'areaMm2',
  'readLatencyS',
  'writeLatencyS',
  'readEnergyJ',
  'writeEnergyJ',
  'leakageW',
  'capacityBytes',
  'organization',
];

async function fieldOfRun(argv: string[]): Promise<string> {
  try {
    await arrayCommand.run(argv, fakeIO().io);
  } catch (e) {
    if (e instanceof FieldError) return e.field;
    throw e;
  }
  throw new Error('no FieldError');
}

describe('array command', () => {
  it('--json prints one document with the required keys', async () => {
    const { io, out } = fakeIO();
    const rc = await arrayCommand.run(
      ['--tech', 'sram', '--capacity', '4MiB', '--node', '22', '--roadmap', 'hp', '--json'],
      io,
    );
    expect(rc).toBe(0);
    expect(out).toHaveLength(1);
    const j = JSON.parse(out[0]!) as Record<string, unknown>;
    for (const k of KEYS) expect(j).toHaveProperty(k);
    expect(j.capacityBytes).toBe(4 * 1024 * 1024);
    expect(j.tech).toBe('sram');
  });

  it('--cell imports an NVSim cell and uses its fixed write', async () => {
    const cellText = readFileSync(new URL('../../src/reference/nvsim/sample_STTRAM.cell', import.meta.url), 'utf8');
    const { io, out } = fakeIO({ 's.cell': cellText });
    expect(await arrayCommand.run(['--tech', 'mram', '--capacity', '1MiB', '--cell', 's.cell', '--json'], io)).toBe(0);
    const j = JSON.parse(out[0]!) as { writeSource: string; cellWriteEnergyPerBitJ: number };
    expect(j.writeSource).toBe('cell-file');
    expect(j.cellWriteEnergyPerBitJ).toBeCloseTo(1e-12, 20);
  });

  it('--voltage/--pulse couple to the device layer; --iso-area-of-sram sizes the MRAM', async () => {
    const { io, out } = fakeIO();
    // The NVSim sample cell (8 F transistor, 54 F^2) against the 146 F^2 SRAM cell: 2.7x denser, so at least
    // the next power of two fits in the SRAM's area.
    const argv = [
      '--tech',
      'mram',
      '--iso-area-of-sram',
      '4MiB',
      '--voltage',
      '0.9V',
      '--pulse',
      '5ns',
      '--access-width',
      '8',
      '--json',
    ];
    expect(await arrayCommand.run(argv, io)).toBe(0);
    const j = JSON.parse(out[0]!) as {
      writeSource: string;
      capacityBytes: number;
      areaMm2: number;
      isoArea: { sramAreaMm2: number };
    };
    expect(j.writeSource).toBe('device-layer');
    expect(j.capacityBytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(j.areaMm2).toBeLessThanOrEqual(j.isoArea.sramAreaMm2);
  });

  it('--export-cfg / --export-cell write NVSim files', async () => {
    const { io, written } = fakeIO();
    const argv = ['--tech', 'mram', '--capacity', '2MiB', '--export-cfg', 'a.cfg', '--export-cell', 'a.cell'];
    expect(await arrayCommand.run(argv, io)).toBe(0);
    expect(written['a.cfg']).toContain('-Capacity (MB): 2');
    expect(written['a.cfg']).toContain('-MemoryCellInputFile: a.cell');
    expect(written['a.cell']).toContain('-MemCellType: MRAM');
  });

  it('bad flags name the flag', async () => {
    expect(await fieldOfRun(['--capacity', '3MiB'])).toBe('--capacity');
    expect(await fieldOfRun(['--capacity', '0'])).toBe('--capacity');
    expect(await fieldOfRun(['--node', '7'])).toBe('--node');
    expect(await fieldOfRun(['--tech', 'dram'])).toBe('--tech');
    expect(await fieldOfRun(['--voltage', '0.9V'])).toBe('--pulse');
    expect(await fieldOfRun(['--tech', 'sram', '--iso-area-of-sram', '1MiB'])).toBe('--iso-area-of-sram');
    expect(await fieldOfRun(['--bogus', '1'])).toBe('--bogus');
  });

  it('--help lists the flags', async () => {
    const { io, out } = fakeIO();
    expect(await arrayCommand.run(['--help'], io)).toBe(0);
    for (const f of [
      '--tech',
      '--capacity',
      '--node',
      '--word-bits',
      '--roadmap',
      '--target',
      '--cell',
      '--voltage',
      '--pulse',
      '--iso-area-of-sram',
      '--export-cfg',
      '--export-cell',
      '--json',
    ]) {
      expect(out[0]).toContain(f);
    }
  });

  it('spawned: --json on stdout only; a bad flag exits 2 with the flag on stderr', () => {
    const good = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'array', '--tech', 'mram', '--capacity', '256KiB', '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(good.status).toBe(0);
    const j = JSON.parse(good.stdout) as Record<string, unknown>;
    for (const k of KEYS) expect(j).toHaveProperty(k);
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'array', '--capacity', '3MiB', '--json'],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--capacity');
  }, 30000);
});
