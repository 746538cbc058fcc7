import { useExplorer } from '../state/react.ts';

/**
 * Infeasible is data: when the analytic evaluation of the current point gives no result (e.g. the write
 * voltage would break down the MgO barrier), every dependent panel says why, next to what it can still
 * show (its controls, and results that do not depend on the point).
 */
export function AnalyticReason({ what, system: withSystem = false }: { what: string; system?: boolean }) {
  const outcome = useExplorer((s) => s.analytic.value);
  const system = outcome?.ok ? outcome.result.system : undefined;
  const reason =
    outcome && !outcome.ok ? outcome.reason : withSystem && system && !system.ok ? system.reason : undefined;
  if (!reason) return null;
  return (
    <p className="infeasible reason" role="status" data-testid="panel.reason">
      No result for {what} at this point: {reason}
    </p>
  );
}
