/**
 * `device`: the STT-MRAM MTJ write model from the command line.
 *   device [--voltage 0.8V] [--pulse 5ns] [parameter overrides] [--json]
 *   device sweep --voltages 0.5:1.2:8 --pulses 1ns:50ns:12 [--format csv|json]
 *   device mc [--trajectories 2000] [--seed 1] [--direction p2ap|ap2p|both] [--json]
 */
import { checkRange, FieldError } from '../../models/errors.ts';
import {
  DEFAULT_DTAU,
  DEVICE_FIELDS,
  evaluateWrite,
  minPulseForWer,
  mcAgreementFactor,
  minVoltageForWer,
  sllgSetup,
  validateDeviceParams,
  type DeviceParams,
  type DeviceWriteResult,
  type SllgResult,
  type WriteDirection,
} from '../../models/device/index.ts';
import { formatSI } from '../../models/units.ts';
import { defaultWorkers, runSllgPool } from '../mc/pool.ts';
import type { CliIO, Command } from '../command.ts';
import { formatHelp, parseArgs, parseQuantity, type FlagSpecs, type ParsedArgs } from '../flags.ts';
import { ACCESS_WIDTH_FLAG, CONFIG_FLAGS, fieldFlag, resolveConfig } from '../schema-flags.ts';
import { FIELD_BY_PATH, type ExplorerConfig } from '../../schema/schema.ts';
import { deviceParamsFor, writePointsFor } from '../../evaluate/adapter.ts';
import { findNonFinite, NonFiniteOutputError, stringifyFinite } from '../json.ts';

import {
  DEVICE_SWEEP_MAX_LIST,
  DEVICE_SWEEP_MAX_POINTS,
  MC_MAX_TRAJECTORIES,
  MC_MAX_WORST_CASE_STEPS,
  estimateMcSeconds,
  longWorkWarning,
} from '../../schema/limits.ts';

/** Worst-case integration steps `device mc` accepts per direction (src/schema/limits.ts). */
export { MC_MAX_WORST_CASE_STEPS };

export const POINT_FLAGS: FlagSpecs = {
  ...CONFIG_FLAGS,
  voltage: fieldFlag('device.voltageV', {
    help: 'write voltage across the cell (MTJ + access transistor); positive: the direction sets the polarity (the relaxed write of the explorer)',
  }),
  pulse: fieldFlag('device.pulseWidthS', { help: 'write pulse width, e.g. 5ns' }),
};

/** The device-parameter flags: those of the schema from FIELDS, the optional ones (no schema field) from DEVICE_FIELDS. */
function paramFlags(): FlagSpecs {
  const out: FlagSpecs = {
    model: fieldFlag('deviceParams.werModel', {
      help: 'WER model: fp (Fokker-Planck solver) or closed-form (Butler + Neel-Brown blend)',
    }),
    'access-width': ACCESS_WIDTH_FLAG,
  };
  for (const f of DEVICE_FIELDS) {
    const path = `deviceParams.${f.key}`;
    if (FIELD_BY_PATH.has(path)) {
      out[f.flag] = fieldFlag(path, {
        help: f.relative ? `${f.label}: a fraction or a percentage, e.g. 0.05 or 5%` : f.label,
        ...(f.relative ? { text: true } : {}),
      });
      continue;
    }
    // Optional parameters are not part of the explorer configuration: no default (derived when absent).
    const help = `${f.label} (optional)`;
    out[f.flag] =
      f.unit === '' || f.unit.includes('/')
        ? { kind: 'number', help: `${help}${f.unit ? ` [${f.unit}]` : ''}` }
        : { kind: 'quantity', unit: f.unit, help };
  }
  return out;
}

export const MAIN_FLAGS: FlagSpecs = {
  ...POINT_FLAGS,
  'target-wer': {
    kind: 'number',
    help: 'also report the minimum pulse (at --voltage) and voltage (at --pulse) for this WER',
  },
  'nominal-voltage': fieldFlag('device.nominalVoltageV', {
    help: 'reference "nominal" write voltage for the energy saving',
  }),
  'nominal-pulse': fieldFlag('device.nominalPulseWidthS', {
    help: 'reference "nominal" write pulse for the energy saving',
  }),
  ...paramFlags(),
};

