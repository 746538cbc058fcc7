/// <reference lib="webworker" />
/** Model worker: exposes the analytic model API over comlink. No logic here. */
import * as Comlink from 'comlink';
import { modelApi } from './model-api.ts';

Comlink.expose(modelApi);
