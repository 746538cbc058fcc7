/**
 * The CLI on the schema (issue 14, part 1): every flag of a configuration value takes its range, default
 * and choices from the schema table; every command takes --url and --config; a link gives the page's
 * numbers bit for bit.
 */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import type { FlagSpec, FlagSpecs } from '../../src/cli/flags.ts';
import { runCli } from '../../src/cli/run.ts';
import { FLAGS as ACCELERATOR } from '../../src/cli/commands/accelerator.ts';
import { FLAGS as ARRAY } from '../../src/cli/commands/array.ts';
import { MAIN_FLAGS, MC_FLAGS, SWEEP_FLAGS as DEVICE_SWEEP } from '../../src/cli/commands/device.ts';
import { FLAGS as SWEEP } from '../../src/cli/commands/sweep.ts';
import { FLAGS as SYSTEM } from '../../src/cli/commands/system.ts';
import { SPECS as TRAIN } from '../../src/cli/commands/train.ts';
import { SPECS as STUDY } from '../../src/cli/commands/train-study.ts';
import { DEVICE_FIELDS } from '../../src/models/device/index.ts';
import { FIELD_BY_PATH, FIELDS, defaultConfig, setPath } from '../../src/schema/schema.ts';
import { decodeConfig, encodeConfig } from '../../src/schema/url.ts';
import { evaluateArraySection, evaluateDeviceSection, evaluateSystemSection } from '../../src/evaluate/analytic.ts';
import { FieldError } from '../../src/models/errors.ts';
import { accessTransistorOhm } from '../../src/models/array/index.ts';

const COMMANDS: Record<string, FlagSpecs> = {
  accelerator: ACCELERATOR,
  array: ARRAY,
  device: MAIN_FLAGS,
  'device mc': MC_FLAGS,
  'device sweep': DEVICE_SWEEP,
  system: SYSTEM,
  train: TRAIN,
  'train study': STUDY,
  sweep: SWEEP,
};

/**
 * Flags that are not configuration values (no FIELDS entry): output, files, lists of a study or sweep,
 * the models' own extra inputs. A flag for a configuration value must not be listed here.
 */
const CLI_ONLY = new Set([
  // the whole configuration, files and output
  'url',
  'config',
  'topology',
  'out',
  'format',
  'header',
  'shard',
  'export-cfg',
  'export-cell',
  'export-topology',
  'export-gemm',
  'cell',
  'bitstats',
  'explain',
  'energy',
  'preset',
  // the accelerator / system model's own inputs beyond the explorer configuration
  'word-bytes',
  'include-first-bwd',
  'dram',
  'dram-bw',
  'clock',
  'samples-per-epoch',
  'dataflow-forward',
  'dataflow-backward-data',
  'dataflow-weight-gradient',
  // the array command's own (technology of one array, organisation search, array banks, iso-area sizing)
  'tech',
  'target',
  'banks', // array: banks of one array (system: --banks is the schema's system.banks, linked)
  'iso-area-of-sram',
  // device: the point's extras, grids, Monte Carlo
  'target-wer',
  'voltages',
  'pulses',
  'pulse-spacing',
  'trajectories',
  'direction',
  'dt',
  'workers',
  // training: direct rates, class lists, limits, the learning rate, the batch of the training run
  'ber-activations',
  'ber-weights',
  'ber-errors',
  'ber-gradients',
  'ber-optimizer',
  'mram',
  'sot', // train: classes in SOT-MRAM at its own write point (a class list, as --mram)
  'protect',
  'rbw', // train: read-before-write of the bit statistics (system: --rbw is the schema's, linked)
  'max-train',
  'max-test',
  'max-steps',
  'batch-size',
  'lr',
  // train study: the study's lists (a study spec, as `sweep --config`)
  'models',
  'datasets',
  'seeds',
  'classes',
  'tolerance',
  'resume', // sweep: continue a shard's partial output file
  'epochs', // train study: epochs of each study run (its range is the schema's; train --epochs is linked)
  // device parameters without a schema field (optional, derived when absent)
  ...DEVICE_FIELDS.filter((d) => d.optional).map((d) => d.flag),
]);

