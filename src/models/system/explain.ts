/**
 * "Why this ratio": a ladder of rungs from a configuration towards the reference study's regime
 * (Roy, Wang, Raghunathan 2023, arXiv 2308.02024, report 15-22x in favour of MRAM), each rung one named
 * assumption with its physical reason and source, applied on top of the previous ones; and a
 * sensitivity table (one change at a time from the configuration) for a tornado chart.
 * Rung values are fixed by their sources; none is solved for or tuned towards the published band.
 * Every rung carries the `system` CLI flags that reproduce it (`system <flags> --json`).
 */
import { FieldError } from '../errors.ts';
import type { TensorClass } from '../accelerator/index.ts';
import { TENSOR_CLASSES } from '../accelerator/index.ts';
import type { ModelResult } from '../result.ts';
import type { ComponentEnergy } from './energy.ts';
import {
  DEFAULT_ACCUMULATOR,
  DEFAULT_BANKS,
  DEFAULT_GATING,
  DEFAULT_NOMINAL_WRITE,
  DEFAULT_READ_BEFORE_WRITE,
  DEFAULT_RELAXED_WRITE,
  DEFAULT_SWITCHING_FRACTION,
  DEFAULT_TEMPERATURE_K,
  DEFAULT_DRAM,
} from './params.ts';
import type { SystemConfig, SystemResult } from './index.ts';

/** The published band the ladder is read against (Roy et al. 2023). */
export const REFERENCE_BAND: readonly [number, number] = [15, 22];

export interface LadderStep {
  name: string;
  reason: string;
  citation: string;
  /** `system` flags that reproduce this rung exactly (`system <flags> --json`). */
  flags: string;
  ratioIsoCapacity: number;
  ratioIsoArea: number;
  /** SRAM baseline and iso-capacity MRAM energy by component, J per step. */
  breakdown: { sram: ComponentEnergy; isoCapacity: ComponentEnergy; isoArea: ComponentEnergy };
  boundBy: { sram: string; isoCapacity: string; isoArea: string };
}

export interface SensitivityItem {
  name: string;
  /** The single change, as `system` flags replacing the base ones. */
  change: string;
  ratioIsoCapacity: number;
  ratioIsoArea: number;
  /** |log10(ratio / base ratio)| at iso-capacity (the tornado's sort key). */
  swing: number;
}

export interface Explanation {
  network: string;
  steps: LadderStep[];
  sensitivity: SensitivityItem[];
  baseRatioIsoCapacity: number;
  baseRatioIsoArea: number;
  band: readonly [number, number];
  /** Where the last rung lands and, if below the band, what the ladder says it would take. */
  verdict: string;
  /** The configuration's warnings (see SystemResult.warnings). */
  warnings: string[];
}

type Patch = Partial<SystemConfig>;
interface Rung {
  name: string;
  reason: string;
  citation: string;
  patch: Patch;
}

/** The ladder's rungs, in order. A rung that changes nothing in the configuration is skipped. */
export const LADDER: readonly Rung[] = [
  {
    name: 'Accumulator buffer for partial sums',
    reason:
      'Partial sums of ws/is folds stay in an SRAM accumulator beside the array; only final outputs reach the MRAM scratchpad, removing most MRAM writes.',
    citation: 'Jouppi et al., ISCA 2017 (TPU v1: 4096 x 256 32-bit accumulators)',
    patch: { accumulator: 'sram' },
  },
  {
    name: 'Banks sized to keep the array compute-bound',
    reason:
      'One bank cannot serve a systolic array: MRAM writes of ~10 ns would stretch the step; banks serve accesses in parallel.',
    citation: 'Dong et al., TCAD 2012 (NVSim multi-bank organisation)',
    patch: { banks: 'auto' },
  },
  {
    name: 'Power-gate idle MRAM banks, gate SRAM without live data',
    reason: 'MRAM keeps data unpowered, so its periphery need only be on while its class is in use.',
    citation: 'Hu et al., ISLPED 2004 (power-gating break-even and wake-up)',
    patch: { gating: true },
  },
  {
    name: 'Read-before-write',
    reason: 'Only bits that switch are driven; training changes about 18-45 % of the stored bits per write.',
    citation: 'Zhou et al., ISLPED 2009 (early write termination); switching fractions from this engine',
    patch: { readBeforeWrite: true },
  },
  {
    name: 'Per-GEMM dataflow chosen by energy',
    reason: 'Each of the three GEMMs of a layer has a different shape; an accelerator can pick os/ws/is per GEMM.',
    citation: 'Samajdar et al., ISPASS 2020 (SCALE-Sim: dataflow depends on GEMM shape)',
    patch: { dataflowChoice: 'best' },
  },
  {
    name: 'Operating temperature 350 K',
    reason: 'A loaded accelerator runs hot; sub-threshold leakage roughly doubles from 300 to 350 K.',
    citation: 'Dong et al., TCAD 2012 (NVSim default 350 K)',
    patch: { temperatureK: 350 },
  },
  {
    name: 'High-performance SRAM cells',
    reason: 'A scratchpad built for speed uses HP cells, whose off current is ~28x the LOP cells at 22 nm.',
    citation: 'MASTAR/ITRS 22 nm HP vs LOP tables, as in NVSim (Dong et al., TCAD 2012)',
    patch: { sramCell: 'hp' },
  },
  {
    name: 'High-performance periphery',
    reason: 'Decoders, drivers and sense amplifiers in HP transistors: faster, and leakier in both SRAM and MRAM.',
    citation: 'MASTAR/ITRS 22 nm HP tables, as in NVSim (Dong et al., TCAD 2012)',
    patch: { roadmap: 'hp' },
  },
  {
    name: 'Large on-chip memory: 128 MiB',
    reason:
      'Training accelerators carry tens to hundreds of MiB on chip; leakage grows with capacity, dynamic energy barely.',
    citation: 'Jouppi et al., ISCA 2021 (TPU v4i: 128 MiB common memory)',
    patch: { capacity: { totalBytes: 128 * 1024 * 1024 } },
  },
];

