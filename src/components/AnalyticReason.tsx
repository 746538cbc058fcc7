import { arrayReason, sectionReason, type SectionName } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';

/**
 * Infeasible is data: when a section of the analytic evaluation has no result at this point (e.g. the
 * write voltage would break down the MgO barrier), the panels that depend on it say why, next to what they
 * can still show (their controls, and the sections that do not depend on the failing input).
 */
export function AnalyticReason({ what, section }: { what: string; section: SectionName }) {
  const reason = useExplorer((s) => (section === 'array' ? arrayReason(s) : sectionReason(s, section)));
  if (!reason) return null;
  return (
    <p className="infeasible reason" role="status" data-testid="panel.reason">
      No result for {what} at this point: {reason}
    </p>
  );
}
