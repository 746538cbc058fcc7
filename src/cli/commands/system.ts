/**
 * `system`: energy of a training step and epoch for a scratchpad placement per tensor class
 * (SRAM, MRAM at nominal write, MRAM at relaxed write), SRAM vs MRAM at iso-capacity and iso-area.
 */
import { FieldError } from '../../models/errors.ts';
import { TENSOR_CLASSES } from '../../models/accelerator/index.ts';
import {
  REFERENCE_STUDY_NETWORKS,
  REFERENCE_STUDY_PRESET,
  evaluateSystem,
  type DesignEnergy,
  type SystemConfig,
  type SystemResult,
} from '../../models/system/index.ts';
import type { CliIO, Command } from '../command.ts';
import { formatHelp, parseArgs, parseQuantity, type FlagSpecs, type ParsedArgs } from '../flags.ts';
import { WORKLOAD_FLAGS, resolveWorkload, type Workload } from '../workload.ts';
import { DATAFLOWS, type Dataflow } from '../../models/accelerator/index.ts';
import { MAX_BANKS, explainSystem, type Explanation } from '../../models/system/index.ts';
import { acceptedText, setPath, validateField, type ExplorerConfig } from '../../schema/schema.ts';
import { systemConfigFor } from '../../evaluate/adapter.ts';
import { ACCESS_WIDTH_FLAG, fieldFlag, schemaField } from '../schema-flags.ts';
import { stringifyFinite } from '../json.ts';

/** The memory flags' older spellings (the system model's kinds) of the schema's placements. */
/** The system model's kind names (a CLI contract: `--memory mram-nominal`) as aliases of the placement values. */
const KIND_ALIASES = { 'mram-nominal': 'mram', 'mram-relaxed': 'relaxed', 'sot-mram': 'sot' } as const;
const KIND_FLAG = (cls: string, what: string) =>
  fieldFlag(`placement.${cls}`, { help: `memory for ${what}`, aliases: KIND_ALIASES });

/**
 * Flags: every configuration value derives from the schema (src/cli/schema-flags.ts); the rest
 * (DRAM, clock, the preset, per-pass dataflows, bit statistics, --explain) is the system model's own.
 */
