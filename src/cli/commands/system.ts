/**
 * `system`: energy of a training step and epoch for a scratchpad placement per tensor class
 * (SRAM, MRAM at nominal write, MRAM at relaxed write), SRAM vs MRAM at iso-capacity and iso-area.
 */
import { FieldError } from '../../models/errors.ts';
import { TENSOR_CLASSES } from '../../models/accelerator/index.ts';
import {
  DEFAULT_NOMINAL_WRITE,
  DEFAULT_RELAXED_WRITE,
  MEMORY_KINDS,
  REFERENCE_STUDY_NETWORKS,
  REFERENCE_STUDY_PRESET,
  evaluateSystem,
  type DesignEnergy,
  type MemoryKind,
  type Placement,
  type SystemConfig,
  type SystemResult,
} from '../../models/system/index.ts';
import type { Command } from '../command.ts';
import { formatHelp, parseArgs, type FlagSpecs, type ParsedArgs } from '../flags.ts';
import { WORKLOAD_FLAGS, resolveWorkload, type Workload } from './accelerator.ts';
import { stringifyFinite } from '../json.ts';

const KIND_FLAG = (what: string) => ({ kind: 'enum' as const, help: `memory for ${what}`, choices: MEMORY_KINDS });

const FLAGS: FlagSpecs = {
  ...WORKLOAD_FLAGS,
  memory: {
    kind: 'enum',
    help: 'memory for every class (per-class flags override)',
    choices: MEMORY_KINDS,
    default: 'mram-nominal',
  },
  weights: KIND_FLAG('weights'),
  activations: KIND_FLAG('activations'),
  errors: KIND_FLAG('errors'),
  'weight-gradients': KIND_FLAG('weight gradients'),
  node: {
    kind: 'int',
    help: 'technology node, nm (the array model covers 22 to 45 nm)',
    min: 22,
    max: 45,
    default: 22,
  },
  roadmap: { kind: 'enum', help: 'periphery transistors', choices: ['hp', 'lop'], default: 'lop' },
  precision: {
    kind: 'enum',
    help: 'MAC precision (also sets the element size unless --word-bytes)',
    choices: ['int8', 'bf16', 'fp32'],
    default: 'bf16',
  },
  dram: { kind: 'enum', help: 'DRAM energy class', choices: ['ddr3', 'hbm2'], default: 'ddr3' },
  'dram-bw': { kind: 'number', help: 'DRAM bandwidth, bytes/s (default 12.8e9)', min: 1e6, max: 1e13 },
  clock: { kind: 'quantity', help: 'array clock (default 700MHz)', unit: 'Hz', min: 1e6, max: 1e10 },
  'nominal-v': {
    kind: 'quantity',
    help: `nominal MRAM write voltage (default ${DEFAULT_NOMINAL_WRITE.voltageV} V)`,
    unit: 'V',
    min: 0.05,
    max: 3,
  },
  'nominal-pulse': {
    kind: 'quantity',
    help: `nominal MRAM write pulse (default ${DEFAULT_NOMINAL_WRITE.pulseWidthS * 1e9} ns)`,
    unit: 's',
    min: 1e-11,
    max: 1e-6,
  },
  'relaxed-v': {
    kind: 'quantity',
    help: `relaxed MRAM write voltage (default ${DEFAULT_RELAXED_WRITE.voltageV} V)`,
    unit: 'V',
    min: 0.05,
    max: 3,
  },
  'relaxed-pulse': {
    kind: 'quantity',
    help: `relaxed MRAM write pulse (default ${DEFAULT_RELAXED_WRITE.pulseWidthS * 1e9} ns)`,
    unit: 's',
    min: 1e-11,
    max: 1e-6,
  },
  iso: { kind: 'enum', help: 'which comparison "ratio" reports', choices: ['capacity', 'area'], default: 'capacity' },
  'samples-per-epoch': { kind: 'int', help: 'training samples per epoch (default by network)', min: 1 },
  preset: {
    kind: 'enum',
    help: 'run the reference-study preset over its network suite (Roy et al. 2023)',
    choices: ['roy2023'],
  },
};

