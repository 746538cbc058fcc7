import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { encodeConfig } from '../config/url.ts';
import { createAnalyticJobs } from '../jobs/analytic.ts';
import { StoreContext } from '../state/react.ts';
import { createExplorerStore } from '../state/store.ts';
import type {} from './test-api.d.ts';
import { readUrl, syncUrl } from '../state/url-sync.ts';
import { App } from './App.tsx';
import './styles.css';

const decoded = readUrl(window.location.search);
const analytic = createAnalyticJobs();
const store = createExplorerStore({ analytic }, { config: decoded.config, issues: decoded.issues });
syncUrl(store, window.history, window.location);
void store.getState().actions.runAnalytic();

window.__explorerApi = {
  state: () => store.getState(),
  query: () => encodeConfig(store.getState().config),
  crashModelWorker: (n) => analytic.crashNext(n),
  modelWorkersStarted: () => analytic.workersStarted(),
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