export const SWEEP_FLAGS: FlagSpecs = {
  voltages: {
    kind: 'string',
    help: 'voltages: start:stop:count (linear, inclusive) or a comma list; units allowed (0.5V:1.2V:8)',
    default: '0.5:1.2:8',
  },
  pulses: {
    kind: 'string',
    help: 'pulse widths: start:stop:count or a comma list, e.g. 1ns:50ns:12',
    default: '1ns:50ns:12',
  },
  'pulse-spacing': {
    kind: 'enum',
    choices: ['log', 'lin'],
    help: 'spacing of a start:stop:count pulse range',
    default: 'log',
  },
  format: { kind: 'enum', choices: ['csv', 'json'], help: 'output format (--json implies json)', default: 'csv' },
  ...CONFIG_FLAGS,
  ...paramFlags(),
};

export const MC_FLAGS: FlagSpecs = {
  ...POINT_FLAGS,
  trajectories: {
    kind: 'int',
    help: 'Monte Carlo trajectories per direction',
    min: 1,
    max: MC_MAX_TRAJECTORIES,
    default: 2000,
  },
  seed: fieldFlag('seed', { help: 'random seed' }),
  direction: {
    kind: 'enum',
    choices: ['p2ap', 'ap2p', 'both'],
    help: 'write direction(s) to simulate',
    default: 'both',
  },
  dt: {
    kind: 'quantity',
    unit: 's',
    help: 'integration time step (default 0.05 t0 = 0.05 alpha tau_D)',
    min: 0,
    minExclusive: true,
  },
  workers: {
    kind: 'int',
    help: 'worker threads (default: every core; small runs stay on one); results do not depend on it',
    min: 1,
    max: 256,
  },
  ...paramFlags(),
};

const USAGE_MAIN = 'device [sweep|mc] [--voltage 0.8V] [--pulse 5ns] [--<parameter> value ...] [--json]';

/** A relative spread as written on the command line: a fraction (0.05) or a percentage (5%). */
export function parseRelative(flag: string, raw: string, min: number, max: number): number {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(%?)\s*$/.exec(raw);
  const accepted = `a fraction in [${min}, ${max}] or a percentage in [${min * 100}%, ${max * 100}%] (e.g. 0.05 or 5%)`;
  if (!m) throw new FieldError(flag, raw, accepted);
  const v = Number(m[1]) / (m[2] ? 100 : 1);
  if (!Number.isFinite(v) || v < min || v > max) throw new FieldError(flag, raw, accepted);
  return v;
}

/**
 * The device of a command line: the configuration (schema defaults, --config, --url, flags) through the
 * one adapter (its access transistor included), then the spreads written as 5% and the optional
 * parameters; each given flag is range-checked under its own name.
 */
export function deviceFromArgs(
  a: ParsedArgs,
  specs: FlagSpecs,
  io: CliIO,
): { config: ExplorerConfig; params: DeviceParams } {
  const config = resolveConfig(a, specs, io).config;
  const p: DeviceParams = { ...withDeviceFlagNames(() => deviceParamsFor(config)) };
  for (const f of DEVICE_FIELDS) {
    if (!a.given.has(f.flag)) continue;
    if (f.relative) {
      (p as unknown as Record<string, number>)[f.key] = parseRelative(
        `--${f.flag}`,
        a.flags[f.flag] as string,
        f.min,
        f.max,
      );
      continue;
    }
    if (FIELD_BY_PATH.has(`deviceParams.${f.key}`)) continue; // set (and checked) through the configuration
    const n = a.flags[f.flag] as number;
    checkRange(`--${f.flag}`, n, f.min, f.max, f.unit, {
      minExclusive: f.minExclusive ?? false,
      maxExclusive: f.maxExclusive ?? false,
    });
    if (f.integer && !Number.isInteger(n)) throw new FieldError(`--${f.flag}`, n, `an integer in [${f.min}, ${f.max}]`);
    (p as unknown as Record<string, number>)[f.key] = n;
  }
  withDeviceFlagNames(() => validateDeviceParams(p));
  return { config, params: p };
}

/** Device-parameter FieldErrors (cross-field checks, e.g. temperature against the Curie point) under the flag as written. */
function withDeviceFlagNames<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const f = e instanceof FieldError ? DEVICE_FIELDS.find((x) => e.field === `device.${x.key}`) : undefined;
    if (e instanceof FieldError && f) {
      const err = new FieldError(`--${f.flag}`, e.value, e.accepted, e.detail);
      err.message = `--${f.flag}: ${e.message.slice(e.field.length + 2)}`;
      throw err;
    }
    throw e;
  }
}

