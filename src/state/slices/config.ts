/** Configuration slice: the configuration (the single source of truth), its input issues and the notices. */
import {
  FIELD_BY_PATH,
  defaultConfig,
  parseConfigObject,
  setPath,
  validateField,
  type ConfigIssue,
  type ExplorerConfig,
} from '../../schema/schema.ts';
import { FieldError } from '../../models/errors.ts';
import { MAX_JSON_BYTES } from '../../schema/limits.ts';
import { parseJsonBounded } from '../../schema/safe-json.ts';
import type { PickedFile, Slice, SliceContext } from './types.ts';

export type ConfigSlice = Slice<
  'config' | 'issues' | 'notices',
  'setField' | 'setConfig' | 'importConfig' | 'dismissIssues' | 'dismissNotice'
>;

/**
 * A configuration JSON file as the explorer reads it: size and nesting depth are checked before parsing
 * (a huge or 10,000-level file gives one short issue), then every field is validated; each issue names
 * the file. An unreadable file keeps `fallback` (the current configuration).
 */
export async function readConfigFile(
  file: PickedFile,
  fallback: ExplorerConfig,
): Promise<{ config: ExplorerConfig; issues: ConfigIssue[] }> {
  let json: unknown;
  try {
    json = parseJsonBounded(file.size > MAX_JSON_BYTES ? null : await file.text(), file.name, {
      sizeHint: file.size,
    });
  } catch (e) {
    const accepted = (e as { accepted?: string }).accepted ?? 'a JSON document';
    return {
      config: fallback,
      issues: [{ field: file.name, value: '(file)', accepted, message: (e as Error).message }],
    };
  }
  const { config, issues } = parseConfigObject(json);
  return { config, issues: issues.map((i) => ({ ...i, message: `${file.name}: ${i.message}` })) };
}

export function createConfigSlice(
  { set, get }: SliceContext,
  init: { config?: ExplorerConfig; issues?: ConfigIssue[] },
): ConfigSlice {
  return {
    config: init.config ?? defaultConfig(),
    issues: init.issues ?? [],
    notices: [],
    actions: {
      setField(path, value) {
        const f = FIELD_BY_PATH.get(path);
        if (!f) {
          set((s) => ({
            issues: [...s.issues, { field: path, value, accepted: 'a known field', message: `${path}: unknown field` }],
          }));
          return false;
        }
        try {
          const v = validateField(f, value);
          set((s) => {
            let config = setPath(s.config, path, v);
            // A resistance typed in is the one the user wants (as the CLI's --access-resistance): the device
            // field then drives the device, not the array's transistor (README: One operating point).
            if (path === 'deviceParams.accessResistanceOhm') config = setPath(config, 'system.accessR', 'device');
            return { config, issues: s.issues.filter((i) => i.field !== path) };
          });
        } catch (e) {
          if (!(e instanceof FieldError)) throw e;
          const issue = { field: path, value, accepted: e.accepted, message: e.message };
          set((s) => ({ issues: [...s.issues.filter((i) => i.field !== path), issue] }));
          return false;
        }
        void get().actions.runAnalytic();
        return true;
      },
      setConfig(config, issues = []) {
        set({ config, issues });
        void get().actions.runAnalytic();
      },
      async importConfig(file) {
        const { config, issues } = await readConfigFile(file, get().config);
        get().actions.setConfig(config, issues);
      },
      dismissIssues() {
        set({ issues: [] });
      },
      dismissNotice(i) {
        set((s) => ({ notices: s.notices.filter((_, k) => k !== i) }));
      },
    },
  };
}
