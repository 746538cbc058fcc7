/**
 * The Pareto view's data: points named by their placement, identical points drawn once with a count.
 * Pure (unit-tested). The sweep form's presets and defaults live in src/state/sweep-form.ts (re-exported here).
 */
import type { ExplorerConfig } from '../schema/schema.ts';
import { trainedCleanly, type SweepRow } from '../evaluate/sweep-points.ts';
import { placementLabel } from '../state/sweep-form.ts';

export {
  buildSweepSpec,
  DEFAULT_SWEEP_FORM,
  parseList,
  placementLabel,
  PLACEMENT_PRESETS,
  shortPlacementLabel,
  type PlacementMap,
  type PlacementPreset,
  type SweepForm,
} from '../state/sweep-form.ts';

export interface DrawnPoint {
  /** Row index of the first point of the group (the one a click loads). */
  id: number;
  x: number;
  y: number;
  placement: string;
  /** Write points of the group, e.g. "0.7 V, 5 ns". */
  writes: string[];
  count: number;
  /** The group's runs diverged (or did not finish): drawn apart, never on the front. */
  diverged: boolean;
  /** Training status with the step it diverged at, when not clean. */
  status: string;
}

/**
 * Points with accuracy, identical ones (same placement, energy and accuracy: e.g. every all-SRAM point of
 * a voltage × pulse sweep) merged into one with a count. Ordered by row index.
 */
export function drawnPoints(rows: readonly SweepRow[], writeText: (c: ExplorerConfig) => string): DrawnPoint[] {
  const groups = new Map<string, DrawnPoint>();
  for (const r of [...rows].sort((a, b) => a.index - b.index)) {
    if (!r.out.ok || r.out.testAccuracy === undefined) continue;
    const placement = placementLabel(r.config.placement);
    const diverged = !trainedCleanly(r.out);
    const status = `${r.out.trainStatus ?? 'unfinished'}${r.out.divergedAtStep !== undefined ? ` at step ${r.out.divergedAtStep}` : ''}`;
    const key = `${placement}|${r.out.energyPerStepJ}|${r.out.testAccuracy}|${diverged ? status : 'ok'}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.writes.push(writeText(r.config));
    } else
      groups.set(key, {
        id: r.index,
        x: r.out.energyPerStepJ,
        y: r.out.testAccuracy,
        placement,
        writes: [writeText(r.config)],
        count: 1,
        diverged,
        status,
      });
  }
  return [...groups.values()];
}
