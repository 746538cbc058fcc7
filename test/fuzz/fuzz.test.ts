/**
 * Fuzz suites (fast-check, fixed seeds): URL decode, CLI flags across every command (in-process), each
 * file reader (.cell, .cfg, topology CSV, config JSON, scenes JSON) and config import. Every run is
 * classified; the figures must be: 0 uncaught exceptions, 0 stack traces, 0 hangs, 0 non-finite numbers
 * in JSON, every error naming its field. CI runs a bounded size (~30 s); `npm run fuzz` (FUZZ_FULL=1)
 * runs the full size and prints the figures (README, "Hardening").
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { decodeConfig } from '../../src/schema/url.ts';
import { parseConfigObject } from '../../src/schema/schema.ts';
import { parseScenes } from '../../src/schema/scenes.ts';
import { parseJsonBounded } from '../../src/schema/safe-json.ts';
import { parseScaleSimCfg, parseTopologyCsv } from '../../src/models/accelerator/index.ts';
import { parseCellFile } from '../../src/models/array/index.ts';
import { FieldError } from '../../src/models/errors.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { cli } from '../hardening/cli-io.ts';

const FULL = process.env.FUZZ_FULL === '1';
const N = (ci: number, full: number) => (FULL ? full : ci);
const SEED = 20261201;

interface Figures {
  runs: number;
  uncaught: number;
  stackTraces: number;
  hangs: number;
  nonFiniteJson: number;
  unnamedErrors: number;
  examples: string[];
}
const figures = new Map<string, Figures>();
function fig(name: string): Figures {
  let f = figures.get(name);
  if (!f)
    figures.set(
      name,
      (f = { runs: 0, uncaught: 0, stackTraces: 0, hangs: 0, nonFiniteJson: 0, unnamedErrors: 0, examples: [] }),
    );
  return f;
}
function bad(f: Figures, kind: keyof Omit<Figures, 'runs' | 'examples'>, example: string) {
  f[kind]++;
  if (f.examples.length < 5) f.examples.push(`${kind}: ${example.slice(0, 300)}`);
}
const STACK = /\n\s+at |RangeError|TypeError|ReferenceError/;

afterAll(() => {
  const rows = [...figures].map(
    ([k, f]) =>
      `${k.padEnd(22)} runs ${String(f.runs).padStart(7)}  uncaught ${f.uncaught}  stack traces ${f.stackTraces}  hangs ${f.hangs}  non-finite JSON ${f.nonFiniteJson}  unnamed errors ${f.unnamedErrors}`,
  );
  console.log(`\nfuzz figures (${FULL ? 'full' : 'CI'} size, seed ${SEED}):\n${rows.join('\n')}`);
});

function expectClean(name: string) {
  const f = fig(name);
  expect(f.examples, name).toEqual([]);
  expect(f.runs).toBeGreaterThan(0);
}

/** A file reader: returns, or throws a FieldError whose field starts with the file name, with a bounded message. */
function checkReader(name: string, file: string, read: () => unknown) {
  const f = fig(name);
  f.runs++;
  try {
    read();
  } catch (e) {
    if (!(e instanceof FieldError)) return bad(f, 'uncaught', `${(e as Error).name}: ${(e as Error).message}`);
    if (STACK.test(e.message)) bad(f, 'stackTraces', e.message);
    if (!e.message.startsWith(file) || e.message.length > 1000) bad(f, 'unnamedErrors', e.message);
  }
}

// ---------------------------------------------------------------------------------------------
const VALID_URL = decodeConfig('').config;
const KEYS = [
  'v',
  'seed',
  'V',
  'pulse',
  'nomV',
  'cap',
  'node',
  'word',
  'net',
  'rows',
  'hide',
  'talk',
  'scene',
  'backend',
  'd.temperature',
  'd.diameter',
  'epochs',
  '__proto__',
  'constructor',
  'x',
];
const VALUES = [
  '',
  '0',
  '-1',
  '1e999',
  'NaN',
  '0x10',
  '100mV',
  '22nm',
  '512bit',
  '300K',
  '5ns',
  '4MiB',
  'abc',
  '%E0%A4%A',
  '<script>',
  'V,pulse',
  'foo',
  '1.5 V',
  'wasm',
  '9'.repeat(200),
];