export const FLAGS: FlagSpecs = {
  ...WORKLOAD_FLAGS,
  memory: fieldFlag('placement.weights', {
    help: 'memory for every class (per-class flags override)',
    alsoSets: ['placement.activations', 'placement.errors', 'placement.weightGradients'],
    aliases: KIND_ALIASES,
  }),
  weights: KIND_FLAG('weights', 'weights'),
  activations: KIND_FLAG('activations', 'activations'),
  errors: KIND_FLAG('errors', 'errors'),
  'weight-gradients': KIND_FLAG('weightGradients', 'weight gradients'),
  node: fieldFlag('array.nodeNm', { help: 'technology node, nm (the array model covers 22 to 45 nm)' }),
  roadmap: fieldFlag('array.roadmap', { help: 'periphery transistors' }),
  precision: fieldFlag('training.format', {
    help: "stored number format and MAC precision (the explorer's one format field, shared with training; int8: the CLI only)",
    extraChoices: ['int8'],
  }),
  dram: { kind: 'enum', help: 'DRAM energy class', choices: ['ddr3', 'hbm2'], default: 'ddr3' },
  'dram-bw': { kind: 'number', help: 'DRAM bandwidth, bytes/s (default 12.8e9)', min: 1e6, max: 1e13 },
  clock: { kind: 'quantity', help: 'array clock (default 700MHz)', unit: 'Hz', min: 1e6, max: 1e10 },
  'nominal-v': fieldFlag('device.nominalVoltageV', { help: 'nominal MRAM write voltage' }),
  'nominal-pulse': fieldFlag('device.nominalPulseWidthS', { help: 'nominal MRAM write pulse' }),
  'relaxed-v': fieldFlag('device.voltageV', { help: 'relaxed MRAM write voltage' }),
  'relaxed-pulse': fieldFlag('device.pulseWidthS', { help: 'relaxed MRAM write pulse' }),
  iso: fieldFlag('array.iso', { help: 'which comparison "ratio" reports' }),
  'samples-per-epoch': { kind: 'int', help: 'training samples per epoch (default by network)', min: 1 },
  preset: {
    kind: 'enum',
    help: 'run the reference-study preset over its network suite (Roy et al. 2023)',
    choices: ['roy2023'],
  },
  dataflow: fieldFlag('accelerator.dataflow', {
    help: 'dataflow (best = per GEMM, the one of least energy, as --gemm-dataflow best with ws)',
    extraChoices: ['best'],
  }),
  'gemm-dataflow': fieldFlag('system.gemmDataflow', {
    help: "per-GEMM dataflow: the accelerator's, or the least-energy one",
  }),
  'dataflow-forward': {
    kind: 'enum',
    help: 'dataflow of the forward GEMMs (overrides --dataflow)',
    choices: DATAFLOWS,
  },
  'dataflow-backward-data': {
    kind: 'enum',
    help: 'dataflow of the backward-data GEMMs (overrides --dataflow)',
    choices: DATAFLOWS,
  },
  'dataflow-weight-gradient': {
    kind: 'enum',
    help: 'dataflow of the weight-gradient GEMMs (overrides --dataflow)',
    choices: DATAFLOWS,
  },
  banks: fieldFlag('system.banks', {
    help: 'banks per class memory: auto (fewest that keep the array compute-bound) or a power of two',
  }),
  accumulator: fieldFlag('system.accumulator', {
    help: 'accumulator buffer for partial sums (none: partial sums go to the scratchpad)',
  }),
  gating: fieldFlag('system.gating', { help: 'power-gate idle MRAM banks and SRAM without live data' }),
  'sram-cell': fieldFlag('system.sramCell', {
    help: 'SRAM cell leakage class (separate from --roadmap, the periphery)',
  }),
  rbw: fieldFlag('system.rbw', { help: 'read-before-write: drive only switching bits of MRAM writes' }),
  temperature: fieldFlag('deviceParams.temperatureK', {
    help: 'one operating temperature for device and array (the array model covers 300 to 400 K)',
  }),
  'access-resistance': {
    kind: 'string',
    field: ['system.accessR', 'deviceParams.accessResistanceOhm'],
    help: "MRAM access-transistor resistance, one for device and system: 'array' (the array's transistor at --node/--roadmap/--temperature/--access-width, default), 'device' (the device field), or ohms",
  },
  'access-width': ACCESS_WIDTH_FLAG,
  'switch-weights': fieldFlag('system.switching.weights', { help: 'switching fraction of written weight bits' }),
  'switch-activations': fieldFlag('system.switching.activations', {
    help: 'switching fraction of written activation bits',
  }),
  'switch-errors': fieldFlag('system.switching.errors', { help: 'switching fraction of written error bits' }),
  'switch-weight-gradients': fieldFlag('system.switching.weightGradients', {
    help: 'switching fraction of written weight-gradient bits',
  }),
  bitstats: {
    kind: 'string',
    help: 'switching fractions per class and direction from a `train --json` output (its bitStats); overrides --switch-*',
  },
  'protect-weights': fieldFlag('protect.weights', { help: 'weight bits kept at the nominal write' }),
  'protect-activations': fieldFlag('protect.activations', { help: 'activation bits kept at the nominal write' }),
  'protect-errors': fieldFlag('protect.errors', { help: 'error bits kept at the nominal write' }),
  explain: {
    kind: 'boolean',
    help: 'the ratio explained: a ladder of cited assumptions towards the reference regime, and a sensitivity table',
  },
};

const USAGE =
  'system (--net resnet18 | --topology f.csv) [--memory sram|mram-nominal|mram-relaxed|sot-mram] [--activations ...] [--iso capacity|area] [--preset roy2023] [--json]';

