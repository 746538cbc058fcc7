/** Typed hook on window for end-to-end tests and benchmarks (tldraw-style). */
import type { ExplorerState } from '../state/store.ts';

export interface ExplorerTestApi {
  state(): Omit<ExplorerState, 'actions'>;
  query(): string;
  crashModelWorker(times: number): void;
  modelWorkersStarted(): number;
}

declare global {
  interface Window {
    __explorerApi: ExplorerTestApi;
    /** Set to false before load to keep the default background sweep from starting (tests, benchmarks). */
    __explorerAutoSweep?: boolean;
  }
}
