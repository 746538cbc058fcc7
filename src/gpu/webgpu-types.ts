/**
 * The few WebGPU shapes the sLLG runner uses, declared narrowly (the project does not depend on @webgpu/types).
 * Names are prefixed Gpu*Like so they never clash with the real DOM/WebGPU declarations.
 */
export interface GpuBufferLike {
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}
export interface GpuBindGroupLayoutLike {
  readonly __brand?: 'GPUBindGroupLayout';
}
export interface GpuComputePipelineLike {
  getBindGroupLayout(index: number): GpuBindGroupLayoutLike;
}
export interface GpuComputePassLike {
  setPipeline(p: GpuComputePipelineLike): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}
export interface GpuCommandEncoderLike {
  beginComputePass(desc?: object): GpuComputePassLike;
  copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void;
  finish(): unknown;
}
export interface GpuQueueLike {
  writeBuffer(buffer: GpuBufferLike, offset: number, data: ArrayBuffer | ArrayBufferView): void;
  submit(commands: unknown[]): void;
  onSubmittedWorkDone(): Promise<void>;
}
export interface GpuShaderModuleLike {
  getCompilationInfo?(): Promise<{ messages: readonly { type: string; message: string; lineNum: number }[] }>;
}
export interface GpuDeviceLike {
  readonly queue: GpuQueueLike;
  readonly limits?: { maxStorageBufferBindingSize?: number };
  createBuffer(desc: { size: number; usage: number; mappedAtCreation?: boolean }): GpuBufferLike;
  createShaderModule(desc: { code: string }): GpuShaderModuleLike;
  createComputePipelineAsync(desc: {
    layout: 'auto';
    compute: { module: GpuShaderModuleLike; entryPoint: string };
  }): Promise<GpuComputePipelineLike>;
  createBindGroup(desc: {
    layout: GpuBindGroupLayoutLike;
    entries: { binding: number; resource: { buffer: GpuBufferLike } }[];
  }): unknown;
  createCommandEncoder(): GpuCommandEncoderLike;
  destroy(): void;
  readonly lost?: Promise<{ message: string }>;
}
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  requestDevice(desc?: object): Promise<GpuDeviceLike>;
}
export interface GpuLike {
  requestAdapter(opts?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

/** WebGPU usage flags (numeric values from the WebGPU specification). */
export const GPU_BUFFER_USAGE = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;
export const GPU_MAP_MODE_READ = 0x0001;

/** navigator.gpu where it exists (window or worker), else undefined. */
export function navigatorGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu;
}