/** What a flag declares of its own where it should take the schema's (empty: nothing). */
function ownDeclarations(name: string, spec: FlagSpec): string[] {
  if (spec.field === undefined) {
    if (CLI_ONLY.has(name) && !(name === 'epochs' && 'default' in spec && spec.default !== 2)) return [];
    return [`--${name}: a configuration flag without a schema field`];
  }
  const paths = typeof spec.field === 'string' ? [spec.field] : spec.field;
  const out: string[] = [];
  for (const path of paths) {
    const f = FIELD_BY_PATH.get(path);
    if (!f) {
      out.push(`--${name}: no schema field ${path}`);
      continue;
    }
    const s = spec as unknown as Record<string, unknown>;
    if (spec.kind === 'string') {
      // read as text (a spread "5%", "array|ohms"): no range or default of its own other than the schema's
      if (s.min !== undefined || s.max !== undefined) out.push(`--${name}: declares a range`);
      if (s.default !== undefined && s.default !== String(f.default)) out.push(`--${name}: declares a default`);
      continue;
    }
    if (path !== paths[0]) continue; // the others take the same value
    if (f.kind === 'number' || f.kind === 'int') {
      if (s.min !== f.min || s.max !== f.max)
        out.push(`--${name}: range ${s.min}..${s.max}, schema ${f.min}..${f.max}`);
      if (s.default !== f.default) out.push(`--${name}: default ${String(s.default)}, schema ${f.default}`);
    } else if (f.kind === 'enum') {
      const extra = [...Object.keys(spec.aliases ?? {}), ...(spec.extraChoices ?? [])];
      const choices = (s.choices as string[]) ?? [];
      if (JSON.stringify(choices) !== JSON.stringify([...f.choices, ...extra]))
        out.push(`--${name}: choices ${choices.join(',')}, schema ${f.choices.join(',')}`);
      if (s.default !== f.default) out.push(`--${name}: default ${String(s.default)}, schema ${f.default}`);
    }
  }
  return out;
}

function fakeIO(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile(field, path) {
      const f = files[path];
      if (f === undefined) throw new FieldError(field, path, 'a readable file');
      return f;
    },
    writeFile() {},
  };
  return { io, out, err };
}

describe('flags come from the schema', () => {
  it('no CLI flag of a configuration value declares its own range, default or choices', () => {
    const violations: string[] = [];
    for (const [cmd, specs] of Object.entries(COMMANDS))
      for (const [name, spec] of Object.entries(specs))
        violations.push(...ownDeclarations(name, spec).map((v) => `${cmd} ${v}`));
    expect(violations).toEqual([]);
  });
  it('the check fails for a flag that declares its own range or default (issue 14: node 90, relaxed 0.8 V)', () => {
    expect(ownDeclarations('node', { kind: 'int', help: '', min: 22, max: 90 })).toHaveLength(1);
    expect(
      ownDeclarations('relaxed-v', {
        kind: 'quantity',
        unit: 'V',
        help: '',
        field: 'device.voltageV',
        min: 0.1,
        max: 1.5,
        default: 0.8,
      }),
    ).toEqual(['--relaxed-v: default 0.8, schema 0.7']);
    expect(
      ownDeclarations('rows', { kind: 'int', help: '', field: 'accelerator.rows', min: 1, max: 4096, default: 32 }),
    ).toEqual(['--rows: range 1..4096, schema 1..1024']);
  });
  it('every command takes --url; every command but sweep (its spec) takes --config as the configuration', () => {
    for (const [cmd, specs] of Object.entries(COMMANDS)) {
      expect(specs.url, cmd).toBeDefined();
      expect(specs.config, cmd).toBeDefined();
    }
  });
  it('a value added to a schema enum is accepted by the flag (choices are read from the schema)', () => {
    const placement = FIELD_BY_PATH.get('placement.weights')!;
    expect(placement.kind).toBe('enum');
    for (const c of (placement as { choices: readonly string[] }).choices)
      expect((SYSTEM.weights as unknown as { choices: string[] }).choices).toContain(c);
  });
  it('the help marks schema flags and gives the schema default with its unit', async () => {
    const { io, out } = fakeIO();
    expect(await runCli(['system', '--help'], io)).toBe(0);
    // schema default of device.voltageV is 0.7 (V): the relaxed write of the explorer
    expect(out[0]).toMatch(/--relaxed-v\s+relaxed MRAM write voltage \[V\] \(default 0\.7 V\) \{schema\}/);
    expect(out[0]).toMatch(/Precedence: schema defaults < --config \(JSON\) < --url < flags/);
  });
  it('a schema range refuses out-of-range values at the flag, naming the schema range', async () => {
    const { io, err } = fakeIO();
    // issue 14: the CLI took node 90 and rows 4096; the schema says [22 nm, 45 nm] and [1, 1024]
    expect(await runCli(['system', '--node', '90'], io)).toBe(2);
    expect(err.join('')).toMatch(/--node: .*90.*an integer in \[22 nm, 45 nm\]/);
    expect(await runCli(['accelerator', '--rows', '4096'], io)).toBe(2);
    expect(err.join('')).toMatch(/--rows: .*4096.*\[1, 1024\]/);
  });
  it('a value that is not a number at all also names the schema range (the schema table, by hand)', async () => {
    for (const [argv, want] of [
      [['system', '--batch', 'abc'], /--batch: "abc" .*a decimal integer in \[1, 4096\]/],
      [['system', '--access-width', 'big'], /--access-width: "big" .*auto or a decimal number in \[1 F, 100 F\]/],
      [['device', '--voltage', '3q'], /--voltage: "3q" .*a number in \[100mV, 1\.5V\].*unknown unit "q"/],
    ] as const) {
      const { io, err } = fakeIO();
      expect(await runCli([...argv], io)).toBe(2);
      expect(err.join('')).toMatch(want);
    }
  });
});

