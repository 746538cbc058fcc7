/**
 * `accelerator`: training-step counts of a network on a systolic array (forward, backward-data and
 * weight-gradient GEMMs per layer), SCALE-Sim topology/.cfg import and export.
 */
import { FieldError } from '../../models/errors.ts';
import {
  exportScaleSimCfg,
  exportTopologyCsv,
  simulateTraining,
  type GemmResult,
  type ScaleSimConfig,
  type TrainingResult,
} from '../../models/accelerator/index.ts';
import type { Command } from '../command.ts';
import { formatHelp, parseArgs, type FlagSpecs } from '../flags.ts';
import { stringifyFinite } from '../json.ts';
import { WORKLOAD_FLAGS, resolveWorkload, type Workload } from '../workload.ts';

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

export const FLAGS: FlagSpecs = {
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
    const w = resolveWorkload(p, io, FLAGS);
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
