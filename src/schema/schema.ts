/**
 * The explorer's configuration: one typed, versioned object (schema version `v`, seed included) that is
 * the single source of truth for the UI, the URL, config JSON files and the jobs sent to workers.
 *
 * FIELDS is the one schema table: URL key, path in the object, kind, accepted range, default, label.
 * The URL codec (src/state/url.ts), the JSON import and the controls are all generated from it.
 */
import { z } from './zod-setup.ts';
import { FieldError } from '../models/errors.ts';
import { formatSI } from '../models/units.ts';
import { DEVICE_FIELDS, WER_MODELS, defaultDeviceParams, type DeviceParams } from '../models/device/index.ts';
import { ACCESS_WIDTH_MAX_F, ACCESS_WIDTH_MIN_F, DEFAULT_SWITCHING_FRACTION } from '../models/system/params.ts';
import { PLACEMENT_OPTIONS, PLACEMENT_VALUES, type PlacementValue } from '../models/tech/registry.ts';
import { TRAIN_MAX_EPOCHS } from './limits.ts';

export const SCHEMA_VERSION = 3 as const;

/**
 * What a schema-v2 document meant by the fields v3 added or re-defaulted (src/schema/url.ts MIGRATIONS[2],
 * parseConfigObject): the device field's access resistance and NVSim's 8 F sample cell.
 */
export const V2_MEANING: Readonly<Record<string, unknown>> = { 'system.accessR': 'device', 'system.accessWidthF': 8 };

/**
 * Where a tensor class lives: the technology registry's placement values (src/models/tech/registry.ts):
 * 'sram', 'mram' (STT nominal write), 'relaxed' (STT relaxed write) -- the v=2 contract -- and 'sot' (SOT-MRAM).
 */
export const PLACEMENTS = PLACEMENT_VALUES;
export type Placement = PlacementValue;
/** Display label of each placement value (the registry's), for the placement editor. */
export const PLACEMENT_LABELS = Object.fromEntries(PLACEMENT_OPTIONS.map((o) => [o.value, o.label])) as Record<
  Placement,
  string
>;
export const PROTECTIONS = ['none', 'sign', 'sign-exp', 'sign-exp-mant'] as const;
export type Protection = (typeof PROTECTIONS)[number];
export const NETWORKS = [
  'alexnet',
  'vgg16',
  'resnet18',
  'resnet50',
  'mobilenetv2',
  'bert-base',
  'mlp-digits',
  'mlp-mnist',
  'lenet',
] as const;
export type NetworkId = (typeof NETWORKS)[number];
export const TENSOR_CLASSES = ['weights', 'activations', 'errors', 'weightGradients'] as const;
export const TRAINING_BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type TrainingBackend = (typeof TRAINING_BACKENDS)[number];
export type TensorClass = (typeof TENSOR_CLASSES)[number];

