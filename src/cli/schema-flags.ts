/**
 * The CLI on the schema: every flag of a configuration value is derived from the one schema table
 * (src/schema/schema.ts, FIELDS): its range, default, choices and unit are the schema's, never the
 * command's own. Every command also takes the whole configuration at once:
 *
 *   --url '<link or query>'   an explorer link (https://.../?v=3&V=0.7&...) or its query; v=1 links migrate
 *   --config file.json        an explorer configuration JSON document (the page's "export config")
 *
 * Precedence: schema defaults < --config < --url < explicit flags. For `accelerator` and `system`,
 * --config also takes a SCALE-Sim .cfg (INI text, not JSON): then it keeps its meaning (array size,
 * dataflow, SRAM sizes). A JSON document is always the explorer configuration. `sweep --config` stays
 * the sweep spec.
 */
import { FieldError } from '../models/errors.ts';
import {
  FIELD_BY_PATH,
  defaultConfig,
  getPath,
  parseConfigObject,
  setPath,
  type ExplorerConfig,
  type FieldDef,
} from '../schema/schema.ts';
import { decodeConfig } from '../schema/url.ts';
import { parseJsonBounded } from '../schema/safe-json.ts';
import type { CliIO } from './command.ts';
import { schemaValue, type FieldLink, type FlagSpec, type FlagSpecs, type ParsedArgs } from './flags.ts';

/** The schema field of a path (throws at load time when a command names a path the schema lacks). */
export function schemaField(path: string): FieldDef {
  const f = FIELD_BY_PATH.get(path);
  if (!f) throw new Error(`no schema field ${path}`);
  return f;
}

/** Units the CLI's quantity parser reads with an SI prefix (5ns, 0.7V, 300K, 40nm); compound units (A/m) are plain numbers. */
const isQuantityUnit = (unit: string | undefined): unit is string => !!unit && !unit.includes('/');

export interface FieldFlagOptions {
  /** Help text (default: the schema label). */
  help?: string;
  /** Further paths the flag sets to the same value (e.g. --memory: every class). */
  alsoSets?: readonly string[];
  aliases?: Readonly<Record<string, string>>;
  extraChoices?: readonly string[];
  /** Read as text and parsed by the command (e.g. a spread written as 5%); range still from the schema. */
  text?: boolean;
}

/**
 * The CLI flag of a schema field: kind, range, default, choices and unit all from FIELDS. Enum choices are
 * the schema's at load time (a value added to the schema is accepted here without a change).
 */
export function fieldFlag(path: string, opts: FieldFlagOptions = {}): FlagSpec {
  const f = schemaField(path);
  const link: FieldLink = {
    field: opts.alsoSets ? [path, ...opts.alsoSets] : path,
    ...(opts.aliases ? { aliases: opts.aliases } : {}),
    ...(opts.extraChoices ? { extraChoices: opts.extraChoices } : {}),
  };
  const help = opts.help ?? f.label;
  if (opts.text) return { ...link, kind: 'string', help, default: String(f.default) };
  switch (f.kind) {
    case 'number': {
      const range = {
        min: f.min,
        max: f.max,
        default: f.default,
        ...(f.minExclusive ? { minExclusive: true } : {}),
      };
      // An exclusive upper bound is checked against the schema (parseArgs); the flag parser's max is inclusive.
      if (f.auto) return { ...link, kind: 'number', help: `${help} [${f.unit ?? ''}, or auto]`, ...range, auto: true };
      if (typeof range.default !== 'number') throw new Error(`field ${path}: a default of 'auto' needs auto: true`);
      const r = { ...range, default: range.default };
      if (isQuantityUnit(f.unit)) return { ...link, kind: 'quantity', unit: f.unit, help, ...r };
      return { ...link, kind: 'number', help: f.unit ? `${help} [${f.unit}]` : help, ...r };
    }
    case 'int':
      if (f.unit === 'B') return { ...link, kind: 'bytes', help, min: f.min, max: f.max, default: f.default };
      return {
        ...link,
        kind: 'int',
        help: f.unit ? `${help} [${f.unit}]` : help,
        min: f.min,
        max: f.max,
        default: f.default,
      };
    case 'enum':
      return {
        ...link,
        kind: 'enum',
        help,
        choices: [...f.choices, ...Object.keys(opts.aliases ?? {}), ...(opts.extraChoices ?? [])],
        default: f.default,
      };
    case 'bool':
      return { ...link, kind: 'boolean', help };
    case 'list':
      return { ...link, kind: 'string', help, default: f.default.join(',') };
  }
}