/** Re-throw model FieldErrors under the CLI flag names. */
function withFlagNames<T>(fn: () => T): T {
  const map: Record<string, string> = {
    voltageV: '--voltage',
    pulseWidthS: '--pulse',
    targetWer: '--target-wer',
    trajectories: '--trajectories',
    seed: '--seed',
    dtS: '--dt',
  };
  try {
    return fn();
  } catch (e) {
    if (e instanceof FieldError && map[e.field]) {
      // a parameter the message cites (device.breakdownVoltageV) is named by its flag (--breakdown-voltage)
      const msg = e.message.slice(e.field.length + 2).replace(/device\.(\w+)/g, (m, k: string) => {
        const f = DEVICE_FIELDS.find((d) => d.key === k);
        return f ? `--${f.flag}` : m;
      });
      const err = new FieldError(map[e.field]!, e.value, e.accepted);
      err.message = `${map[e.field]}: ${msg}`;
      throw err;
    }
    throw e;
  }
}

/** Parse a list flag: "a:b:n" (n points, inclusive; log or linear) or "a,b,c"; values with optional units. */
export function parseList(field: string, raw: string, unit: string, spacing: 'lin' | 'log'): number[] {
  const parts = raw.split(':');
  if (parts.length === 3) {
    const a = parseQuantity(field, parts[0]!, unit);
    const b = parseQuantity(field, parts[1]!, unit);
    const n = Number(parts[2]);
    if (!/^\d+$/.test(parts[2]!.trim()) || !Number.isInteger(n) || n < 1 || n > DEVICE_SWEEP_MAX_LIST)
      throw new FieldError(field, raw, `start:stop:count with count an integer in [1, ${DEVICE_SWEEP_MAX_LIST}]`);
    if (n === 1) return [a];
    if (spacing === 'log') {
      if (!(a > 0 && b > 0)) throw new FieldError(field, raw, 'positive start and stop for a log-spaced range');
      return Array.from({ length: n }, (_, k) => a * Math.pow(b / a, k / (n - 1)));
    }
    return Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));
  }
  if (parts.length !== 1) throw new FieldError(field, raw, 'start:stop:count or a comma-separated list');
  let commas = 0;
  for (let i = 0; i < raw.length && commas < DEVICE_SWEEP_MAX_LIST; i++) if (raw.charCodeAt(i) === 44) commas++;
  if (commas >= DEVICE_SWEEP_MAX_LIST) throw new FieldError(field, raw, `1 to ${DEVICE_SWEEP_MAX_LIST} values`);
  return raw.split(',').map((s) => parseQuantity(field, s, unit));
}

/** The JSON document of `device` (contract keys plus extras). */
export function deviceJson(r: DeviceWriteResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    voltageV: r.voltageV,
    pulseWidthS: r.pulseWidthS,
    wer: r.wer,
    werModel: r.werModel,
    werArrayMean: r.werArrayMean,
    werWorstBit: r.werWorstBit,
    worstPercentile: r.worstPercentile,
    werClosedForm: r.werClosedForm,
    werLaws: r.werLaws,
    regime: r.regime,
    writeEnergyJ: r.writeEnergyJ,
    writeCurrentA: r.writeCurrentA,
    normalizedCurrent: r.normalizedCurrent,
    mtjVoltageV: r.mtjVoltageV,
    criticalCurrentA: r.criticalCurrentA,
    thermalStability: r.thermalStability,
    hkAPerM: r.hkAPerM,
    energyBarrierJ: r.energyBarrierJ,
    resistanceOhm: r.resistanceOhm,
    tauDS: r.tauDS,
    volumeM3: r.volumeM3,
    areaM2: r.areaM2,
    retentionTimeS: r.retentionTimeS,
    thermalRegimeMaxI: r.thermalRegimeMaxI,
    maxWriteVoltageV: r.maxWriteVoltageV,
    temperatureK: r.temperatureK,
    msAPerM: r.msAPerM,
    readCurrentA: r.readCurrentA,
    readDisturbProbability: r.readDisturbProbability,
    retentionFailureProbability: r.retentionFailureProbability,
    retentionWindowS: r.retentionWindowS,
    ...extra,
  };
}

