import { useRef, useState } from 'react';
import { parseConfigObject } from '../schema/schema.ts';
import { MAX_JSON_BYTES } from '../schema/limits.ts';
import { parseJsonBounded } from '../schema/safe-json.ts';
import { encodeConfig } from '../schema/url.ts';
import { useExplorer } from '../state/react.ts';
import { downloadText } from './download.ts';

export function Header() {
  const [copied, setCopied] = useState(false);
  const status = useExplorer((s) => s.analytic.status);
  const talk = useExplorer((s) => s.config.ui.talk);
  const { goToScene, setConfig } = useExplorer((s) => s.actions);
  const getConfig = useExplorer((s) => s.config);
  const fileRef = useRef<HTMLInputElement>(null);
  const copy = async () => {
    // Built from the configuration itself (the address bar is written a moment after each change).
    const url = `${window.location.origin}${window.location.pathname}?${encodeConfig(getConfig)}`;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      window.prompt('Copy this link', url);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const importConfig = async (file: File) => {
    let json: unknown;
    try {
      // Size and nesting depth are checked before parsing: a huge or 10,000-level file gives a short banner.
      json = parseJsonBounded(file.size > MAX_JSON_BYTES ? null : await file.text(), file.name, {
        sizeHint: file.size,
      });
    } catch (e) {
      const accepted = (e as { accepted?: string }).accepted ?? 'a JSON document';
      setConfig(getConfig, [{ field: file.name, value: '(file)', accepted, message: (e as Error).message }]);
      return;
    }
    const { config, issues } = parseConfigObject(json);
    setConfig(
      config,
      issues.map((i) => ({ ...i, message: `${file.name}: ${i.message}` })),
    );
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
