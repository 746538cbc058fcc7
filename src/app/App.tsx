import type { ReactNode } from 'react';
import type { PanelId } from '../schema/scenes.ts';
import { ArrayPanel } from '../components/ArrayPanel.tsx';
import { Banner } from '../components/Banner.tsx';
import { DevicePanel } from '../components/DevicePanel.tsx';
import { Header } from '../components/Header.tsx';
import { SystemPanel } from '../components/SystemPanel.tsx';
import { TalkBar } from '../components/TalkBar.tsx';
import { TrainingPanel } from '../components/TrainingPanel.tsx';
import { ParetoPanel } from '../components/ParetoPanel.tsx';
import { ValidationPanel } from '../components/ValidationPanel.tsx';
import { Verdict } from '../components/Verdict.tsx';
import { useAutoSweep } from '../components/auto-sweep.ts';
import { useExplorer } from '../state/react.ts';

const PANEL_VIEWS: Partial<Record<PanelId, () => ReactNode>> = {
  device: () => <DevicePanel key="device" />,
  array: () => <ArrayPanel key="array" />,
  system: () => <SystemPanel key="system" />,
  training: () => <TrainingPanel key="training" />,
  pareto: () => <ParetoPanel key="pareto" />,
  validation: () => <ValidationPanel key="validation" />,
};
/**
 * First screen: the verdict, then the three main panels side by side (device with the WER chart, system
 * with the energy breakdown, sweep with the Pareto front); the detail panels follow (accuracy, array,
 * validation). A new view goes into the panel it belongs to (a section or tab of that panel).
 */
const ORDER: PanelId[] = ['device', 'system', 'pareto', 'training', 'array', 'validation'];

export function App() {
  const talk = useExplorer((s) => s.config.ui.talk);
  const sceneIndex = useExplorer((s) => s.config.ui.scene);
  const scenes = useExplorer((s) => s.scenes);
  const visible = talk ? (scenes[Math.min(sceneIndex, scenes.length - 1)]?.panels ?? ORDER) : ORDER;
  useAutoSweep();
  const shown = ORDER.filter((p) => visible.includes(p));
  return (
    <div className={talk ? 'app talk' : 'app'}>
      <Header />
      <Banner />
      {talk ? <TalkBar /> : <Verdict />}
      <main className={talk ? `scene scene-${shown.length}` : 'dashboard'}>{shown.map((p) => PANEL_VIEWS[p]?.())}</main>
      <footer className="footer">
        Device: macrospin STT-MRAM (Sun 2000; Butler 2012; Khvalkovskiy 2013). Array: NVSim-style (Dong et al. 2012).
        Accelerator: SCALE-Sim v2 conventions (Samajdar et al. 2018). Every number follows from the configuration in the
        URL.
      </footer>
    </div>
  );
}