const e3 = (x: number) => (x === 0 ? '0' : x.toExponential(3));

function runMain(argv: string[], io: CliIO): number {
  const a = parseArgs(MAIN_FLAGS, argv);
  if (a.flags.help) {
    io.out(
      formatHelp(
        'device',
        'STT-MRAM MTJ write: WER, energy, current; derived Delta, Ic0, R, tau_D',
        USAGE_MAIN,
        MAIN_FLAGS,
      ) +
        '\n\nsubcommands:\n  sweep   WER grid over voltage and pulse width (device sweep --help)\n  mc      stochastic LLG Monte Carlo at one point (device mc --help)',
    );
    return 0;
  }
  if (a.positionals.length) throw new FieldError('subcommand', a.positionals[0], 'sweep or mc (or none)');
  const { config, params: p } = deviceFromArgs(a, MAIN_FLAGS, io);
  const w = writePointsFor(config);
  const V = w.relaxed.voltageV;
  const t = w.relaxed.pulseWidthS;
  const r = withFlagNames(() => evaluateWrite(p, V, t));
  const nominal = withFlagNames(() => {
    try {
      return evaluateWrite(p, w.nominal.voltageV, w.nominal.pulseWidthS);
    } catch (e) {
      if (e instanceof FieldError) {
        const f =
          e.field === 'voltageV' ? '--nominal-voltage' : e.field === 'pulseWidthS' ? '--nominal-pulse' : e.field;
        throw new FieldError(f, e.value, e.accepted);
      }
      throw e;
    }
  });
  const saving = 1 - r.writeEnergyJ.average / nominal.writeEnergyJ.average;
  const bad = findNonFinite({ ...deviceJson(r), nominal: nominal.writeEnergyJ, energySavingVsNominal: saving });
  if (bad) throw new NonFiniteOutputError(bad[0], bad[1]);
  const extra: Record<string, unknown> = {
    nominal: {
      voltageV: nominal.voltageV,
      pulseWidthS: nominal.pulseWidthS,
      writeEnergyJ: nominal.writeEnergyJ,
      wer: nominal.wer,
    },
    energySavingVsNominal: saving,
  };
  if (a.given.has('target-wer')) {
    const target = a.flags['target-wer'] as number;
    extra.targetWer = target;
    extra.minPulseForTarget = withFlagNames(() => minPulseForWer(p, V, target, 'both'));
    extra.minVoltageForTarget = withFlagNames(() => minVoltageForWer(p, t, target, 'both'));
  }
  if (a.flags.json) {
    io.out(stringifyFinite(deviceJson(r, extra), 2));
    return 0;
  }
  const lines = [
    `device: write at ${formatSI(V, 'V')}, ${formatSI(t, 's')} pulse, ${r.temperatureK} K`,
    '',
    'derived:',
    `  volume                 ${e3(r.volumeM3)} m^3`,
    `  Hk                     ${e3(r.hkAPerM)} A/m`,
    `  Delta                  ${r.thermalStability.toFixed(2)}`,
    `  Ic0 P->AP / AP->P      ${formatSI(r.criticalCurrentA.pToAp, 'A')} / ${formatSI(r.criticalCurrentA.apToP, 'A')}`,
    `  R_P / R_AP (0 V)       ${formatSI(r.resistanceOhm.p, 'ohm')} / ${formatSI(r.resistanceOhm.ap, 'ohm')}`,
    `  tau_D                  ${formatSI(r.tauDS, 's')}`,
    `  max write voltage      ${formatSI(r.maxWriteVoltageV, 'V')} (MgO breakdown ${p.breakdownVoltageV} V across the MTJ)`,
    `  thermal law up to i =  ${r.thermalRegimeMaxI.toFixed(3)} (blend to i = 1, precessional above)`,
    '',
    'write:                  P->AP          AP->P',
    `  current              ${formatSI(r.writeCurrentA.pToAp, 'A').padEnd(15)}${formatSI(r.writeCurrentA.apToP, 'A')}`,
    `  i = I/Ic0            ${r.normalizedCurrent.pToAp.toFixed(3).padEnd(15)}${r.normalizedCurrent.apToP.toFixed(3)}`,
    `  regime               ${r.regime.pToAp.padEnd(15)}${r.regime.apToP}`,
    `  WER (${r.werModel === 'fp' ? 'Fokker-Planck' : 'closed form'})${' '.repeat(r.werModel === 'fp' ? 1 : 3)}${e3(r.wer.pToAp).padEnd(15)}${e3(r.wer.apToP)}`,
    `  WER closed form      ${e3(r.werClosedForm.pToAp).padEnd(15)}${e3(r.werClosedForm.apToP)}`,
    `  WER array mean       ${e3(r.werArrayMean.pToAp).padEnd(15)}${e3(r.werArrayMean.apToP)}`,
    `  WER worst bit (${r.worstPercentile} %) ${e3(r.werWorstBit.pToAp).padEnd(15)}${e3(r.werWorstBit.apToP)}`,
    `  energy / bit         ${formatSI(r.writeEnergyJ.pToAp, 'J').padEnd(15)}${formatSI(r.writeEnergyJ.apToP, 'J')}`,
    `  energy / bit, random data: ${formatSI(r.writeEnergyJ.average, 'J')}; saving vs nominal (${formatSI(nominal.voltageV, 'V')}, ${formatSI(nominal.pulseWidthS, 's')}): ${(100 * saving).toFixed(1)} %`,
    '',
    `read disturb / read     ${e3(r.readDisturbProbability)} (read current ${formatSI(r.readCurrentA, 'A')}, ${formatSI(p.readPulseWidthS, 's')})`,
    `retention failure       ${e3(r.retentionFailureProbability)} over ${(r.retentionWindowS / 31557600).toPrecision(3)} years`,
  ];
  if (extra.minPulseForTarget) {
    const mp = extra.minPulseForTarget as { ok: boolean; pulseWidthS?: number; reason?: string };
    const mv = extra.minVoltageForTarget as { ok: boolean; voltageV?: number; reason?: string };
    lines.push(
      `min pulse for WER ${extra.targetWer} at ${formatSI(V, 'V')}: ${mp.ok ? formatSI(mp.pulseWidthS!, 's') : 'infeasible: ' + mp.reason}`,
      `min voltage for WER ${extra.targetWer} at ${formatSI(t, 's')}: ${mv.ok ? formatSI(mv.voltageV!, 'V') : 'infeasible: ' + mv.reason}`,
    );
  }
  io.out(lines.join('\n'));
  return 0;
}

