/**
 * `accelerator`: training-step counts of a network on a systolic array (forward, backward-data and
 * weight-gradient GEMMs per layer), SCALE-Sim topology/.cfg import and export.
 */
import { FieldError } from '../../models/errors.ts';
import {
  DATAFLOWS,
  NETWORK_IDS,
  exportScaleSimCfg,
  exportTopologyCsv,
  getNetwork,
  parseScaleSimCfg,
  parseTopologyCsv,
  simulateTraining,
  type CapacitySpec,
  type Dataflow,
  type GemmResult,
  type Network,
  type ScaleSimConfig,
  type TrainingResult,
} from '../../models/accelerator/index.ts';
import type { CliIO, Command } from '../command.ts';
import { formatHelp, parseArgs, type FlagSpecs, type ParsedArgs } from '../flags.ts';
import { stringifyFinite } from '../json.ts';

/** Flags shared by `accelerator` and `system`: the workload, the array and the scratchpad. */
export const WORKLOAD_FLAGS: FlagSpecs = {
  topology: { kind: 'string', help: 'SCALE-Sim topology CSV (conv or "Layer, M, N, K" GEMM format)' },
  net: { kind: 'enum', help: 'built-in network', choices: NETWORK_IDS },
  config: { kind: 'string', help: 'SCALE-Sim .cfg (array size, dataflow, SRAM sizes); flags override it' },
  rows: { kind: 'int', help: 'array rows', min: 1, max: 4096 },
  cols: { kind: 'int', help: 'array columns', min: 1, max: 4096 },
  dataflow: { kind: 'enum', help: 'dataflow', choices: DATAFLOWS },
  batch: { kind: 'int', help: 'minibatch size (default 1 with --topology, 32 with --net)', min: 1, max: 1000000 },
  capacity: {
    kind: 'bytes',
    help: 'total scratchpad, split by tensor class automatically (default 4MiB, or the .cfg SRAM sizes)',
    min: 0,
  },
  'word-bytes': { kind: 'number', help: 'bytes per element (default 2, bf16)', min: 0.125, max: 8 },
  'include-first-bwd': { kind: 'boolean', help: "count the first layer's backwardData GEMM (not needed by training)" },
};

export interface Workload {
  network: Network;
  batch: number;
  rows: number;
  cols: number;
  dataflow: Dataflow;
  capacity: CapacitySpec;
  wordBytes: number;
  includeFirstBackwardData: boolean;
  cfg: ScaleSimConfig | undefined;
}

/** Resolves the workload flags (the .cfg first, flags override). */
export function resolveWorkload(p: ParsedArgs, io: CliIO): Workload {
  const f = p.flags;
  if (f.topology !== undefined && f.net !== undefined)
    throw new FieldError('--net', f.net, 'either --net or --topology, not both');
  let network: Network;
  if (typeof f.topology === 'string') network = parseTopologyCsv(io.readFile('--topology', f.topology), f.topology);
  else network = getNetwork(typeof f.net === 'string' ? f.net : 'resnet18')!;
  const cfg = typeof f.config === 'string' ? parseScaleSimCfg(io.readFile('--config', f.config), f.config) : undefined;
  const rows = (f.rows as number | undefined) ?? cfg?.rows ?? 32;
  const cols = (f.cols as number | undefined) ?? cfg?.cols ?? 32;
  const dataflow = ((f.dataflow as Dataflow | undefined) ?? cfg?.dataflow ?? 'os') as Dataflow;
  const batch = (f.batch as number | undefined) ?? (f.topology !== undefined ? 1 : 32);
  let capacity: CapacitySpec;
  if (typeof f.capacity === 'number') capacity = { totalBytes: f.capacity };
  else if (cfg) {
    // SCALE-Sim's operand SRAMs mapped to training classes: filter -> weights, ifmap -> activations,
    // ofmap -> errors and (a second buffer of the same size) weight gradients.
    capacity = {
      perClassBytes: {
        weights: cfg.filterSramKB * 1024,
        activations: cfg.ifmapSramKB * 1024,
        errors: cfg.ofmapSramKB * 1024,
        weightGradients: cfg.ofmapSramKB * 1024,
      },
    };
  } else capacity = { totalBytes: 4 * 1024 * 1024 };
  return {
    network,
    batch,
    rows,
    cols,
    dataflow,
    capacity,
    wordBytes: (f['word-bytes'] as number | undefined) ?? 2,
    includeFirstBackwardData: f['include-first-bwd'] === true,
    cfg,
  };
}

function simulate(w: Workload): TrainingResult {
  const r = simulateTraining({
    network: w.network,
    batch: w.batch,
    array: { rows: w.rows, cols: w.cols, dataflow: w.dataflow },
    capacity: w.capacity,
    wordBytes: w.wordBytes,
    includeFirstBackwardData: w.includeFirstBackwardData,
  });
  if (!r.ok) throw new FieldError('--topology', w.network.id, 'a network with GEMM work', r.reason);
  const { ok: _ok, ...rest } = r;
  return rest as TrainingResult;
}