/**
 * The explorer configuration of a `system` command line (schema defaults, --config, --url, flags),
 * with the one flag that sets two fields: --access-resistance ('array', 'device' or ohms).
 */
export function explorerConfigFor(w: Workload, p: ParsedArgs): ExplorerConfig {
  let c = w.config;
  const ra = p.flags['access-resistance'];
  if (typeof ra === 'string') {
    if (ra === 'array' || ra === 'device') c = setPath(c, 'system.accessR', ra);
    else {
      const f = schemaField('deviceParams.accessResistanceOhm');
      const ohm = parseQuantity('--access-resistance', ra, 'ohm');
      try {
        validateField(f, ohm);
      } catch {
        throw new FieldError('--access-resistance', ra, `'array', 'device' or ${acceptedText(f)}`);
      }
      c = setPath(setPath(c, 'system.accessR', 'device'), 'deviceParams.accessResistanceOhm', ohm);
    }
  }
  return c;
}

/**
 * Builds a SystemConfig from a resolved workload and the flags: the one adapter (src/evaluate/adapter.ts)
 * on the configuration, then what only the CLI sets (a topology file, a SCALE-Sim .cfg's SRAM sizes,
 * DRAM, clock, per-pass dataflows, bit statistics, int8).
 */
export function commandLineSystemConfig(w: Workload, p: ParsedArgs, io: CliIO = NO_FILES): SystemConfig {
  const f = p.flags;
  if (f['word-bytes'] !== undefined)
    throw new FieldError('--word-bytes', f['word-bytes'], 'not used by `system`: the element size follows --precision');
  const c = explorerConfigFor(w, p);
  const cfg: SystemConfig = {
    ...systemConfigFor(c),
    network: w.network,
    rows: w.rows,
    cols: w.cols,
    dataflow: w.dataflow,
    batch: w.batch,
    capacity: w.capacity,
    dram: ((f.dram as string | undefined) ?? 'ddr3') as SystemConfig['dram'],
    includeFirstBackwardData: w.includeFirstBackwardData,
  };
  if (f.precision === 'int8') cfg.precision = 'int8';
  if (f.dataflow === 'best') {
    cfg.dataflow = 'ws';
    cfg.dataflowChoice = 'best';
  }
  if (typeof f.bitstats === 'string')
    cfg.switchingByDirection = switchingFromBitStats(io.readFile('--bitstats', f.bitstats));
  const pd: NonNullable<SystemConfig['passDataflow']> = {};
  if (typeof f['dataflow-forward'] === 'string') pd.forward = f['dataflow-forward'] as Dataflow;
  if (typeof f['dataflow-backward-data'] === 'string') pd.backwardData = f['dataflow-backward-data'] as Dataflow;
  if (typeof f['dataflow-weight-gradient'] === 'string') pd.weightGradient = f['dataflow-weight-gradient'] as Dataflow;
  if (Object.keys(pd).length) cfg.passDataflow = pd;
  if (typeof f['dram-bw'] === 'number') cfg.dramBandwidthBytesPerS = f['dram-bw'];
  if (typeof f.clock === 'number') cfg.clockHz = f.clock;
  if (typeof f['samples-per-epoch'] === 'number') cfg.samplesPerEpoch = f['samples-per-epoch'];
  return cfg;
}

const NO_FILES: CliIO = {
  out: () => {},
  err: () => {},
  readFile: (field, path) => {
    throw new FieldError(field, path, 'a readable file');
  },
  writeFile: (field, path) => {
    throw new FieldError(field, path, 'a writable path');
  },
};

/** Parses --banks: 'auto' or a power of two in [1, MAX_BANKS]. */
export function parseBanks(raw: string): number | 'auto' {
  if (raw === 'auto') return 'auto';
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > MAX_BANKS || (n & (n - 1)) !== 0)
    throw new FieldError('--banks', raw, `auto or a power of two in [1, ${MAX_BANKS}]`);
  return n;
}