export interface ExplorerConfig {
  v: typeof SCHEMA_VERSION;
  /** Seed of every random draw (Monte Carlo, training, sweeps). */
  seed: number;
  device: {
    /** Relaxed write point: write voltage, V. */
    voltageV: number;
    /** Relaxed write point: pulse width, s. */
    pulseWidthS: number;
    /** Nominal (reliable) write reference: voltage, V. */
    nominalVoltageV: number;
    /** Nominal (reliable) write reference: pulse width, s. */
    nominalPulseWidthS: number;
  };
  array: {
    /** Total scratchpad capacity of the SRAM baseline, bytes. */
    capacityBytes: number;
    nodeNm: number;
    roadmap: 'hp' | 'lop';
    /** Compare MRAM with SRAM at the same bytes or at the same area. */
    iso: 'capacity' | 'area';
    wordBits: number;
  };
  accelerator: {
    network: NetworkId;
    rows: number;
    cols: number;
    dataflow: 'os' | 'ws' | 'is';
    batch: number;
  };
  /**
   * Where each class is stored. `optimizer` (Adam's moments) is a class of the training engine only:
   * optional in the type so the system model's four-class placements stay valid.
   */
  placement: Record<TensorClass, Placement> & { optimizer?: Placement };
  protect: Record<'weights' | 'activations' | 'errors', Protection> & {
    weightGradients?: Protection;
    optimizer?: Protection;
  };
  training: {
    dataset: 'digits' | 'mnist' | 'fashion';
    model: 'mlp' | 'cnn' | 'resnet';
    optimizer: 'sgd' | 'adam';
    epochs: number;
    format: 'fp32' | 'bf16';
    /** TF.js backend the accuracy runs on: auto (fastest warm-up) or pinned, so a link reproduces numbers. */
    backend: TrainingBackend;
  };
  /** MTJ parameters of the device layer (defaults cited in src/models/device/params.ts). */
  deviceParams: DeviceParams;
  /** System-model choices (banks, accumulator, gating, SRAM cell class, read-before-write); shared with the CLI `system`. */
  system: SystemChoices;
  ui: {
    /** Talk mode: large type, scenes. */
    talk: boolean;
    scene: number;
    /** Control ids hidden for teaching (as TensorFlow Playground does). */
    hide: string[];
  };
}

/** System-model choices of the explorer configuration (defaults cited in src/models/system/params.ts). */
export interface SystemChoices {
  /** Banks per class memory: 'auto' or a power of two as text. */
  banks: (typeof BANK_CHOICES)[number];
  accumulator: 'sram' | 'none';
  gating: 'on' | 'off';
  /** SRAM cell leakage class, separate from the periphery roadmap. */
  sramCell: 'hp' | 'lop' | 'lstp';
  /** Read-before-write for MRAM writes. */
  rbw: 'on' | 'off';
  /**
   * MRAM access-transistor resistance, one per configuration (src/evaluate/adapter.ts): the array's transistor
   * at the node, roadmap, temperature and width (default), or the device field; device curves, system and
   * training use it.
   */
  accessR: 'array' | 'device';
  /** Access-transistor width, F, or 'auto' (sized for the nominal write); sets the MRAM cell area. */
  accessWidthF: number | 'auto';
  /** Per-GEMM dataflow: the accelerator's, or the least-energy one per GEMM. */
  gemmDataflow: 'fixed' | 'best';
  /** Switching fraction of written bits per class (read-before-write). */
  switching: { weights: number; activations: number; errors: number; weightGradients: number };
}
export const BANK_CHOICES = ['auto', '1', '2', '4', '8', '16', '32', '64'] as const;

type Base = { key: string; path: string; label: string; help?: string };
export type FieldDef =
  | (Base & {
      kind: 'number';
      unit?: string;
      min: number;
      max: number;
      default: number | 'auto';
      /** The word 'auto' is accepted besides a number (the model picks the value; e.g. a sized transistor). */
      auto?: boolean;
      scale?: 'log' | 'linear';
      step?: number;
      /** The lower bound itself is not accepted. */
      minExclusive?: boolean;
      /** The upper bound itself is not accepted. */
      maxExclusive?: boolean;
      /** Written in the URL with an SI prefix and the unit (5ns, 40nm). */
      si?: boolean;
    })
  | (Base & { kind: 'int'; min: number; max: number; default: number; pow2?: boolean; unit?: string })
  | (Base & { kind: 'enum'; choices: readonly string[]; default: string })
  | (Base & { kind: 'bool'; default: boolean })
  | (Base & { kind: 'list'; choices?: readonly string[]; default: string[] });

const KiB = 1024;
const MiB = 1024 * 1024;

