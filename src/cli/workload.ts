/**
 * The workload flags shared by `accelerator` and `system`: the network, the array and the scratchpad.
 */
import { FieldError } from '../models/errors.ts';
import {
  getNetwork,
  parseScaleSimCfg,
  parseTopologyCsv,
  type CapacitySpec,
  type Dataflow,
  type Network,
  type ScaleSimConfig,
} from '../models/accelerator/index.ts';
import type { CliIO } from './command.ts';
import type { FlagSpecs, ParsedArgs } from './flags.ts';
import { CONFIG_FLAGS, fieldFlag, resolveConfig } from './schema-flags.ts';
import type { ExplorerConfig } from '../schema/schema.ts';

/** Flags shared by `accelerator` and `system`: the workload, the array and the scratchpad (ranges and defaults: the schema's). */
export const WORKLOAD_FLAGS: FlagSpecs = {
  url: CONFIG_FLAGS.url!,
  config: {
    kind: 'string',
    help: 'an explorer configuration JSON file, or a SCALE-Sim .cfg (INI text: array size, dataflow, SRAM sizes); flags override it',
  },
  topology: { kind: 'string', help: 'SCALE-Sim topology CSV (conv or "Layer, M, N, K" GEMM format)' },
  net: fieldFlag('accelerator.network', { help: 'built-in network' }),
  rows: fieldFlag('accelerator.rows', { help: 'array rows' }),
  cols: fieldFlag('accelerator.cols', { help: 'array columns' }),
  dataflow: fieldFlag('accelerator.dataflow', { help: 'dataflow' }),
  batch: fieldFlag('accelerator.batch', { help: 'minibatch size (1 with --topology unless given)' }),
  capacity: fieldFlag('array.capacityBytes', {
    help: 'total scratchpad, split by tensor class automatically (or the .cfg SRAM sizes)',
  }),
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
  /** The explorer configuration of the command line (schema defaults, --config, --url, flags). */
  config: ExplorerConfig;
  /** Whether --url or a JSON --config gave it. */
  fromDocument: boolean;
}

/** Resolves the workload: the configuration (--config JSON, --url, flags), or a SCALE-Sim .cfg under the flags. */
export function resolveWorkload(p: ParsedArgs, io: CliIO, specs: FlagSpecs = WORKLOAD_FLAGS): Workload {
  const f = p.flags;
  if (p.given.has('topology') && p.given.has('net'))
    throw new FieldError('--net', f.net, 'either --net or --topology, not both');
  const r = resolveConfig(p, specs, io, { otherConfig: true });
  const c = r.config;
  let network: Network;
  if (typeof f.topology === 'string') network = parseTopologyCsv(io.readFile('--topology', f.topology), f.topology);
  else network = getNetwork(c.accelerator.network)!;
  const cfg = r.otherConfigText !== undefined ? parseScaleSimCfg(r.otherConfigText, String(f.config)) : undefined;
  // A SCALE-Sim .cfg sets what no explicit flag (or link) set.
  const fromCfg = <T>(path: string, own: T, cfgValue: T | undefined): T =>
    cfgValue !== undefined && !r.setByFlag.has(path) && !r.fromDocument ? cfgValue : own;
  const rows = fromCfg('accelerator.rows', c.accelerator.rows, cfg?.rows);
  const cols = fromCfg('accelerator.cols', c.accelerator.cols, cfg?.cols);
  const dataflow = fromCfg('accelerator.dataflow', c.accelerator.dataflow as Dataflow, cfg?.dataflow);
  const batch = p.given.has('topology') && !p.given.has('batch') && !r.fromDocument ? 1 : c.accelerator.batch;
  let capacity: CapacitySpec;
  if (cfg && !r.setByFlag.has('array.capacityBytes') && !r.fromDocument) {
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
  } else capacity = { totalBytes: c.array.capacityBytes };
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
    config: c,
    fromDocument: r.fromDocument,
  };
}