/** Single changes for the sensitivity (tornado) view. */
export function sensitivityChanges(cfg: SystemConfig): { name: string; patch: Patch }[] {
  const total = cfg.capacity.totalBytes ?? 4 * 1024 * 1024;
  const out: { name: string; patch: Patch }[] = [];
  if (total * 4 <= 256 * 1024 * 1024) out.push({ name: 'capacity x4', patch: { capacity: { totalBytes: total * 4 } } });
  if (total / 4 >= 64 * 1024) out.push({ name: 'capacity /4', patch: { capacity: { totalBytes: total / 4 } } });
  for (const c of ['hp', 'lop', 'lstp'] as const) out.push({ name: `SRAM cell ${c}`, patch: { sramCell: c } });
  out.push({
    name: `periphery ${cfg.roadmap === 'hp' ? 'lop' : 'hp'}`,
    patch: { roadmap: cfg.roadmap === 'hp' ? 'lop' : 'hp' },
  });
  out.push({ name: 'temperature 350 K', patch: { temperatureK: 350 } });
  out.push({
    name: `gating ${(cfg.gating ?? DEFAULT_GATING) ? 'off' : 'on'}`,
    patch: { gating: !(cfg.gating ?? DEFAULT_GATING) },
  });
  out.push({
    name: `accumulator ${(cfg.accumulator ?? DEFAULT_ACCUMULATOR) === 'sram' ? 'none' : 'sram'}`,
    patch: { accumulator: (cfg.accumulator ?? DEFAULT_ACCUMULATOR) === 'sram' ? 'none' : 'sram' },
  });
  out.push({ name: 'one bank', patch: { banks: 1 } });
  out.push({
    name: `read-before-write ${(cfg.readBeforeWrite ?? DEFAULT_READ_BEFORE_WRITE) ? 'off' : 'on'}`,
    patch: { readBeforeWrite: !(cfg.readBeforeWrite ?? DEFAULT_READ_BEFORE_WRITE) },
  });
  out.push({ name: 'per-GEMM best dataflow', patch: { dataflowChoice: 'best' } });
  out.push({ name: 'batch x4', patch: { batch: cfg.batch * 4 } });
  out.push({ name: 'precision fp32', patch: { precision: 'fp32' } });
  out.push({ name: 'DRAM hbm2', patch: { dram: 'hbm2' } });
  // The access transistor: NVSim's sample cell (8 F, 54 F^2) with the device field's 1.5 kOhm, the tool's
  // earlier assumption, against the array's transistor sized for the nominal write.
  if (cfg.accessWidthF !== 8 || cfg.accessResistanceOhm !== 1500)
    out.push({ name: 'access 8 F at 1.5 kOhm', patch: { accessWidthF: 8, accessResistanceOhm: 1500 } });
  out.push({
    name: 'all classes relaxed MRAM',
    patch: {
      placement: {
        weights: 'mram-relaxed',
        activations: 'mram-relaxed',
        errors: 'mram-relaxed',
        weightGradients: 'mram-relaxed',
      },
    },
  });
  return out;
}

const CLASS_FLAG: Record<TensorClass, string> = {
  weights: 'weights',
  activations: 'activations',
  errors: 'errors',
  weightGradients: 'weight-gradients',
};

/**
 * The `system` CLI flags of a configuration, every setting written out (so a rung never depends on
 * defaults). Throws FieldError for what flags cannot express (a network object, per-class capacities).
 */