/** The schema table. Order is the URL order. */
export const FIELDS: readonly FieldDef[] = [
  // 32-bit seeds: every consumer (src/models/rng.ts, the sLLG engine, training) takes [0, 2^32 - 1], as the CLI always did.
  { key: 'seed', path: 'seed', label: 'Seed', kind: 'int', min: 0, max: 2 ** 32 - 1, default: 1 },
  {
    key: 'V',
    path: 'device.voltageV',
    label: 'Write voltage',
    kind: 'number',
    unit: 'V',
    min: 0.1,
    max: 1.5,
    default: 0.7,
    step: 0.01,
  },
  {
    key: 'pulse',
    path: 'device.pulseWidthS',
    label: 'Write pulse width',
    kind: 'number',
    unit: 's',
    si: true,
    min: 0.1e-9,
    max: 1e-6,
    default: 5e-9,
    scale: 'log',
  },
  {
    key: 'nomV',
    path: 'device.nominalVoltageV',
    label: 'Nominal write voltage',
    kind: 'number',
    unit: 'V',
    min: 0.1,
    max: 1.5,
    default: 0.9,
    step: 0.01,
  },
  {
    key: 'nomPulse',
    path: 'device.nominalPulseWidthS',
    label: 'Nominal write pulse',
    kind: 'number',
    unit: 's',
    si: true,
    min: 0.1e-9,
    max: 1e-6,
    default: 10e-9,
    scale: 'log',
  },
  {
    key: 'cap',
    path: 'array.capacityBytes',
    label: 'Scratchpad capacity',
    kind: 'int',
    unit: 'B',
    min: 64 * KiB,
    max: 256 * MiB,
    default: 4 * MiB,
    pow2: true,
  },
  {
    key: 'node',
    path: 'array.nodeNm',
    label: 'Technology node',
    kind: 'int',
    unit: 'nm',
    min: 22,
    max: 45,
    default: 22,
  },
  {
    key: 'roadmap',
    path: 'array.roadmap',
    label: 'Transistor roadmap',
    kind: 'enum',
    choices: ['hp', 'lop'],
    default: 'lop',
  },
  {
    key: 'iso',
    path: 'array.iso',
    label: 'Comparison',
    kind: 'enum',
    choices: ['capacity', 'area'],
    default: 'capacity',
  },
  {
    key: 'word',
    path: 'array.wordBits',
    label: 'Word width',
    kind: 'int',
    unit: 'bit',
    min: 8,
    max: 4096,
    default: 512,
    pow2: true,
  },
  { key: 'net', path: 'accelerator.network', label: 'Network', kind: 'enum', choices: NETWORKS, default: 'resnet18' },
  { key: 'rows', path: 'accelerator.rows', label: 'Array rows', kind: 'int', min: 1, max: 1024, default: 32 },
  { key: 'cols', path: 'accelerator.cols', label: 'Array columns', kind: 'int', min: 1, max: 1024, default: 32 },
  {
    key: 'df',
    path: 'accelerator.dataflow',
    label: 'Dataflow',
    kind: 'enum',
    choices: ['os', 'ws', 'is'],
    default: 'os',
  },
  { key: 'batch', path: 'accelerator.batch', label: 'Batch size', kind: 'int', min: 1, max: 4096, default: 32 },
  { key: 'pw', path: 'placement.weights', label: 'Weights memory', kind: 'enum', choices: PLACEMENTS, default: 'mram' },
  {
    key: 'pa',
    path: 'placement.activations',
    label: 'Activations memory',
    kind: 'enum',
    choices: PLACEMENTS,
    default: 'mram',
  },
  { key: 'pe', path: 'placement.errors', label: 'Errors memory', kind: 'enum', choices: PLACEMENTS, default: 'mram' },
  {
    key: 'pg',
    path: 'placement.weightGradients',
    label: 'Weight-gradient memory',
    kind: 'enum',
    choices: PLACEMENTS,
    default: 'mram',
  },
  {
    key: 'xw',
    path: 'protect.weights',
    label: 'Weights protection',
    kind: 'enum',
    choices: PROTECTIONS,
    default: 'none',
  },
  {
    key: 'xa',
    path: 'protect.activations',
    label: 'Activations protection',
    kind: 'enum',
    choices: PROTECTIONS,
    default: 'none',
  },
  {
    key: 'xe',
    path: 'protect.errors',
    label: 'Errors protection',
    kind: 'enum',
    choices: PROTECTIONS,
    default: 'none',
  },
  {
    key: 'ds',
    path: 'training.dataset',
    label: 'Dataset',
    kind: 'enum',
    choices: ['digits', 'mnist', 'fashion'],
    default: 'digits',
  },
  {
    key: 'model',
    path: 'training.model',
    label: 'Model',
    kind: 'enum',
    choices: ['mlp', 'cnn', 'resnet'],
    default: 'mlp',
  },
  {
    key: 'opt',
    path: 'training.optimizer',
    label: 'Optimizer',
    kind: 'enum',
    choices: ['sgd', 'adam'],
    default: 'adam',
  },
  // Up to the CLI's TRAIN_MAX_EPOCHS (a real need: long runs on the small digits set); the work bound is epochs x samples (limits.ts).
  { key: 'epochs', path: 'training.epochs', label: 'Epochs', kind: 'int', min: 1, max: TRAIN_MAX_EPOCHS, default: 10 },
  {
    key: 'fmt',
    path: 'training.format',
    label: 'Stored number format',
    kind: 'enum',
    choices: ['fp32', 'bf16'],
    default: 'fp32',
  },
  ...DEVICE_FIELDS.filter((d) => !d.optional).map((d): FieldDef =>
    d.integer
      ? {
          key: `d.${d.flag}`,
          path: `deviceParams.${d.key}`,
          label: d.label,
          kind: 'int',
          min: d.min,
          max: d.max,
          default: defaultDeviceParams[d.key] as number,
        }
      : {
          key: `d.${d.flag}`,
          path: `deviceParams.${d.key}`,
          label: d.label,
          kind: 'number',
          unit: d.unit,
          si: d.unit === 'm' || d.unit === 's',
          min: d.min,
          max: d.max,
          ...(d.minExclusive ? { minExclusive: true } : {}),
          ...(d.maxExclusive ? { maxExclusive: true } : {}),
          default: defaultDeviceParams[d.key] as number,
        },
  ),
  {
    key: 'd.model',
    path: 'deviceParams.werModel',
    label: 'WER model',
    kind: 'enum',
    choices: WER_MODELS,
    default: 'fp',
  },
  { key: 'talk', path: 'ui.talk', label: 'Talk mode', kind: 'bool', default: false },
  { key: 'scene', path: 'ui.scene', label: 'Talk scene', kind: 'int', min: 0, max: 99, default: 0 },
  { key: 'hide', path: 'ui.hide', label: 'Hidden controls', kind: 'list', default: [] },
  // System-model choices (issue 10); optional in links: a link without them takes these defaults (a v=2 link
  // migrates to the v2 access transistor, src/schema/url.ts MIGRATIONS[2]).
  {
    key: 'banks',
    path: 'system.banks',
    label: 'Banks per class',
    kind: 'enum',
    choices: BANK_CHOICES,
    default: 'auto',
  },
  {
    key: 'acc',
    path: 'system.accumulator',
    label: 'Accumulator',
    kind: 'enum',
    choices: ['sram', 'none'],
    default: 'sram',
  },
  { key: 'gate', path: 'system.gating', label: 'Power gating', kind: 'enum', choices: ['on', 'off'], default: 'on' },
  {
    key: 'cell',
    path: 'system.sramCell',
    label: 'SRAM cell class',
    kind: 'enum',
    choices: ['hp', 'lop', 'lstp'],
    default: 'lop',
  },
  { key: 'rbw', path: 'system.rbw', label: 'Read-before-write', kind: 'enum', choices: ['on', 'off'], default: 'on' },
  {
    key: 'rAcc',
    path: 'system.accessR',
    label: 'Access transistor',
    help: "one resistance for device curves, system and training: the array's transistor at the node, roadmap, temperature and width (default), or the device field's resistance",
    kind: 'enum',
    choices: ['array', 'device'],
    default: 'array',
  },
  {
    key: 'accW',
    path: 'system.accessWidthF',
    label: 'Access transistor width',
    help: 'width of the MRAM cell access transistor in F: it sets the cell area and its resistance; auto = the narrowest that lets the nominal write meet WER 1e-6',
    kind: 'number',
    unit: 'F',
    min: ACCESS_WIDTH_MIN_F,
    max: ACCESS_WIDTH_MAX_F,
    default: 'auto',
    auto: true,
    step: 0.1,
  },
  {
    key: 'gemmDf',
    path: 'system.gemmDataflow',
    label: 'Per-GEMM dataflow',
    kind: 'enum',
    choices: ['fixed', 'best'],
    default: 'fixed',
  },
  ...(
    [
      ['sw.w', 'weights'],
      ['sw.a', 'activations'],
      ['sw.e', 'errors'],
      ['sw.g', 'weightGradients'],
    ] as const
  ).map(([key, cls]): FieldDef => ({
    key,
    path: `system.switching.${cls}`,
    label: `Switching fraction, ${cls}`,
    kind: 'number',
    min: 0,
    max: 1,
    default: DEFAULT_SWITCHING_FRACTION[cls],
    step: 0.01,
  })),
  {
    key: 'backend',
    path: 'training.backend',
    label: 'Training backend',
    help: 'auto picks the fastest backend at warm-up; pin one so a link gives the same numbers on any machine',
    kind: 'enum',
    choices: TRAINING_BACKENDS,
    default: 'auto',
  },
  // Optimiser state (Adam's moments) and the protection of the two classes the training engine added;
  // optional in links (older links load with these defaults: moments in SRAM, nothing protected).
  {
    key: 'po',
    path: 'placement.optimizer',
    label: 'Optimiser-state memory',
    kind: 'enum',
    choices: PLACEMENTS,
    default: 'sram',
  },
  {
    key: 'xg',
    path: 'protect.weightGradients',
    label: 'Weight-gradient protection',
    kind: 'enum',
    choices: PROTECTIONS,
    default: 'none',
  },
  {
    key: 'xo',
    path: 'protect.optimizer',
    label: 'Optimiser-state protection',
    kind: 'enum',
    choices: PROTECTIONS,
    default: 'none',
  },
];

