/**
 * The workload flags shared by `accelerator` and `system`: the network, the array and the scratchpad.
 */
import { FieldError } from '../models/errors.ts';
import {
  DATAFLOWS,
  NETWORK_IDS,
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