export function systemFlagsFor(cfg: SystemConfig): string {
  if (typeof cfg.network !== 'string') throw new FieldError('network', 'topology', 'a built-in network for --explain');
  if (cfg.switchingByDirection && Object.keys(cfg.switchingByDirection).length > 0)
    throw new FieldError('--bitstats', 'per-direction switching', 'per-class --switch-* fractions for --explain');
  if (cfg.capacity.totalBytes === undefined)
    throw new FieldError('capacity', 'per-class', 'a total capacity (--capacity) for --explain');
  const nw = cfg.nominalWrite ?? DEFAULT_NOMINAL_WRITE;
  const rw = cfg.relaxedWrite ?? DEFAULT_RELAXED_WRITE;
  const f: string[] = [
    `--net ${cfg.network}`,
    `--rows ${cfg.rows}`,
    `--cols ${cfg.cols}`,
    `--dataflow ${cfg.dataflowChoice === 'best' ? 'best' : cfg.dataflow}`,
    `--batch ${cfg.batch}`,
    `--capacity ${cfg.capacity.totalBytes}`,
    ...TENSOR_CLASSES.map((c) => `--${CLASS_FLAG[c]} ${cfg.placement[c]}`),
    `--node ${cfg.nodeNm}`,
    `--roadmap ${cfg.roadmap}`,
    `--precision ${cfg.precision ?? 'bf16'}`,
    `--dram ${cfg.dram ?? DEFAULT_DRAM}`,
    `--nominal-v ${nw.voltageV}`,
    `--nominal-pulse ${nw.pulseWidthS}`,
    `--relaxed-v ${rw.voltageV}`,
    `--relaxed-pulse ${rw.pulseWidthS}`,
    `--banks ${cfg.banks ?? DEFAULT_BANKS}`,
    `--accumulator ${cfg.accumulator ?? DEFAULT_ACCUMULATOR}`,
    `--gating ${(cfg.gating ?? DEFAULT_GATING) ? 'on' : 'off'}`,
    `--sram-cell ${cfg.sramCell ?? cfg.roadmap}`,
    `--rbw ${(cfg.readBeforeWrite ?? DEFAULT_READ_BEFORE_WRITE) ? 'on' : 'off'}`,
    `--temperature ${cfg.temperatureK ?? DEFAULT_TEMPERATURE_K}`,
    `--access-resistance ${cfg.accessResistanceOhm ?? 'array'}`,
    `--access-width ${cfg.accessWidthF ?? 'auto'}`,
    ...TENSOR_CLASSES.map(
      (c) => `--switch-${CLASS_FLAG[c]} ${cfg.switchingFraction?.[c] ?? DEFAULT_SWITCHING_FRACTION[c]}`,
    ),
    ...(['weights', 'activations', 'errors'] as const).map((c) => `--protect-${c} ${cfg.protect?.[c] ?? 'none'}`),
    `--iso ${cfg.isoMode}`,
  ];
  const pd = cfg.passDataflow ?? {};
  if (pd.forward) f.push(`--dataflow-forward ${pd.forward}`);
  if (pd.backwardData) f.push(`--dataflow-backward-data ${pd.backwardData}`);
  if (pd.weightGradient) f.push(`--dataflow-weight-gradient ${pd.weightGradient}`);
  if (cfg.clockHz !== undefined) f.push(`--clock ${cfg.clockHz}`);
  if (cfg.dramBandwidthBytesPerS !== undefined) f.push(`--dram-bw ${cfg.dramBandwidthBytesPerS}`);
  if (cfg.samplesPerEpoch !== undefined) f.push(`--samples-per-epoch ${cfg.samplesPerEpoch}`);
  if (cfg.includeFirstBackwardData) f.push('--include-first-bwd');
  return f.join(' ');
}

function changes(cfg: SystemConfig, patch: Patch): boolean {
  return Object.entries(patch).some(([k, v]) => {
    const cur = (cfg as unknown as Record<string, unknown>)[k];
    if (k === 'sramCell') return (cfg.sramCell ?? cfg.roadmap) !== v;
    if (k === 'banks') return (cfg.banks ?? DEFAULT_BANKS) !== v;
    if (k === 'gating') return (cfg.gating ?? DEFAULT_GATING) !== v;
    if (k === 'accumulator') return (cfg.accumulator ?? DEFAULT_ACCUMULATOR) !== v;
    if (k === 'readBeforeWrite') return (cfg.readBeforeWrite ?? DEFAULT_READ_BEFORE_WRITE) !== v;
    if (k === 'temperatureK') return (cfg.temperatureK ?? DEFAULT_TEMPERATURE_K) !== v;
    return JSON.stringify(cur) !== JSON.stringify(v);
  });
}