export const FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.key, f]));
export const FIELD_BY_PATH: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.path, f]));

/** Accepted range of a field, in words, for error messages. */
export function acceptedText(f: FieldDef): string {
  switch (f.kind) {
    case 'number':
      return `${f.auto ? 'auto or ' : ''}a number in ${f.minExclusive ? '(' : '['}${fmt(f.min, f.unit)}, ${fmt(f.max, f.unit)}${f.maxExclusive ? ')' : ']'}`;
    case 'int':
      return `an integer${f.pow2 ? ' power of two' : ''} in [${fmt(f.min, f.unit)}, ${fmt(f.max, f.unit)}]`;
    case 'enum':
      return `one of ${f.choices.join(', ')}`;
    case 'bool':
      return '0 or 1';
    case 'list':
      if (f.key === 'hide') return 'a comma-separated list of control ids (the URL keys, e.g. V,pulse,cap)';
      return f.choices ? `a comma-separated list of ${f.choices.join(', ')}` : 'a comma-separated list of control ids';
  }
}

function fmt(v: number, unit?: string): string {
  if (unit === 'B') return formatBytes(v);
  if (unit === 's' || unit === 'V' || unit === 'Hz' || unit === 'm') return formatSI(v, unit).replace(' ', '');
  return unit ? `${v} ${unit}` : String(v);
}

