/** Thin React binding of the vanilla store. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ExplorerState, ExplorerStore } from './store.ts';

export const StoreContext = createContext<ExplorerStore | null>(null);

export function useExplorer<T>(selector: (s: ExplorerState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext missing');
  return useStore(store, selector);
}
