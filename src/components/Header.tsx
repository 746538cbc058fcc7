import { useState } from 'react';
import { useExplorer } from '../state/react.ts';

export function Header() {
  const [copied, setCopied] = useState(false);
  const status = useExplorer((s) => s.analytic.status);
  const copy = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      window.prompt('Copy this link', url);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <header className="header">
      <h1>MRAM training-accelerator explorer</h1>
      <span className={`status status-${status}`} data-testid="status.analytic" aria-live="polite">
        {status === 'running' ? 'computing…' : status === 'error' ? 'error' : 'up to date'}
      </span>
      <button type="button" onClick={copy} data-testid="action.copy-link">
        {copied ? 'Link copied' : 'Copy link'}
      </button>
    </header>
  );
}