function runSweep(argv: string[], io: CliIO): number {
  const a = parseArgs(SWEEP_FLAGS, argv);
  if (a.flags.help) {
    io.out(
      formatHelp(
        'device sweep',
        'WER grid over write voltage and pulse width',
        'device sweep --voltages 0.5:1.2:8 --pulses 1ns:50ns:12 [--format csv|json]',
        SWEEP_FLAGS,
      ) +
        '\n\nlists: "start:stop:count" gives count points from start to stop inclusive (voltages linear; pulses log-spaced unless\n--pulse-spacing lin), or a comma list "0.6V,0.8V,1V". CSV columns: voltage_V,pulse_s,wer_p_to_ap,wer_ap_to_p,\nenergy_p_to_ap_J,energy_ap_to_p_J,energy_average_J.',
    );
    return 0;
  }
  if (a.positionals.length) throw new FieldError('argument', a.positionals[0], 'no positional arguments after "sweep"');
  const p = deviceFromArgs(a, SWEEP_FLAGS, io).params;
  const volts = parseList('--voltages', a.flags.voltages as string, 'V', 'lin');
  const pulses = parseList('--pulses', a.flags.pulses as string, 's', a.flags['pulse-spacing'] as 'lin' | 'log');
  // The grid is bounded before any work (each list alone may be long; their product may not).
  const points = volts.length * pulses.length;
  if (points > DEVICE_SWEEP_MAX_POINTS)
    throw new FieldError(
      '--voltages x --pulses',
      `${volts.length} x ${pulses.length} = ${points} points`,
      `at most ${DEVICE_SWEEP_MAX_POINTS} points per grid`,
      'use fewer voltages or pulses, or several sweeps',
    );
  const evalPoint = (V: number, t: number) => {
    try {
      return evaluateWrite(p, V, t);
    } catch (e) {
      if (e instanceof FieldError && e.field === 'voltageV')
        throw new FieldError('--voltages', V, e.accepted, 'beyond the MgO breakdown limit');
      if (e instanceof FieldError && e.field === 'pulseWidthS') throw new FieldError('--pulses', t, e.accepted);
      throw e;
    }
  };
  // Every value is checked before the first row is printed, so an error never follows partial output.
  for (const V of volts) evalPoint(V, pulses[0]!);
  for (const t of pulses) evalPoint(volts[0]!, t);
  const rows: {
    voltageV: number;
    pulseWidthS: number;
    wer: { pToAp: number; apToP: number };
    writeEnergyJ: { pToAp: number; apToP: number; average: number };
  }[] = [];
  const csv = !(a.flags.json || a.flags.format === 'json');
  // CSV streams out in blocks of rows (memory stays bounded by the block); JSON is one document.
  const BLOCK = 1000;
  let pending: string[] = [
    'voltage_V,pulse_s,wer_p_to_ap,wer_ap_to_p,energy_p_to_ap_J,energy_ap_to_p_J,energy_average_J',
  ];
  for (const V of volts) {
    for (const t of pulses) {
      const r = evalPoint(V, t);
      const row = { voltageV: V, pulseWidthS: t, wer: r.wer, writeEnergyJ: r.writeEnergyJ };
      const bad = findNonFinite(row);
      if (bad) throw new NonFiniteOutputError(bad[0], bad[1]);
      if (!csv) {
        rows.push(row);
        continue;
      }
      pending.push(
        [V, t, r.wer.pToAp, r.wer.apToP, r.writeEnergyJ.pToAp, r.writeEnergyJ.apToP, r.writeEnergyJ.average]
          .map((x) => String(x))
          .join(','),
      );
      if (pending.length >= BLOCK) {
        io.out(pending.join('\n'));
        pending = [];
      }
    }
  }
  if (csv) {
    if (pending.length) io.out(pending.join('\n'));
    return 0;
  }
  io.out(stringifyFinite({ voltagesV: volts, pulsesS: pulses, rows }, 2));
  return 0;
}