const USAGE =
  'system (--net resnet18 | --topology f.csv) [--memory sram|mram-nominal|mram-relaxed] [--activations ...] [--iso capacity|area] [--preset roy2023] [--json]';

function placementFrom(p: ParsedArgs): Placement {
  const all = ((p.flags.memory as MemoryKind | undefined) ?? 'mram-nominal') as MemoryKind;
  const pick = (flag: string): MemoryKind => ((p.flags[flag] as MemoryKind | undefined) ?? all) as MemoryKind;
  return {
    weights: pick('weights'),
    activations: pick('activations'),
    errors: pick('errors'),
    weightGradients: pick('weight-gradients'),
  };
}

/** Builds a SystemConfig from a resolved workload and the memory flags. */
export function systemConfigFor(w: Workload, p: ParsedArgs): SystemConfig {
  const f = p.flags;
  const precision = ((f.precision as string | undefined) ?? 'bf16') as SystemConfig['precision'];
  if (f['word-bytes'] !== undefined)
    throw new FieldError('--word-bytes', f['word-bytes'], 'not used by `system`: the element size follows --precision');
  const cfg: SystemConfig = {
    network: w.network,
    rows: w.rows,
    cols: w.cols,
    dataflow: w.dataflow,
    batch: w.batch,
    capacity: w.capacity,
    placement: placementFrom(p),
    nodeNm: (f.node as number | undefined) ?? 22,
    roadmap: ((f.roadmap as string | undefined) ?? 'lop') as SystemConfig['roadmap'],
    precision,
    dram: ((f.dram as string | undefined) ?? 'ddr3') as SystemConfig['dram'],
    isoMode: ((f.iso as string | undefined) ?? 'capacity') as SystemConfig['isoMode'],
    nominalWrite: {
      voltageV: (f['nominal-v'] as number | undefined) ?? DEFAULT_NOMINAL_WRITE.voltageV,
      pulseWidthS: (f['nominal-pulse'] as number | undefined) ?? DEFAULT_NOMINAL_WRITE.pulseWidthS,
    },
    relaxedWrite: {
      voltageV: (f['relaxed-v'] as number | undefined) ?? DEFAULT_RELAXED_WRITE.voltageV,
      pulseWidthS: (f['relaxed-pulse'] as number | undefined) ?? DEFAULT_RELAXED_WRITE.pulseWidthS,
    },
    includeFirstBackwardData: w.includeFirstBackwardData,
  };
  if (typeof f['dram-bw'] === 'number') cfg.dramBandwidthBytesPerS = f['dram-bw'];
  if (typeof f.clock === 'number') cfg.clockHz = f.clock;
  if (typeof f['samples-per-epoch'] === 'number') cfg.samplesPerEpoch = f['samples-per-epoch'];
  return cfg;
}

function summarise(d: DesignEnergy) {
  return {
    placement: d.placement,
    capacityBytes: d.capacityBytes,
    areaMm2: d.areaMm2,
    runtimeS: d.runtimeS,
    energyPerStepJ: d.energyPerStepJ,
    energyPerEpochJ: d.energyPerEpochJ,
    stepsPerEpoch: d.stepsPerEpoch,
    breakdown: d.breakdown,
    byClass: d.byClass,
    dramTotalBytes: d.dramTotalBytes,
    peakOnChipBytes: d.peakOnChipBytes,
    memory: d.memory,
  };
}

function summary(r: SystemResult) {
  return {
    network: r.network,
    isoMode: r.isoMode,
    ratio: r.ratio,
    ratioIsoCapacity: r.ratioIsoCapacity,
    ratioIsoArea: r.ratioIsoArea,
    macEnergyJ: r.macEnergyJ,
    dramEnergyPerByteJ: r.dramEnergyPerByteJ,
    macs: r.training.totals.macs,
    cycles: r.training.totals.cycles,
    sram: summarise(r.sram),
    isoCapacity: summarise(r.isoCapacity),
    isoArea: summarise(r.isoArea),
  };
}

/** Runs the system model for a workload (used by `accelerator --energy`). */
export function runSystemForWorkload(w: Workload, p: ParsedArgs): ReturnType<typeof summary> {
  const r = evaluateSystem(systemConfigFor(w, p));
  if (!r.ok) throw new FieldError(r.field ?? 'system', r.reason, 'a feasible memory configuration', r.hint);
  return summary(r);
}