const FLAGS: FlagSpecs = {
  ...WORKLOAD_FLAGS,
  energy: {
    kind: 'boolean',
    help: 'also print the system energy (same as the `system` command with default memory flags)',
  },
  'export-topology': {
    kind: 'string',
    help: 'write the network (batch 1) as a SCALE-Sim conv-format topology CSV to this path',
  },
  'export-gemm': {
    kind: 'string',
    help: 'write the forward GEMMs (batch 1) as a SCALE-Sim "Layer, M, N, K" CSV to this path',
  },
  'export-cfg': { kind: 'string', help: 'write the array settings as a SCALE-Sim .cfg to this path' },
};

const USAGE =
  'accelerator (--net resnet18 | --topology file.csv) [--rows 32 --cols 32 --dataflow os|ws|is] [--config scale.cfg] [--batch 32] [--capacity 4MiB] [--energy] [--json]';

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function gemmLine(g: GemmResult): string {
  return `${fmtInt(g.computeCycles).padStart(14)} ${(g.overallUtil * 100).toFixed(1).padStart(6)}%`;
}

export const acceleratorCommand: Command = {
  name: 'accelerator',
  summary: 'training-step cycles and scratchpad accesses per layer and GEMM on a systolic array (SCALE-Sim compatible)',
  async run(argv, io) {
    const p = parseArgs(FLAGS, argv);
    if (p.flags.help) {
      io.out(formatHelp('accelerator', this.summary, USAGE, FLAGS));
      return 0;
    }
    const w = resolveWorkload(p, io);
    const t0 = performance.now();
    const r = simulate(w);
    const elapsedMs = performance.now() - t0;
    if (typeof p.flags['export-topology'] === 'string')
      io.writeFile('--export-topology', p.flags['export-topology'], exportTopologyCsv(w.network, 'conv'));
    if (typeof p.flags['export-gemm'] === 'string')
      io.writeFile('--export-gemm', p.flags['export-gemm'], exportTopologyCsv(w.network, 'gemm'));
    if (typeof p.flags['export-cfg'] === 'string') {
      const kb = (c: number | undefined, d: number): number => Math.max(1, Math.round((c ?? d) / 1024));
      const cap = r.capacityBytes;
      io.writeFile(
        '--export-cfg',
        p.flags['export-cfg'],
        exportScaleSimCfg({
          ...(w.cfg ?? {
            runName: `${w.network.id}_${w.dataflow}`,
            bandwidth: 10,
            interfaceBandwidth: 'CALC',
            ifmapOffset: 0,
            filterOffset: 10000000,
            ofmapOffset: 20000000,
            memoryBanks: 1,
          }),
          rows: w.rows,
          cols: w.cols,
          dataflow: w.dataflow,
          ifmapSramKB: kb(cap.activations, 65536),
          filterSramKB: kb(cap.weights, 65536),
          ofmapSramKB: kb(cap.errors, 65536),
        } as ScaleSimConfig),
      );
    }
    let energy: unknown;
    if (p.flags.energy) {
      const { runSystemForWorkload } = await import('./system.ts');
      energy = runSystemForWorkload(w, p);
    }
    if (p.flags.json) {
      const doc: Record<string, unknown> = { ...r, elapsedMs };
      if (energy !== undefined) doc.energy = energy;
      io.out(stringifyFinite(doc));
      return 0;
    }
    const lines = [
      `${r.network.name}: batch ${r.batch}, ${r.array.rows} x ${r.array.cols} ${r.array.dataflow}, ${r.layers.length} layers, ${fmtInt(r.params)} parameters`,
      '',
      `${'layer'.padEnd(24)} ${'forward cycles'.padStart(14)}   util ${'bwd-data cycles'.padStart(14)}   util ${'wgrad cycles'.padStart(14)}   util`,
      ...r.layers.map(
        (l) =>
          `${l.name.slice(0, 24).padEnd(24)} ${gemmLine(l.forward)} ${l.backwardDataCounted ? gemmLine(l.backwardData) : '             -       '} ${gemmLine(l.weightGradient)}`,
      ),
      '',
      `MACs ${fmtInt(r.totals.macs)}, cycles ${fmtInt(r.totals.cycles)} (GEMMs ${fmtInt(r.totals.gemmCycles)}, update ${fmtInt(r.totals.updateCycles)})`,
      'scratchpad accesses (elements) by class:',
      ...Object.entries(r.totals.accesses).map(
        ([c, a]) =>
          `  ${c.padEnd(16)} reads ${fmtInt(a.reads).padStart(16)}  writes ${fmtInt(a.writes).padStart(16)}  capacity ${fmtInt(r.capacityBytes[c as keyof typeof r.capacityBytes])} B  peak on chip ${fmtInt(r.peakOnChipBytes[c as keyof typeof r.peakOnChipBytes])} B of ${fmtInt(r.peakDemandBytes[c as keyof typeof r.peakDemandBytes])} B`,
      ),
      `DRAM ${fmtInt(r.dramTotalBytes)} B per step`,
      `evaluated in ${elapsedMs.toFixed(2)} ms`,
    ];
    io.out(lines.join('\n'));
    if (energy !== undefined) io.out(stringifyFinite(energy, 2));
    return 0;
  },
};