/** Below this many worst-case integration steps a run stays on one thread (starting workers costs ~1 s). */
const MC_POOL_MIN_STEPS = 2e7;

async function runMc(argv: string[], io: CliIO): Promise<number> {
  const a = parseArgs(MC_FLAGS, argv);
  if (a.flags.help) {
    io.out(
      formatHelp(
        'device mc',
        'stochastic LLG Monte Carlo (CPU engine) at one write point, compared with the closed form',
        'device mc [--voltage 0.8V] [--pulse 5ns] [--trajectories 2000] [--seed 1] [--direction p2ap|ap2p|both] [--json]',
        MC_FLAGS,
      ) +
        '\n\nStated agreement of Monte Carlo and closed form where WER >= 1e-4 (default device): within x3 for i >= 1.8,\n' +
        'x5 for 1.4 <= i < 1.8; none claimed for 1 < i < 1.4, where the closed form (Butler) is pessimistic by up to ~30x.',
    );
    return 0;
  }
  if (a.positionals.length) throw new FieldError('argument', a.positionals[0], 'no positional arguments after "mc"');
  const { config, params: p } = deviceFromArgs(a, MC_FLAGS, io);
  const V = config.device.voltageV;
  const t = config.device.pulseWidthS;
  const seed = config.seed;
  const cf = withFlagNames(() => evaluateWrite(p, V, t));
  const worst =
    (a.flags.trajectories as number) *
    Math.round(t / ((a.flags.dt as number | undefined) ?? DEFAULT_DTAU * p.damping * cf.tauDS)); // t0 = alpha tau_D
  if (!(worst <= MC_MAX_WORST_CASE_STEPS)) {
    // Blame the flag the user gave that makes the run too long: a tiny --dt, else the trajectories.
    const perTrajectory = worst / (a.flags.trajectories as number);
    const dtIsCause = a.given.has('dt') && !(perTrajectory * 2000 <= MC_MAX_WORST_CASE_STEPS);
    throw new FieldError(
      dtIsCause ? '--dt' : '--trajectories',
      dtIsCause ? a.flags.dt : a.flags.trajectories,
      `trajectories x steps per pulse <= ${MC_MAX_WORST_CASE_STEPS.toExponential(0)} (here up to ${worst.toExponential(2)} steps)`,
      dtIsCause ? 'use a longer time step or a shorter pulse' : 'use fewer trajectories or a shorter pulse',
    );
  }
  const dirs0 = a.flags.direction === 'both' ? 2 : 1;
  const warning = longWorkWarning('this Monte Carlo run', estimateMcSeconds(worst * dirs0));
  if (warning) io.err(warning);
  const dirs: WriteDirection[] =
    a.flags.direction === 'p2ap' ? ['pToAp'] : a.flags.direction === 'ap2p' ? ['apToP'] : ['pToAp', 'apToP'];
  const res: Partial<Record<WriteDirection, SllgResult>> = {};
  const workers = a.given.has('workers')
    ? (a.flags.workers as number)
    : worst * dirs.length < MC_POOL_MIN_STEPS
      ? 1
      : defaultWorkers();
  const t0 = performance.now();
  for (const d of dirs) {
    const setup = withFlagNames(() =>
      sllgSetup(p, V, t, d, {
        trajectories: a.flags.trajectories as number,
        seed,
        ...(a.flags.dt !== undefined ? { dtS: a.flags.dt as number } : {}),
      }),
    );
    res[d] = await runSllgPool(setup, workers);
  }
  const seconds = (performance.now() - t0) / 1000;
  const fp = evaluateWrite({ ...p, werModel: 'fp' }, V, t);
  const pick = <T>(f: (r: SllgResult) => T) => ({
    pToAp: res.pToAp ? f(res.pToAp) : null,
    apToP: res.apToP ? f(res.apToP) : null,
  });
  const agreement = pick((r) => {
    const c = cf.werClosedForm[r.direction];
    const factor = mcAgreementFactor(r.normalizedCurrent);
    const resolvable = c >= 1e-4;
    const [lo, hi] = r.werCi95;
    const within = factor === null ? null : lo <= c * factor && hi >= c / factor;
    return { closedFormOverMc: r.wer > 0 ? c / r.wer : null, statedFactor: factor, resolvable, withinFactor: within };
  });
  const doc = {
    voltageV: V,
    pulseWidthS: t,
    engine: 'cpu',
    trajectories: a.flags.trajectories,
    seed,
    dtS: (res.pToAp ?? res.apToP)!.dtS,
    wer: pick((r) => r.wer),
    werCi95: pick((r) => r.werCi95),
    failures: pick((r) => r.failures),
    normalizedCurrent: pick((r) => r.normalizedCurrent),
    closedForm: { wer: cf.werClosedForm, regime: cf.regime },
    fokkerPlanck: { wer: fp.wer },
    workers,
    agreement,
    werTable: pick((r) => r.werTable),
    stepsSimulated: pick((r) => r.stepsSimulated),
    seconds,
  };
  if (a.flags.json) {
    io.out(stringifyFinite(doc, 2));
    return 0;
  }
  const lines = [
    `device mc: ${formatSI(V, 'V')}, ${formatSI(t, 's')}, ${a.flags.trajectories} trajectories/direction, seed ${seed}, CPU engine, ${workers} worker(s) (${seconds.toFixed(1)} s)`,
  ];
  for (const d of dirs) {
    const r = res[d]!;
    const ag = agreement[d]!;
    lines.push(
      `  ${d === 'pToAp' ? 'P->AP' : 'AP->P'}: i = ${r.normalizedCurrent.toFixed(3)}; Monte Carlo WER ${e3(r.wer)} [95% ${e3(r.werCi95[0])}, ${e3(r.werCi95[1])}] ` +
        `(${r.failures}/${r.trajectories}); Fokker-Planck ${e3(fp.wer[d])}; closed form ${e3(cf.werClosedForm[d])}; ` +
        (ag.statedFactor === null
          ? 'i < 1.4: no agreement claimed (the closed form is conservative in the dynamic-reversal zone)'
          : !ag.resolvable
            ? 'closed form below 1e-4: not resolvable by this Monte Carlo'
            : ag.withinFactor
              ? `agree within the stated x${ag.statedFactor}`
              : `DISAGREE beyond the stated x${ag.statedFactor}`),
    );
  }
  io.out(lines.join('\n'));
  return 0;
}

export const deviceCommand: Command = {
  name: 'device',
  summary: 'STT-MRAM MTJ: WER, write energy and latency vs voltage and pulse; sweep; sLLG Monte Carlo',
  async run(argv, io) {
    const [first, ...rest] = argv;
    if (first === 'sweep') return runSweep(rest, io);
    if (first === 'mc') return runMc(rest, io);
    return runMain(argv, io);
  },
};
