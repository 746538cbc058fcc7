/** Public surface of the accuracy layer (used by workers/train.worker.ts, the CLI and tests). */
export * from './channel.ts';
export * from './data.ts';
export * from './request.ts';
export * from './store.ts';
export * from './model.ts';
export * from './engine.ts';
export * from './study.ts';
export * from './device-rates.ts';
export { fetchDataset } from './fetch-data.ts';
export { gpuChannel, registerGpuKernels, webglChannelSupported } from './gpu-kernels.ts';
export * from './conv.ts';
export * from './claim.ts';
