import { useEffect } from 'react';
import { useExplorer } from '../state/react.ts';

const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password']);

/** Whether key presses on this element are text being typed. */
function isTextEntry(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t.tagName === 'TEXTAREA') return true;
  return t instanceof HTMLInputElement && TEXT_INPUTS.has(t.type);
}

/** Talk mode: scene title and caption in large type, keyboard navigation (Space/→/PageDown, ←/PageUp, Home, End, Esc). */
export function TalkBar() {
  const scenes = useExplorer((s) => s.scenes);
  // a link may name a scene past the end of the list: show (and navigate from) the last one
  const i = useExplorer((s) => Math.min(s.config.ui.scene, s.scenes.length - 1));
  const { goToScene, exitTalk, importScenes } = useExplorer((s) => s.actions);
  const scene = scenes[Math.min(i, scenes.length - 1)]!;
  useEffect(() => {
    // Keys work wherever the focus is (a slider, a select, a button), except while typing in a text field
    // (Escape leaves talk mode from there too). Captured before the focused element acts on them.
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const typing = isTextEntry(e.target);
      if (e.key === 'Escape') exitTalk();
      else if (typing) return;
      else if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') goToScene(i + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') goToScene(i - 1);
      else if (e.key === 'Home') goToScene(0);
      else if (e.key === 'End') goToScene(scenes.length - 1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [i, scenes.length, goToScene, exitTalk]);
  const load = async (file: File) => {
    const error = await importScenes(file);
    if (error) window.alert(error);
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