/** The MRAM cell's access-transistor width, one flag for every command whose numbers depend on it. */
export const ACCESS_WIDTH_FLAG: FlagSpec = fieldFlag('system.accessWidthF', {
  help: 'MRAM cell access-transistor width in F (sets the cell area and the array resistance, and so the device rates), or auto: the narrowest for which the nominal write meets WER 1e-6',
});

/** The flags every command takes for the whole configuration. */
export const CONFIG_FLAGS: FlagSpecs = {
  url: {
    kind: 'string',
    help: "an explorer link or its query ('https://.../?v=3&V=0.7&...'): the whole configuration; flags override it",
  },
  config: {
    kind: 'string',
    help: 'an explorer configuration JSON file (as the page exports it); flags override it',
  },
};

/** The query of a link: what follows '?' (or '#'), or the text itself when it is already a query. */
export function queryOf(link: string): string {
  const t = link.trim();
  const q = t.indexOf('?');
  if (q >= 0) return t.slice(q + 1).replace(/#.*$/, '');
  const h = t.indexOf('#');
  return h >= 0 ? t.slice(h + 1) : t;
}

/** Whether a --config file's text is a JSON object (an INI .cfg starts with a [section] or a key) (else, for accelerator/system, a SCALE-Sim .cfg). */
export function isJsonText(text: string): boolean {
  return /^\s*{/.test(text);
}

export interface ResolvedConfig {
  config: ExplorerConfig;
  /** Whether --url or a JSON --config gave the configuration (else: the schema defaults and flags). */
  fromDocument: boolean;
  /** The --config text when it is not JSON (a SCALE-Sim .cfg, for the commands that read one). */
  otherConfigText?: string;
  /** Paths set by an explicit flag. */
  setByFlag: Set<string>;
}

/**
 * The explorer configuration of a command line: schema defaults, then --config (JSON), then --url, then
 * every explicit field-linked flag. Bad values anywhere are FieldErrors naming where they were written.
 */
export function resolveConfig(
  p: ParsedArgs,
  specs: FlagSpecs,
  io: CliIO,
  opts: { otherConfig?: boolean } = {},
): ResolvedConfig {
  let config = defaultConfig();
  let fromDocument = false;
  let otherConfigText: string | undefined;
  const f = p.flags;
  if (typeof f.config === 'string') {
    const text = io.readFile('--config', f.config);
    if (isJsonText(text)) {
      const json = parseJsonBounded(text, `--config ${f.config}`);
      const r = parseConfigObject(json);
      const bad = r.issues[0];
      if (bad) throw new FieldError(`--config ${f.config}: ${bad.field}`, bad.value, bad.accepted);
      config = r.config;
      fromDocument = true;
    } else if (opts.otherConfig) otherConfigText = text;
    else throw new FieldError('--config', f.config, 'an explorer configuration JSON file', 'the file is not JSON');
  }
  if (typeof f.url === 'string') {
    const r = decodeConfig(queryOf(f.url));
    const bad = r.issues[0];
    if (bad) throw new FieldError(`--url ${bad.field}`, bad.value, bad.accepted);
    // The link's own fields over the --config file's (decodeConfig starts from the defaults).
    const given = new Set<string>();
    for (const part of queryOf(f.url).split('&')) given.add(decodeURIComponent(part.split('=')[0] ?? ''));
    config = fromDocument ? mergeLink(config, r.config, given) : r.config;
    fromDocument = true;
  }
  const setByFlag = new Set<string>();
  // Multi-field flags first (--memory), then single-field ones (--weights), so the narrower flag wins.
  const linked = Object.entries(specs)
    .filter(([name, s]) => s.field !== undefined && s.kind !== 'string' && p.given.has(name))
    .sort(([, a], [, b]) => (typeof b.field === 'string' ? 0 : 1) - (typeof a.field === 'string' ? 0 : 1));
  for (const [name, s] of linked) {
    const v = schemaValue(s, f[name]!);
    if (v === undefined) continue;
    for (const path of typeof s.field === 'string' ? [s.field] : s.field!) {
      config = setPath(config, path, v);
      setByFlag.add(path);
    }
  }
  // A resistance given as a flag is the one the user wants: the device field, not the array's transistor.
  if (setByFlag.has('deviceParams.accessResistanceOhm') && !setByFlag.has('system.accessR')) {
    config = setPath(config, 'system.accessR', 'device');
    setByFlag.add('system.accessR');
  }
  return { config, fromDocument, setByFlag, ...(otherConfigText !== undefined ? { otherConfigText } : {}) };
}

/** The fields a link names (by URL key), laid over a configuration. */
function mergeLink(base: ExplorerConfig, link: ExplorerConfig, keys: Set<string>): ExplorerConfig {
  let out = base;
  for (const [path, f] of FIELD_BY_PATH) if (keys.has(f.key)) out = setPath(out, path, getPath(link, path));
  return out;
}
