import { useExplorer } from '../state/react.ts';
import { StaleNotice, UpdateNotice } from './StaleNotice.tsx';

/** Input problems (URL, controls, imported JSON): field, bad value, accepted range. */
export function Banner() {
  const issues = useExplorer((s) => s.issues);
  const dismiss = useExplorer((s) => s.actions.dismissIssues);
  const notices = useExplorer((s) => s.notices);
  const dismissNotice = useExplorer((s) => s.actions.dismissNotice);
  return (
    <>
      {issues.length > 0 && (
        <div className="banner" role="alert" data-testid="banner.issues">
          <strong>
            Some settings were not accepted; each of these fields kept its previous value (for a link or a file, its
            default):
          </strong>
          <ul>
            {issues.map((i, k) => (
              <li key={`${k}:${i.field}`} data-testid={`banner.issue.${i.field}`}>
                {i.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={dismiss} data-testid="banner.dismiss">
            Dismiss
          </button>
        </div>
      )}
      <StaleNotice />
      <UpdateNotice />
      {notices.map((n, i) => (
        <div className="banner notice" role="status" key={i} data-testid="banner.notice">
          {n}{' '}
          <button type="button" onClick={() => dismissNotice(i)}>
            Dismiss
          </button>
        </div>
      ))}
    </>
  );
}