function withPatch(cfg: SystemConfig, patch: Patch): SystemConfig {
  const next: SystemConfig = { ...cfg, ...patch };
  // The SRAM cell class follows the periphery unless set: keep the current cell class when the roadmap moves.
  if (patch.roadmap !== undefined && patch.sramCell === undefined) next.sramCell = cfg.sramCell ?? cfg.roadmap;
  return next;
}

/**
 * Builds the ladder and the sensitivity table for a configuration. `evaluate` is evaluateSystem (injected
 * to keep this module free of a cycle). Infeasible rungs end the ladder with their reason.
 */
export function explainSystem(
  cfg: SystemConfig,
  evaluate: (c: SystemConfig) => ModelResult<SystemResult>,
): ModelResult<Explanation> {
  const step = (name: string, reason: string, citation: string, c: SystemConfig): ModelResult<LadderStep> => {
    const r = evaluate(c);
    if (!r.ok) return r;
    return {
      ok: true,
      name,
      reason,
      citation,
      flags: systemFlagsFor(c),
      ratioIsoCapacity: r.ratioIsoCapacity,
      ratioIsoArea: r.ratioIsoArea,
      breakdown: { sram: r.sram.breakdown, isoCapacity: r.isoCapacity.breakdown, isoArea: r.isoArea.breakdown },
      boundBy: { sram: r.sram.boundBy, isoCapacity: r.isoCapacity.boundBy, isoArea: r.isoArea.boundBy },
    };
  };
  const first = step('Current configuration', 'The configuration as given.', 'this tool', cfg);
  if (!first.ok) return first;
  const baseResult = evaluate(cfg);
  const warnings = baseResult.ok ? baseResult.warnings : [];
  const { ok: _o, ...s0 } = first;
  const steps: LadderStep[] = [s0];
  let cur = cfg;
  let stopped = '';
  for (const r of LADDER) {
    if (!changes(cur, r.patch)) continue;
    const next = withPatch(cur, r.patch);
    const s = step(r.name, r.reason, r.citation, next);
    if (!s.ok) {
      stopped = ` (stopped at "${r.name}": ${s.reason})`;
      break;
    }
    const { ok: _k, ...rest } = s;
    steps.push(rest);
    cur = next;
  }
  const base = steps[0]!;
  const sensitivity: SensitivityItem[] = [];
  for (const ch of sensitivityChanges(cfg)) {
    if (!changes(cfg, ch.patch)) continue;
    const c = withPatch(cfg, ch.patch);
    const r = evaluate(c);
    if (!r.ok) continue;
    sensitivity.push({
      name: ch.name,
      change: systemFlagsFor(c),
      ratioIsoCapacity: r.ratioIsoCapacity,
      ratioIsoArea: r.ratioIsoArea,
      swing: Math.abs(Math.log10(r.ratioIsoCapacity / base.ratioIsoCapacity)),
    });
  }
  sensitivity.sort((a, b) => b.swing - a.swing);
  const last = steps[steps.length - 1]!;
  const [lo, hi] = REFERENCE_BAND;
  const inBand = (x: number) => x >= lo && x <= hi;
  const fmt = (x: number) => `${x.toFixed(2)}x`;
  const enter = steps.find((s) => s.ratioIsoCapacity >= lo || s.ratioIsoArea >= lo);
  let verdict = `The configuration gives ${fmt(base.ratioIsoCapacity)} (iso-capacity) and ${fmt(base.ratioIsoArea)} (iso-area) against the published ${lo}-${hi}x. `;
  if (inBand(base.ratioIsoCapacity) || inBand(base.ratioIsoArea)) verdict += 'It lies in the band as it is.';
  else if (enter)
    verdict += `The ladder reaches ${lo}x at "${enter.name}" (${fmt(enter.ratioIsoCapacity)} iso-capacity, ${fmt(enter.ratioIsoArea)} iso-area): the published band needs every assumption up to that rung.`;
  else
    verdict += `After every rung it gives ${fmt(last.ratioIsoCapacity)} / ${fmt(last.ratioIsoArea)}: still below the band; none of these cited assumptions alone or together reaches it, the largest single lever being "${sensitivity[0]?.name ?? 'none'}".`;
  return {
    ok: true,
    network: typeof cfg.network === 'string' ? cfg.network : cfg.network.id,
    steps,
    sensitivity,
    baseRatioIsoCapacity: base.ratioIsoCapacity,
    baseRatioIsoArea: base.ratioIsoArea,
    band: REFERENCE_BAND,
    verdict: verdict + stopped + (warnings.length ? ` Warning: ${warnings.join('; ')}.` : ''),
    warnings,
  };
}
