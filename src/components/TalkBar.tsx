import { useEffect } from 'react';
import { parseScenes } from '../config/scenes.ts';
import { MAX_JSON_BYTES } from '../config/limits.ts';
import { parseJsonBounded } from '../config/safe-json.ts';
import { useExplorer } from '../state/react.ts';

/** Talk mode: scene title and caption in large type, keyboard navigation (←/→, PageUp/PageDown, Esc). */
export function TalkBar() {
  const scenes = useExplorer((s) => s.scenes);
  // a link may name a scene past the end of the list: show (and navigate from) the last one
  const i = useExplorer((s) => Math.min(s.config.ui.scene, s.scenes.length - 1));
  const { goToScene, exitTalk, setScenes } = useExplorer((s) => s.actions);
  const scene = scenes[Math.min(i, scenes.length - 1)]!;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') goToScene(i + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') goToScene(i - 1);
      else if (e.key === 'Home') goToScene(0);
      else if (e.key === 'End') goToScene(scenes.length - 1);
      else if (e.key === 'Escape') exitTalk();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [i, scenes.length, goToScene, exitTalk]);
  const load = async (file: File) => {
    try {
      const text = file.size > MAX_JSON_BYTES ? null : await file.text();
      setScenes(parseScenes(parseJsonBounded(text, file.name, { sizeHint: file.size }), file.name));
    } catch (e) {
      window.alert((e as Error).message);
    }
  };
  return (
    <section className="talkbar" aria-live="polite" data-testid="talk.bar">
      <div className="talk-nav">
        <button
          type="button"
          onClick={() => goToScene(i - 1)}
          disabled={i <= 0}
          data-testid="talk.prev"
          aria-label="Previous scene"
        >
          ←
        </button>
        <span data-testid="talk.position">
          {i + 1} / {scenes.length}
        </span>
        <button
          type="button"
          onClick={() => goToScene(i + 1)}
          disabled={i >= scenes.length - 1}
          data-testid="talk.next"
          aria-label="Next scene"
        >
          →
        </button>
        <label className="talk-load">
          Load scenes…
          <input
            type="file"
            accept="application/json"
            data-testid="talk.load"
            onChange={(e) => e.target.files?.[0] && load(e.target.files[0])}
          />
        </label>
        <button type="button" onClick={exitTalk} data-testid="talk.exit">
          Exit talk mode
        </button>
      </div>
      <h2 data-testid="talk.title">{scene.title}</h2>
      <p data-testid="talk.caption">{scene.caption}</p>
    </section>
  );
}