describe('fuzz: URL decode', () => {
  it('never throws; every issue names its field, with a bounded message; every number finite', () => {
    const f = fig('URL decode');
    const part = fc.tuple(
      fc.oneof(fc.constantFrom(...KEYS), fc.string()),
      fc.oneof(fc.constantFrom(...VALUES), fc.string()),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), fc.boolean(), (parts, raw) => {
        const q = parts
          .map(([k, v]) => (raw ? `${k}=${v}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
          .join('&');
        f.runs++;
        try {
          const d = decodeConfig(q);
          for (const i of d.issues) {
            if (!i.message.startsWith(`${i.field}: `) || i.message.length > 2000) bad(f, 'unnamedErrors', i.message);
          }
          const json = JSON.stringify(d.config);
          if (
            /null/.test(json) ||
            JSON.stringify(Object.keys(d.config).sort()) !== JSON.stringify(Object.keys(VALID_URL).sort())
          )
            bad(f, 'nonFiniteJson', q);
        } catch (e) {
          bad(f, 'uncaught', `${q} -> ${(e as Error).message}`);
        }
      }),
      { numRuns: N(3000, 100_000), seed: SEED },
    );
    expectClean('URL decode');
  });
});

// ---------------------------------------------------------------------------------------------
const STT = readFileSync('src/reference/nvsim/sample_STTRAM.cell', 'utf8');
const CFG =
  '[general]\nrun_name = r\n[architecture_presets]\nArrayHeight: 32\nArrayWidth: 32\nIfmapSramSzkB: 64\nDataflow: ws\n';
const TOPO =
  'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nconv1, 32, 32, 3, 3, 3, 16, 1,\nfc, 1, 1, 1, 1, 256, 10, 1,\n';
const SCENES = JSON.stringify([{ title: 't', caption: 'c', query: 'V=0.8', show: ['V'] }]);
const CONFIG = JSON.stringify(VALID_URL);

/** Text mutations: replace a slice with one of the nasty fragments, duplicate or delete lines, change line endings. */
const fragment = fc.constantFrom(
  '',
  '0',
  '-1',
  '0x10',
  '1e999',
  'NaN',
  ',',
  ':',
  '=',
  '\r',
  '\n',
  '"',
  '[',
  '{',
  ']]',
  'ÿ',
  'a'.repeat(300),
  '-CellArea (F^2): 1',
  'ArrayHeight: 0',
);
function mutate(text: string) {
  return fc
    .array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fragment, fc.constantFrom('slice', 'dupline', 'dropline', 'cr')), {
      minLength: 1,
      maxLength: 4,
    })
    .map((ops) => {
      let t = text;
      for (const [at, len, frag, op] of ops) {
        const i = t.length ? at % t.length : 0;
        if (op === 'slice') t = t.slice(0, i) + frag + t.slice(i + len);
        else if (op === 'cr') t = t.replace(/\r?\n/g, '\r');
        else {
          const lines = t.split('\n');
          const k = lines.length ? at % lines.length : 0;
          if (op === 'dupline') lines.splice(k, 0, lines[k] ?? '');
          else lines.splice(k, 1);
          t = lines.join('\n');
        }
      }
      return t;
    });
}

describe('fuzz: file readers and config import', () => {
  const runs = N(400, 20_000);
  it('.cell', () => {
    fc.assert(
      fc.property(mutate(STT), (t) => checkReader('.cell', 'x.cell', () => parseCellFile(t, 'x.cell'))),
      { numRuns: runs, seed: SEED },
    );
    expectClean('.cell');
  });
  it('.cfg', () => {
    fc.assert(
      fc.property(mutate(CFG), (t) => checkReader('.cfg', 'x.cfg', () => parseScaleSimCfg(t, 'x.cfg'))),
      { numRuns: runs, seed: SEED },
    );
    expectClean('.cfg');
  });
  it('topology CSV', () => {
    fc.assert(
      fc.property(mutate(TOPO), (t) => checkReader('topology CSV', 'x.csv', () => parseTopologyCsv(t, 'x.csv'))),
      { numRuns: runs, seed: SEED },
    );
    expectClean('topology CSV');
  });
  it('scenes JSON', () => {
    fc.assert(
      fc.property(mutate(SCENES), (t) =>
        checkReader('scenes JSON', 's.json', () => parseScenes(parseJsonBounded(t, 's.json'), 's.json')),
      ),
      { numRuns: runs, seed: SEED },
    );
    expectClean('scenes JSON');
  });
  it('config JSON import (text mutations, random JSON values, deep nesting)', () => {
    const importText = (t: string) => {
      const r = parseConfigObject(parseJsonBounded(t, 'c.json'));
      for (const i of r.issues) if (!i.message.startsWith(i.field)) throw new Error(`unnamed issue ${i.message}`);
      if (/null/.test(JSON.stringify(r.config))) throw new Error('non-finite number in the imported config');
    };
    const deep = fc.nat({ max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d));
    fc.assert(
      fc.property(
        fc.oneof(
          mutate(CONFIG),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          deep,
        ),
        (t) => checkReader('config JSON import', 'c.json', () => importText(t)),
      ),
      { numRuns: runs, seed: SEED },
    );
    expectClean('config JSON import');
  });
});

// ---------------------------------------------------------------------------------------------
/** Flags of every command (and device subcommand), read from its --help: name and kind hints. */
async function commandFlags(): Promise<{ argv0: string[]; flags: string[] }[]> {
  const out: { argv0: string[]; flags: string[] }[] = [];
  const targets = commands.flatMap((c) =>
    c.name === 'device' ? [['device'], ['device', 'sweep'], ['device', 'mc']] : [[c.name]],
  );
  for (const t of targets) {
    const r = await cli([...t, '--help']);
    const flags = [...r.out.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map((m) => m[1]!).filter((k) => k !== 'help');
    out.push({ argv0: t, flags });
  }
  return out;
}

const FILES: Record<string, string> = {
  'ok.json': JSON.stringify({ voltageV: [0.6, 0.8], pulseWidthS: ['5ns'] }),
  'deep.json': '['.repeat(5000) + ']'.repeat(5000),
  'bad.json': '{"voltageV": [',
  'topo.csv': TOPO,
  'bad.csv': 'Layer, M, N, K,\nx, 0, 0x1, -1,\n',
  'scale.cfg': CFG,
  'x.cell': STT,
};
const FLAG_VALUES = [
  'abc',
  '',
  '0x10',
  '-1',
  '0',
  '1e999',
  'NaN',
  '1e-300',
  '1',
  '2',
  '0.5',
  '3V',
  '5ns',
  '-5ns',
  '100mV',
  '1,2',
  '0:1:3',
  'a'.repeat(200),
  'ok.json',
  'deep.json',
  'bad.json',
  'topo.csv',
  'bad.csv',
  'scale.cfg',
  'x.cell',
  'mram',
  'ws',
  'true',
];
/** Keeps accepted runs short: small training and Monte Carlo unless the fuzzed flag is one of these. */
const BOUNDS: Record<string, string[]> = {
  train: ['--max-steps', '1', '--max-train', '64', '--max-test', '64', '--epochs', '1'],
  'device mc': ['--trajectories', '8'],
  sweep: ['--config', 'ok.json'],
};

describe('fuzz: CLI flags across every command (in-process)', () => {
  it('bad values: a named error (the flag given), or a finite JSON result; no stack trace, no hang', async () => {
    const f = fig('CLI flags');
    const targets = await commandFlags();
    expect(targets.length).toBe(commands.length + 2);
    const gen = fc.tuple(
      fc.constantFrom(...targets),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...FLAG_VALUES), fc.boolean()), { minLength: 1, maxLength: 3 }),
    );
    const samples = fc.sample(gen, { numRuns: N(150, 3000), seed: SEED });
    for (const [t, picks] of samples) {
      const given: string[] = [];
      const argv = [...t.argv0];
      for (const [i, v, eq] of picks) {
        const flag = t.flags[i % t.flags.length]!;
        if (given.includes(flag)) continue;
        given.push(flag);
        argv.push(...(eq ? [`--${flag}=${v}`] : [`--${flag}`, v]));
      }
      const bounds = BOUNDS[t.argv0.join(' ')] ?? [];
      for (let k = 0; k < bounds.length; k += 2)
        if (!given.includes(bounds[k]!.slice(2))) argv.push(bounds[k]!, bounds[k + 1]!);
      argv.push('--json');
      f.runs++;
      const line = argv.join(' ').slice(0, 200);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const r = await Promise.race([
        cli(argv, FILES),
        new Promise<'hang'>((res) => (timer = setTimeout(() => res('hang'), 30_000))),
      ]);
      clearTimeout(timer);
      if (r === 'hang') {
        bad(f, 'hangs', line);
        continue;
      }
      if (STACK.test(r.err) || STACK.test(r.out)) bad(f, 'stackTraces', `${line} -> ${r.err}`);
      if (r.code === 0 || (r.code === 1 && r.out)) {
        // a bare NaN/Infinity token (not inside a string) would be non-finite output
        if (/(^|[^"\w])(NaN|-?Infinity)([^"\w]|$)/.test(r.out.replace(/"(?:[^"\\]|\\.)*"/g, '""')))
          bad(f, 'nonFiniteJson', line);
        try {
          JSON.parse(r.out);
        } catch {
          bad(f, 'nonFiniteJson', `${line}: not one JSON document`);
        }
      } else if (r.code === 2) {
        // the error names a flag the user wrote (or a file the user named), as written
        // the error names a flag the user wrote (or a file the user named, or the stray positional argument)
        const named = /^error: (.+?): /.exec(r.err)?.[1] ?? '';
        const wrote = given.some((g) => r.err.includes(`--${g}`)) || argv.includes(named);
        const positional = /no positional arguments|sweep or mc/.test(r.err);
        const file = /^[\w.-]+\.(json|csv|cfg|cell)\b/.test(named) || named.startsWith('--config ');
        const ok = named !== '' && (wrote || positional || file);
        if (!ok || r.err.length > 1200) bad(f, 'unnamedErrors', `${line} -> ${r.err}`);
      } else bad(f, 'uncaught', `${line} -> exit ${r.code}: ${r.err}`);
    }
    expectClean('CLI flags');
  });
});
