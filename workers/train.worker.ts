/// <reference lib="webworker" />
/**
 * Training worker: exposes the training API (train-api.ts) over comlink. Only the browser environment is
 * set up here: the WebGPU backend and its kernels, and the folder the datasets and wasm files are served
 * from. The client (src/jobs/training.ts) wraps it with Comlink.wrap<TrainWorkerApi> and passes progress
 * callbacks through Comlink.proxy.
 */
import * as Comlink from 'comlink';
import '@tensorflow/tfjs-backend-webgpu';
import { registerGpuKernels } from '../src/training/index.ts';
import { createTrainApi, type TrainApi } from './train-api.ts';

export { DEFAULT_BACKENDS, type WorkerCallOptions } from './train-api.ts';

registerGpuKernels();

/**
 * Folder of the app's public files. Vite's BASE_URL is './' here (relative base): the worker script
 * lives one level below the app root in both dev (/workers/...) and build (/assets/...).
 */
function defaultAssetBase(): string {
  const base = import.meta.env.BASE_URL;
  if (base.startsWith('/')) return new URL(base, self.location.origin).href;
  return new URL('../', self.location.href).href;
}

export type TrainWorkerApi = TrainApi;

Comlink.expose(createTrainApi({ defaultAssetBase }));