export function formatBytes(b: number): string {
  if (b >= MiB && b % MiB === 0) return `${b / MiB}MiB`;
  if (b >= KiB && b % KiB === 0) return `${b / KiB}KiB`;
  return `${b}B`;
}

/** zod schema of one field's (typed) value, with the accepted range; built from the table. */
export function fieldSchema(f: FieldDef): z.ZodType {
  switch (f.kind) {
    case 'number': {
      const n = f.maxExclusive ? z.number().finite().lt(f.max) : z.number().finite().max(f.max);
      const r = f.minExclusive ? n.gt(f.min) : n.min(f.min);
      return f.auto ? z.union([z.literal('auto'), r]) : r;
    }
    case 'int': {
      const s = z.number().int().min(f.min).max(f.max);
      return f.pow2 ? s.refine((n) => (n & (n - 1)) === 0 || Math.log2(n) % 1 === 0) : s;
    }
    case 'enum':
      return z.enum(f.choices as [string, ...string[]]);
    case 'bool':
      return z.boolean();
    case 'list':
      if (f.key === 'hide') return z.array(z.string().refine((k) => FIELD_BY_KEY.has(k) && k !== 'hide'));
      return f.choices ? z.array(z.enum(f.choices as [string, ...string[]])) : z.array(z.string().regex(/^[\w.-]+$/));
  }
}

