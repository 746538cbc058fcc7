/**
 * WebGPU engine of the sLLG Monte Carlo (runs in a worker or a page). Mirrors runSllg (src/models/device/sllg.ts):
 * same inputs, same validation, same seed/stream/trajectory counter semantics, same result shape (engine 'webgpu').
 * The kernel is SLLG_WGSL (src/models/device/sllg-wgsl.ts), f32; the CPU engine is f64, so the two agree
 * statistically (same random draws, trajectories may differ near the switching threshold by rounding).
 */
import type { DeviceParams } from '../models/device/params.ts';
import {
  sllgSetup,
  summarizeSllg,
  type SllgOptions,
  type SllgProgress,
  type SllgResult,
} from '../models/device/sllg.ts';
import { packSllgParams, sllgDispatchSize, SLLG_PARAMS_BYTES, SLLG_WGSL } from '../models/device/sllg-wgsl.ts';
import type { WriteDirection } from '../models/device/write.ts';
import {
  GPU_BUFFER_USAGE as U,
  GPU_MAP_MODE_READ,
  navigatorGpu,
  type GpuAdapterInfoLike,
  type GpuDeviceLike,
  type GpuLike,
} from './webgpu-types.ts';

/** Whether a WebGPU adapter exists here, and which. */
export type WebGpuProbe =
  { ok: true; adapter: GpuAdapterInfoLike; isFallbackAdapter: boolean } | { ok: false; reason: string };

/** Probe for a WebGPU adapter (never throws). */
export async function probeWebGpu(gpu: GpuLike | undefined = navigatorGpu()): Promise<WebGpuProbe> {
  if (!gpu) return { ok: false, reason: 'navigator.gpu is not available (no WebGPU in this browser or context)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { ok: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
    // GPUAdapterInfo exposes getters on its prototype: copy the fields one by one (a spread copies nothing).
    const info = adapter.info;
    const copy: GpuAdapterInfoLike = {};
    if (info?.vendor !== undefined) copy.vendor = info.vendor;
    if (info?.architecture !== undefined) copy.architecture = info.architecture;
    if (info?.device !== undefined) copy.device = info.device;
    if (info?.description !== undefined) copy.description = info.description;
    return { ok: true, adapter: copy, isFallbackAdapter: adapter.isFallbackAdapter ?? false };
  } catch (e) {
    return { ok: false, reason: `requestAdapter failed: ${(e as Error).message}` };
  }
}

/** Extra options of the GPU runner. */
export interface SllgWebGpuOptions extends SllgOptions {
  /** Trajectory-steps per dispatch (default 2^26): bounds the duration of one GPU submission. */
  trajectoryStepsPerDispatch?: number;
  /** Abort between dispatches. */
  signal?: AbortSignal;
  /** The WebGPU entry point (default navigator.gpu). */
  gpu?: GpuLike;
  /** A device to reuse (not destroyed by the runner). */
  device?: GpuDeviceLike;
}

/**
 * Run the Monte Carlo on WebGPU. Throws FieldError for bad input (as runSllg), and Error when WebGPU is missing
 * or fails (callers fall back to the CPU engine and say so). onProgress gets the trajectories counted as done
 * when their pulse has been fully simulated (all trajectories advance together, so `done` jumps to total at the
 * end; failures is only known then); returning false stops after the current dispatch with no result (throws).
 */
export async function runSllgWebGpu(
  p: DeviceParams,
  voltageV: number,
  pulseWidthS: number,
  direction: WriteDirection,
  opts: SllgWebGpuOptions,
  onProgress?: (progress: SllgProgress & { stepsDone: number; stepsTotal: number }) => boolean | void,
): Promise<SllgResult> {
  const setup = sllgSetup(p, voltageV, pulseWidthS, direction, opts);
  let device = opts.device;
  const own = !device;
  if (!device) {
    const gpu = opts.gpu ?? navigatorGpu();
    if (!gpu) throw new Error('WebGPU unavailable: navigator.gpu is missing');
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new Error('WebGPU unavailable: no adapter');
    device = await adapter.requestDevice();
  }
  const n = setup.trajectories;
  const buffers: { destroy(): void }[] = [];
  try {
    const module = device.createShaderModule({ code: SLLG_WGSL });
    if (module.getCompilationInfo) {
      const info = await module.getCompilationInfo();
      const errors = info.messages.filter((m) => m.type === 'error');
      if (errors.length)
        throw new Error(`WGSL compile error: ${errors.map((m) => `${m.lineNum}: ${m.message}`).join('; ')}`);
    }
    const pipeline = await device.createComputePipelineAsync({
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const uniform = device.createBuffer({ size: SLLG_PARAMS_BYTES, usage: U.UNIFORM | U.COPY_DST });
    const mBuf = device.createBuffer({ size: n * 16, usage: U.STORAGE });
    const swBuf = device.createBuffer({ size: n * 4, usage: U.STORAGE | U.COPY_SRC });
    const readBuf = device.createBuffer({ size: n * 4, usage: U.MAP_READ | U.COPY_DST });
    buffers.push(uniform, mBuf, swBuf, readBuf);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uniform } },
        { binding: 1, resource: { buffer: mBuf } },
        { binding: 2, resource: { buffer: swBuf } },
      ],
    });
    const [gx, gy] = sllgDispatchSize(n);
    const perDispatch = opts.trajectoryStepsPerDispatch ?? 2 ** 26;
    const stepsPerDispatch = Math.max(1, Math.floor(perDispatch / n));
    for (let k0 = 0; k0 < setup.totalSteps; k0 += stepsPerDispatch) {
      if (opts.signal?.aborted) throw new Error('aborted');
      const k1 = Math.min(setup.totalSteps, k0 + stepsPerDispatch);
      device.queue.writeBuffer(uniform, 0, packSllgParams(setup, k0, k1));
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(gx, gy);
      pass.end();
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
      const cont = onProgress?.({
        done: k1 >= setup.totalSteps ? n : 0,
        total: n,
        failures: 0,
        stepsSimulated: 0,
        stepsDone: k1,
        stepsTotal: setup.totalSteps,
      });
      if (cont === false) throw new Error('aborted');
    }
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(swBuf, 0, readBuf, 0, n * 4);
    device.queue.submit([enc.finish()]);
    await readBuf.mapAsync(GPU_MAP_MODE_READ);
    const steps = new Int32Array(readBuf.getMappedRange().slice(0));
    readBuf.unmap();
    let stepsSimulated = 0;
    for (let j = 0; j < n; j++) stepsSimulated += steps[j]! < 0 ? setup.totalSteps : steps[j]!;
    return summarizeSllg(setup, steps, n, stepsSimulated, 'webgpu');
  } finally {
    for (const b of buffers) b.destroy();
    if (own) device.destroy();
  }
}
