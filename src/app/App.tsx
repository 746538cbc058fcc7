import { Banner } from '../components/Banner.tsx';
import { ArrayPanel } from '../components/ArrayPanel.tsx';
import { DevicePanel } from '../components/DevicePanel.tsx';
import { SystemPanel } from '../components/SystemPanel.tsx';
import { Header } from '../components/Header.tsx';

export function App() {
  return (
    <div className="app">
      <Header />
      <Banner />
      <main>
        <DevicePanel />
        <ArrayPanel />
        <SystemPanel />
      </main>
      <footer className="footer">
        Models: macrospin STT-MRAM (Sun 2000; Butler 2012; Khvalkovskiy 2013). Every number follows from the
        configuration in the URL.
      </footer>
    </div>
  );
}