const schemas = new Map(FIELDS.map((f) => [f.key, fieldSchema(f)]));

/** Validate one typed value for a field; throws FieldError naming field, value and range. */
export function validateField(f: FieldDef, value: unknown): unknown {
  const r = schemas.get(f.key)!.safeParse(value);
  if (!r.success) throw new FieldError(f.path, value, acceptedText(f));
  return r.data;
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

export function setPath<T>(obj: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const clone = (o: unknown) => (Array.isArray(o) ? [...o] : { ...(o as object) });
  const root = clone(obj) as Record<string, unknown>;
  let cur = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    cur[k] = clone(cur[k]);
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
  return root as T;
}

export function defaultConfig(): ExplorerConfig {
  let c = { v: SCHEMA_VERSION } as unknown as ExplorerConfig;
  for (const f of FIELDS) {
    const d = Array.isArray(f.default) ? [...f.default] : f.default;
    c = setPath(c, f.path, d);
  }
  return c;
}

export interface ConfigIssue {
  field: string;
  value: unknown;
  accepted: string;
  message: string;
}

/**
 * Validate a config object (e.g. an imported JSON file). Every bad or unknown field becomes an issue
 * and keeps its default; the rest of the configuration is kept.
 */
export function parseConfigObject(input: unknown): { config: ExplorerConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  let config = defaultConfig();
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ field: '(root)', value: input, accepted: 'a JSON object', message: '(root): not a JSON object' });
    return { config, issues };
  }
  const v = (input as Record<string, unknown>).v;
  if (v === 2) {
    // A v2 document keeps its numbers (as a v2 link, src/schema/url.ts MIGRATIONS[2]): the device field's
    // access resistance and the NVSim sample cell's 8 F transistor, unless it names them.
    for (const [path, value] of Object.entries(V2_MEANING)) config = setPath(config, path, value);
  } else if (v !== undefined && v !== SCHEMA_VERSION) {
    issues.push({
      field: 'v',
      value: v,
      accepted: `2 or ${SCHEMA_VERSION}`,
      message: `v: ${JSON.stringify(v)} is not accepted (accepted: 2 or ${SCHEMA_VERSION})`,
    });
  }
  for (const f of FIELDS) {
    const value = getPath(input, f.path);
    if (value === undefined) continue;
    try {
      config = setPath(config, f.path, validateField(f, value));
    } catch (e) {
      const fe = e as FieldError;
      issues.push({ field: f.path, value, accepted: fe.accepted, message: fe.message });
    }
  }
  for (const path of leafPaths(input)) {
    if (path !== 'v' && !FIELD_BY_PATH.has(path)) {
      issues.push({
        field: path,
        value: getPath(input, path),
        accepted: 'a known field',
        message: `${path}: unknown field`,
      });
    }
  }
  return { config, issues };
}

function leafPaths(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return [prefix];
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (FIELD_BY_PATH.has(p)) out.push(p);
    else out.push(...leafPaths(v, p));
  }
  return out;
}
