/** Talk slice: the scenes of talk mode (defaults, or a list loaded from a file) and moving between them. */
import { DEFAULT_SCENES, hiddenFor, parseScenes } from '../../schema/scenes.ts';
import { decodeConfig } from '../../schema/url.ts';
import { MAX_JSON_BYTES } from '../../schema/limits.ts';
import { parseJsonBounded } from '../../schema/safe-json.ts';
import type { Slice, SliceContext } from './types.ts';

export type TalkSlice = Slice<'scenes', 'goToScene' | 'setScenes' | 'importScenes' | 'exitTalk'>;

export function createTalkSlice({ set, get }: SliceContext): TalkSlice {
  return {
    scenes: DEFAULT_SCENES,
    actions: {
      goToScene(i) {
        const scenes = get().scenes;
        const k = Math.max(0, Math.min(scenes.length - 1, i));
        const scene = scenes[k]!;
        const d = decodeConfig(scene.query);
        const config = { ...d.config, ui: { talk: true, scene: k, hide: hiddenFor(scene) } };
        get().actions.setConfig(config, d.issues);
      },
      setScenes(scenes) {
        set({ scenes });
        get().actions.goToScene(0);
      },
      async importScenes(file) {
        try {
          const text = file.size > MAX_JSON_BYTES ? null : await file.text();
          get().actions.setScenes(parseScenes(parseJsonBounded(text, file.name, { sizeHint: file.size }), file.name));
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      },
      exitTalk() {
        const c = get().config;
        get().actions.setConfig({ ...c, ui: { talk: false, scene: 0, hide: [] } }, get().issues);
      },
    },
  };
}
