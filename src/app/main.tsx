import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { encodeConfig } from '../schema/url.ts';
import { createAnalyticJobs } from '../jobs/analytic.ts';
import { createSweepPool, createTrainingJobs } from '../jobs/training.ts';
import { StoreContext } from '../state/react.ts';
import { createExplorerStore } from '../state/store.ts';
import type {} from './test-api.d.ts';
import { readUrl, syncUrl } from '../state/url-sync.ts';
import { App } from './App.tsx';
import { registerServiceWorker } from './sw-register.ts';
import './styles.css';

const decoded = readUrl(window.location.search);
const analytic = createAnalyticJobs();
const store = createExplorerStore(
  { analytic, training: createTrainingJobs(), sweepPool: () => createSweepPool() },
  { config: decoded.config, issues: decoded.issues },
);
// `?talk=1` (optionally with scene=k) and nothing else opens that scene with its configuration; a full
// link written by the app (talk=1 plus every field) is taken as it is: same URL, same numbers.
const keys = new URLSearchParams(window.location.search);
const onlyUi = [...keys.keys()].every((k) => ['v', 'talk', 'scene'].includes(k));
if (decoded.config.ui.talk && onlyUi) {
  store.getState().actions.goToScene(decoded.config.ui.scene);
  // the link's own problems (e.g. scene=-1) stay in the banner beside the scene's
  if (decoded.issues.length) store.setState((s) => ({ issues: [...decoded.issues, ...s.issues] }));
} else void store.getState().actions.runAnalytic();
syncUrl(store, window.history, window.location);

window.__explorerApi = {
  state: () => store.getState(),
  query: () => encodeConfig(store.getState().config),
  crashModelWorker: (n) => analytic.crashNext(n),
  modelWorkersStarted: () => analytic.workersStarted(),
};

// Offline support (production builds): a service worker precaches the app for talks without network.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  registerServiceWorker();
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