/** The page's system numbers for a link: the analytic evaluation of the decoded configuration. */
function pageSystem(link: string) {
  const d = decodeConfig(link);
  expect(d.issues).toEqual([]);
  const s = evaluateSystemSection(d.config);
  if (!s.ok) throw new Error(s.reason);
  return s.result;
}

async function cliJson(argv: string[], files: Record<string, string> = {}) {
  const { io, out, err } = fakeIO(files);
  const code = await runCli(argv, io);
  expect(err.join('\n')).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out[0]!) as Record<string, unknown> & {
    ratio: number;
    ratioIsoCapacity: number;
    ratioIsoArea: number;
    sram: { energyPerStepJ: number; breakdown: Record<string, number> };
    isoCapacity: { energyPerStepJ: number; breakdown: Record<string, number> };
    isoArea: { energyPerStepJ: number; capacityBytes: Record<string, number> };
    accessResistanceOhm: number;
  };
}

const LINKS = [
  'v=2',
  '?v=2&pa=relaxed&pe=relaxed&V=0.75&pulse=4ns',
  'https://example.org/mram/?v=2&node=32&cap=16MiB&df=ws&rows=64&cols=16&net=mlp-mnist&iso=area',
  'v=1&t=8&mem=relaxed',
  'v=2&rAcc=array&nomV=1.2&nomPulse=25ns&gemmDf=best&fmt=bf16',
];

describe('system --url and --config give the page numbers bit for bit', () => {
  for (const link of LINKS) {
    it(
      link,
      async () => {
        const page = pageSystem(link.includes('?') ? link.slice(link.indexOf('?') + 1) : link);
        const cli = await cliJson(['system', '--url', link, '--json']);
        expect(cli.ratio).toBe(page.ratio);
        expect(cli.ratioIsoCapacity).toBe(page.ratioIsoCapacity);
        expect(cli.ratioIsoArea).toBe(page.ratioIsoArea);
        expect(cli.sram.energyPerStepJ).toBe(page.sram.energyPerStepJ);
        expect(cli.isoCapacity.breakdown).toEqual(page.isoCapacity.breakdown);
        expect(cli.isoArea.capacityBytes).toEqual(page.isoArea.capacityBytes);
        expect(cli.accessResistanceOhm).toBe(page.accessResistanceOhm);
      },
      60_000,
    );
  }
  it('--config file.json (the page export) equals --url of the same configuration', async () => {
    const c = setPath(setPath(defaultConfig(), 'array.nodeNm', 32), 'placement.errors', 'relaxed');
    const viaUrl = await cliJson(['system', '--url', encodeConfig(c), '--json']);
    const viaFile = await cliJson(['system', '--config', 'c.json', '--json'], { 'c.json': JSON.stringify(c) });
    expect(viaFile.ratioIsoCapacity).toBe(viaUrl.ratioIsoCapacity);
    expect(viaFile.isoArea.energyPerStepJ).toBe(viaUrl.isoArea.energyPerStepJ);
  }, 60_000);
  it('flags override the link; a bad link value is a named error', async () => {
    const a = await cliJson(['system', '--url', 'v=2&node=45', '--node', '32', '--json']);
    const b = pageSystem('v=2&node=32');
    expect(a.ratioIsoCapacity).toBe(b.ratioIsoCapacity);
    const { io, err } = fakeIO();
    expect(await runCli(['system', '--url', 'v=2&node=90'], io)).toBe(2);
    expect(err.join('')).toMatch(/--url array\.nodeNm: .*90.*\[22 nm, 45 nm\]/);
  });
  it('a SCALE-Sim .cfg (INI, not JSON) keeps its meaning under --config', async () => {
    const cfg =
      '[architecture_presets]\nArrayHeight: 16\nArrayWidth: 8\nIfmapSramSzkB: 64\nFilterSramSzkB: 32\nOfmapSramSzkB: 16\nDataflow: is\n';
    const doc = await cliJson(['accelerator', '--net', 'lenet', '--config', 's.cfg', '--json'], { 's.cfg': cfg });
    expect(doc.array).toEqual({ rows: 16, cols: 8, dataflow: 'is' });
  });
});