function designText(name: string, d: DesignEnergy): string {
  const b = d.breakdown;
  const mj = (x: number) => (x * 1e3).toPrecision(4);
  return `  ${name.padEnd(14)} ${mj(d.energyPerStepJ).padStart(10)} mJ/step  (compute ${mj(b.compute)}, read ${mj(b.read)}, write ${mj(b.write)}, leakage ${mj(b.leakage)}, DRAM ${mj(b.dram)})  area ${d.areaMm2.toPrecision(3)} mm^2`;
}

export const systemCommand: Command = {
  name: 'system',
  summary:
    'training energy per step and epoch for a scratchpad placement (SRAM / MRAM nominal / MRAM relaxed), iso-capacity and iso-area',
  async run(argv, io) {
    const p = parseArgs(FLAGS, argv);
    if (p.flags.help) {
      io.out(formatHelp('system', this.summary, USAGE, FLAGS));
      return 0;
    }
    if (p.flags.preset === 'roy2023') {
      // The preset fixes its configuration and runs its own network suite: other settings would be ignored.
      const other = [...p.given].filter((k) => !['preset', 'json', 'help'].includes(k));
      if (other.length) {
        throw new FieldError(
          `--${other[0]}`,
          p.flags[other[0]!],
          'no other setting with --preset roy2023 (the preset fixes its configuration and network suite)',
        );
      }
      const rows = REFERENCE_STUDY_NETWORKS.map((id) => {
        const r = evaluateSystem({ ...REFERENCE_STUDY_PRESET, network: id });
        if (!r.ok) return { network: id, ok: false, reason: r.reason };
        return {
          network: id,
          ok: true,
          ratioIsoCapacity: r.ratioIsoCapacity,
          ratioIsoArea: r.ratioIsoArea,
          sramEnergyPerStepJ: r.sram.energyPerStepJ,
          sramBreakdown: r.sram.breakdown,
        };
      });
      const doc = { preset: 'roy2023', config: { ...REFERENCE_STUDY_PRESET, network: undefined }, networks: rows };
      if (p.flags.json) io.out(stringifyFinite(doc));
      else {
        io.out('Reference-study preset (Roy, Wang, Raghunathan 2023): SRAM / MRAM energy per training step');
        for (const r of rows) {
          io.out(
            r.ok
              ? `  ${r.network.padEnd(12)} iso-capacity ${r.ratioIsoCapacity!.toFixed(2)}x   iso-area ${r.ratioIsoArea!.toFixed(2)}x`
              : `  ${r.network.padEnd(12)} infeasible: ${r.reason}`,
          );
        }
      }
      return 0;
    }
    const w = resolveWorkload(p, io);
    const cfg = systemConfigFor(w, p);
    const t0 = performance.now();
    const r = evaluateSystem(cfg);
    const elapsedMs = performance.now() - t0;
    if (!r.ok) {
      if (p.flags.json) io.out(stringifyFinite({ ok: false, reason: r.reason, hint: r.hint }));
      else io.err(`infeasible: ${r.reason}${r.hint ? ` (${r.hint})` : ''}`);
      return 1;
    }
    if (p.flags.json) {
      io.out(stringifyFinite({ ...summary(r), elapsedMs }));
      return 0;
    }
    io.out(
      [
        `${r.network.name}: batch ${cfg.batch}, ${cfg.rows} x ${cfg.cols} ${cfg.dataflow}, ${cfg.nodeNm} nm ${cfg.roadmap}, placement ${TENSOR_CLASSES.map((c) => `${c}=${cfg.placement[c]}`).join(' ')}`,
        designText('all SRAM', r.sram),
        designText('iso-capacity', r.isoCapacity),
        designText('iso-area', r.isoArea),
        `SRAM / design energy: iso-capacity ${r.ratioIsoCapacity.toFixed(3)}x, iso-area ${r.ratioIsoArea.toFixed(3)}x`,
        `evaluated in ${elapsedMs.toFixed(1)} ms`,
      ].join('\n'),
    );
    return 0;
  },
};
