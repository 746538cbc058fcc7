/**
 * The explorer store (zustand vanilla), composed from typed slices (src/state/slices): configuration,
 * analytic results, streamed jobs, sweep, talk. The configuration is the single source of truth; actions
 * turn it into jobs (src/jobs) whose results stream back here. Testable in Node without rendering: jobs
 * are injected. Components select state (selectors in derive.ts) and call actions.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConfigIssue, ExplorerConfig } from '../schema/schema.ts';
import { createAnalyticSlice } from './slices/analytic.ts';
import { createConfigSlice } from './slices/config.ts';
import { createJobsSlice } from './slices/jobs.ts';
import { createSweepSlice } from './slices/sweep.ts';
import { createTalkSlice } from './slices/talk.ts';
import type { ExplorerState, StoreDeps } from './slices/types.ts';

export type { ExplorerActions, ExplorerState, JobState, PickedFile, SweepState, StoreDeps } from './slices/types.ts';
export { pushNotice } from './slices/types.ts';
export { shareDeep, shareUnchanged } from './slices/analytic.ts';
export { appendProgress } from './slices/jobs.ts';

export type ExplorerStore = StoreApi<ExplorerState>;

export function createExplorerStore(
  deps: StoreDeps,
  init: { config?: ExplorerConfig; issues?: ConfigIssue[] } = {},
): ExplorerStore {
  return createStore<ExplorerState>()((set, get) => {
    const ctx = { set, get, deps };
    const { actions: configActions, ...config } = createConfigSlice(ctx, init);
    const { actions: analyticActions, ...analytic } = createAnalyticSlice(ctx);
    const { actions: jobActions, ...jobs } = createJobsSlice(ctx);
    const { actions: sweepActions, ...sweep } = createSweepSlice(ctx);
    const { actions: talkActions, ...talk } = createTalkSlice(ctx);
    return {
      ...config,
      ...analytic,
      ...jobs,
      ...sweep,
      ...talk,
      actions: { ...configActions, ...analyticActions, ...jobActions, ...sweepActions, ...talkActions },
    };
  });
}