/** The system-model choices (banks, accumulator, gating, cells, rbw, temperature, switching, protection). */
/**
 * Switching fractions from a `train --json` document: bitStats.<class>.{switch01, switch10, written}
 * (bits): p2ap = switch01 / written, ap2p = switch10 / written. Classes without writes keep the defaults.
 */
export function switchingFromBitStats(text: string): NonNullable<SystemConfig['switchingByDirection']> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FieldError('--bitstats', '(file)', 'a `train --json` output', (e as Error).message);
  }
  const bs = (doc as { bitStats?: Record<string, Record<string, unknown>> } | null)?.bitStats;
  if (!bs || typeof bs !== 'object') throw new FieldError('--bitstats', '(file)', 'a JSON document with bitStats');
  const out: NonNullable<SystemConfig['switchingByDirection']> = {};
  for (const c of ['weights', 'activations', 'errors'] as const) {
    const s = bs[c];
    if (!s) continue;
    const [w, s01, s10] = [s.written, s.switch01, s.switch10];
    if (
      typeof w !== 'number' ||
      typeof s01 !== 'number' ||
      typeof s10 !== 'number' ||
      !(w >= 0) ||
      !(s01 >= 0) ||
      !(s10 >= 0)
    )
      throw new FieldError(`--bitstats bitStats.${c}`, JSON.stringify(s), 'written, switch01, switch10: counts >= 0');
    if (w === 0) continue;
    if (s01 + s10 > w)
      throw new FieldError(`--bitstats bitStats.${c}`, `${s01 + s10} > ${w}`, 'switching bits <= bits written');
    out[c] = { p2ap: s01 / w, ap2p: s10 / w };
  }
  return out;
}

/** Model fields the system checks itself (the array's temperature range), reported under their flags. */
const MODEL_FIELD_FLAG: Record<string, string> = {
  temperatureK: '--temperature',
  'device.temperatureK': '--temperature',
  banks: '--banks',
  accessWidthF: '--access-width',
};
function withSystemFlagNames<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FieldError && MODEL_FIELD_FLAG[e.field])
      throw new FieldError(MODEL_FIELD_FLAG[e.field]!, e.value, e.accepted, e.detail);
    throw e;
  }
}

function summarise(d: DesignEnergy) {
  return {
    placement: d.placement,
    capacityBytes: d.capacityBytes,
    areaMm2: d.areaMm2,
    runtimeS: d.runtimeS,
    boundBy: d.boundBy,
    computeTimeS: d.computeTimeS,
    dramTimeS: d.dramTimeS,
    memoryBusyS: d.memoryBusyS,
    banks: d.banks,
    accesses: d.accesses,
    poweredFraction: d.poweredFraction,
    dataflowCount: d.dataflowCount,
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
    temperatureK: r.temperatureK,
    accessResistanceOhm: r.accessResistanceOhm,
    access: r.access,
    writePoints: r.writePoints,
    warnings: r.warnings,
    macs: r.training.totals.macs,
    cycles: r.training.totals.cycles,
    sram: summarise(r.sram),
    isoCapacity: summarise(r.isoCapacity),
    isoArea: summarise(r.isoArea),
  };
}

/** Runs the system model for a workload (used by `accelerator --energy`). */
export function runSystemForWorkload(w: Workload, p: ParsedArgs): ReturnType<typeof summary> {
  const r = evaluateSystem(commandLineSystemConfig(w, p));
  if (!r.ok) throw new FieldError(r.field ?? 'system', r.reason, 'a feasible memory configuration', r.hint);
  return summary(r);
}

function designText(name: string, d: DesignEnergy): string {
  const b = d.breakdown;
  const mj = (x: number) => (x * 1e3).toPrecision(4);
  return `  ${name.padEnd(14)} ${mj(d.energyPerStepJ).padStart(10)} mJ/step  (compute ${mj(b.compute)}, read ${mj(b.read)}, write ${mj(b.write)}, leakage ${mj(b.leakage)}, DRAM ${mj(b.dram)})  area ${d.areaMm2.toPrecision(3)} mm^2`;
}

