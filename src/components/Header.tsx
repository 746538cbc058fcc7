import { useRef, useState } from 'react';
import { configKey } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { downloadText } from './download.ts';

export function Header() {
  const [copied, setCopied] = useState(false);
  const status = useExplorer((s) => s.analytic.status);
  const talk = useExplorer((s) => s.config.ui.talk);
  const { goToScene } = useExplorer((s) => s.actions);
  const { importConfig } = useExplorer((s) => s.actions);
  const getConfig = useExplorer((s) => s.config);
  const query = useExplorer((s) => configKey(s.config));
  const fileRef = useRef<HTMLInputElement>(null);
  const copy = async () => {
    // Built from the configuration itself (the address bar is written a moment after each change).
    const url = `${window.location.origin}${window.location.pathname}?${query}`;
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
      <button
        type="button"
        data-testid="action.export-config"
        onClick={() =>
          downloadText('mram-explorer-config.json', JSON.stringify(getConfig, null, 2) + '\n', 'application/json')
        }
      >
        Export config
      </button>
      <button type="button" data-testid="action.import-config" onClick={() => fileRef.current?.click()}>
        Import config
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json"
        hidden
        data-testid="action.import-config.file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importConfig(f);
          e.target.value = '';
        }}
      />
      {!talk && (
        <button type="button" onClick={() => goToScene(0)} data-testid="action.talk">
          Talk mode
        </button>
      )}
    </header>
  );
}