describe('sweep --url: the base configuration of the sweep file', () => {
  it("the link's fields, under the file's own base fields", async () => {
    const spec = JSON.stringify({ base: { seed: 3 }, voltageV: [0.7], pulseWidthS: ['5ns'] });
    const { io, out, err } = fakeIO({ 's.json': spec });
    const code = await runCli(['sweep', '--config', 's.json', '--url', 'v=2&node=32&seed=9&net=lenet', '--json'], io);
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out[0]!) as { results: Record<string, unknown>[] };
    expect(doc.results[0]!['array.nodeNm']).toBe(32); // from the link
    expect(doc.results[0]!['accelerator.network']).toBe('lenet'); // from the link
    expect(doc.results[0]!.seed).toBe(3); // the file's base wins over the link
  }, 60_000);
});

describe('one adapter, one access transistor', () => {
  it('device --url gives the page device panel numbers (same access transistor)', async () => {
    const link = 'v=3&node=32&V=0.8&pulse=8ns';
    const page = evaluateDeviceSection(decodeConfig(link).config);
    const cli = (await cliJson(['device', '--url', link, '--json'])) as unknown as {
      wer: { pToAp: number; apToP: number };
      writeEnergyJ: { average: number };
    };
    expect(cli.wer).toEqual(page.relaxed.wer);
    expect(cli.writeEnergyJ.average).toBe(page.relaxed.writeEnergyJ.average);
  });
  it('array --url gives the page array panel numbers (MRAM at the nominal write)', async () => {
    const link = 'v=3&node=32&cap=1MiB&nomV=1.0';
    const page = evaluateArraySection(decodeConfig(link).config);
    if (!page.mram.ok) throw new Error(page.mram.reason);
    const cli = (await cliJson(['array', '--tech', 'mram', '--url', link, '--json'])) as unknown as {
      writeEnergyJ: number;
      areaMm2: number;
      leakageW: number;
    };
    expect(cli.writeEnergyJ).toBe(page.mram.result.writeEnergyJ);
    expect(cli.areaMm2).toBe(page.mram.result.areaMm2);
    expect(cli.leakageW).toBe(page.mram.result.leakageW);
  });
  it('the system and the device panel see the same resistance for every accessR choice', () => {
    for (const rAcc of ['array', 'device']) {
      const c = decodeConfig(`v=3&rAcc=${rAcc}`).config;
      const s = evaluateSystemSection(c);
      if (!s.ok) throw new Error(s.reason);
      const d = evaluateDeviceSection(c);
      // the nominal write of the system is the device panel's nominal write, bit for bit
      expect(s.result.writePoints.nominal!.werPToAp).toBe(d.nominal.wer.pToAp);
      expect(s.result.writePoints.nominal!.energyPerBitJ).toBe(d.nominal.writeEnergyJ.average);
    }
  });
  it('the default configuration writes reliably in the system: no warning', () => {
    const s = evaluateSystemSection(defaultConfig());
    if (!s.ok) throw new Error(s.reason);
    // default: the array's transistor at 22 nm LOP, 300 K, sized so that the nominal 0.9 V, 10 ns write meets
    // WER 1e-6 (the system's warning threshold): its resistance is the transistor formula at that width
    expect(s.result.access.sized).toBe(true);
    expect(s.result.accessResistanceOhm).toBe(accessTransistorOhm(22, 'lop', 300, s.result.access.widthF));
    const nominal = s.result.writePoints.nominal!;
    expect(Math.max(nominal.werPToAp, nominal.werApToP)).toBeLessThanOrEqual(1e-6);
    expect(s.result.warnings).toEqual([]);
  });
  it('a v=2 link keeps its numbers: the device field 1.5 kOhm and the 8 F, 54 F^2 sample cell', () => {
    const s = evaluateSystemSection(decodeConfig('v=2&net=mlp-digits').config);
    if (!s.ok) throw new Error(s.reason);
    expect(s.result.accessResistanceOhm).toBe(1500);
    expect(s.result.access).toEqual({ widthF: 8, sized: false, cellAreaF2: expect.closeTo(54, 9) as number });
  });
  it('every schema field is reachable from the CLI (through --url at least)', () => {
    expect(FIELDS.length).toBeGreaterThan(30);
  });
});