function printExplanation(ex: Explanation, json: boolean, io: { out(t: string): void }, preset?: string): number {
  if (json) {
    const { ok: _ok, ...doc } = ex as Explanation & { ok?: true };
    io.out(stringifyFinite(preset ? { preset, ...doc } : doc));
    return 0;
  }
  const lines = [
    `Why this ratio (${ex.network}): SRAM / MRAM energy per step, each rung adds one assumption`,
    ...ex.steps.map(
      (s, i) =>
        `  ${String(i).padStart(2)}. ${s.name.padEnd(58)} iso-capacity ${s.ratioIsoCapacity.toFixed(2).padStart(6)}x  iso-area ${s.ratioIsoArea.toFixed(2).padStart(6)}x\n      ${s.reason} [${s.citation}]`,
    ),
    '',
    'Sensitivity (one change at a time from the configuration, largest first):',
    ...ex.sensitivity.map(
      (s) =>
        `  ${s.name.padEnd(30)} iso-capacity ${s.ratioIsoCapacity.toFixed(2).padStart(6)}x  iso-area ${s.ratioIsoArea.toFixed(2).padStart(6)}x`,
    ),
    '',
    ex.verdict,
    "Each rung's flags: system --explain --json (steps[].flags)",
  ];
  io.out(lines.join('\n'));
  return 0;
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
      const other = [...p.given].filter((k) => !['preset', 'json', 'help', 'explain'].includes(k));
      if (other.length) {
        throw new FieldError(
          `--${other[0]}`,
          p.flags[other[0]!],
          'no other setting with --preset roy2023 (the preset fixes its configuration and network suite)',
        );
      }
      if (p.flags.explain) {
        // The ladder runs on one network of the suite (ResNet-18, the suite's middle); its rungs' flags
        // reproduce each rung exactly. The suite's ratios at the preset are listed beside it.
        const ex = explainSystem({ ...REFERENCE_STUDY_PRESET, network: 'resnet18' }, (c) => evaluateSystem(c));
        if (!ex.ok) throw new FieldError('--preset', 'roy2023', 'a feasible preset', ex.reason);
        return printExplanation(ex, p.flags.json === true, io, 'roy2023');
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
    const w = resolveWorkload(p, io, FLAGS);
    const cfg = withSystemFlagNames(() => commandLineSystemConfig(w, p, io));
    if (p.flags.explain) {
      if (p.flags.topology !== undefined || w.cfg !== undefined)
        throw new FieldError(
          '--explain',
          'with --topology/--config',
          'a built-in network (--net) and a total --capacity',
        );
      cfg.network = w.network.id;
      const ex = explainSystem(cfg, (c) => evaluateSystem(c));
      if (!ex.ok) {
        if (p.flags.json) io.out(stringifyFinite({ ok: false, reason: ex.reason }));
        else io.err(`infeasible: ${ex.reason}`);
        return 1;
      }
      return printExplanation(ex, p.flags.json === true, io);
    }
    const t0 = performance.now();
    const r = withSystemFlagNames(() => evaluateSystem(cfg));
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
        ...(['sram', 'isoCapacity', 'isoArea'] as const).map(
          (k) =>
            `  ${k.padEnd(14)} step ${(r[k].runtimeS * 1e3).toPrecision(4)} ms, bound by ${r[k].boundBy}; banks ${TENSOR_CLASSES.map((c) => `${c} ${r[k].banks[c]}`).join(', ')}`,
        ),
        `SRAM / design energy: iso-capacity ${r.ratioIsoCapacity.toFixed(3)}x, iso-area ${r.ratioIsoArea.toFixed(3)}x`,
        ...r.warnings.map((w) => `warning: ${w}`),
        `evaluated in ${elapsedMs.toFixed(1)} ms`,
      ].join('\n'),
    );
    return 0;
  },
};
