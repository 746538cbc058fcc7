/**
 * The layer boundaries are machine-checked (README.md, Layout): these tests prove the checks bite.
 * - src/models is type-checked with lib ES2022 and no types: window/document/self do not exist there.
 * - ESLint rejects a component that imports a model or a worker, and a model that imports React or tfjs.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function typeErrorsInModels(code: string): string[] {
  const cfgPath = join(root, 'tsconfig.models.json');
  const cfg = ts.getParsedCommandLineOfConfigFile(
    cfgPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  const probe = join(root, 'src/models/__probe__.ts');
  const host = ts.createCompilerHost(cfg.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (f === probe ? code : readFile(f));
  host.fileExists = (f) => f === probe || ts.sys.fileExists(f);
  host.getSourceFile = (f, lang, ...rest) =>
    f === probe ? ts.createSourceFile(f, code, lang) : getSourceFile(f, lang, ...rest);
  const program = ts.createProgram([probe], cfg.options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(probe))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('type-level boundary of src/models', () => {
  it('rejects DOM and worker globals', () => {
    expect(typeErrorsInModels('export const w = window.innerWidth;').join()).toContain("Cannot find name 'window'");
    expect(typeErrorsInModels('export const d = document.title;').join()).toContain("Cannot find name 'document'");
    expect(typeErrorsInModels('export const s = self.postMessage;').join()).toContain("Cannot find name 'self'");
  });
  it('accepts pure code', () => {
    expect(typeErrorsInModels('export const x: number = Math.sqrt(2);')).toEqual([]);
  });
});

describe('lint-level boundaries', () => {
  const eslint = new ESLint({ cwd: root });
  const lint = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath: join(root, filePath) }))[0]!.messages.map(
      (m) => `${m.ruleId}: ${m.message}`,
    );

  it('a component importing a model or a worker is rejected', async () => {
    const m1 = await lint(
      "import { evaluateWrite } from '../models/device/index.ts';\nexport const f = evaluateWrite;\n",
      'src/components/Probe.tsx',
    );
    expect(m1.join()).toContain('no-restricted-imports');
    const m2 = await lint(
      "import { modelApi } from '../../workers/model-api.ts';\nexport const f = modelApi;\n",
      'src/components/Probe.tsx',
    );
    expect(m2.join()).toContain('no-restricted-imports');
  });
  it('a component may import model types and the store', async () => {
    const ok = await lint(
      "import type { DeviceParams } from '../models/device/index.ts';\nimport { useExplorer } from '../state/react.ts';\nexport const f = (p: DeviceParams) => [p, useExplorer];\n",
      'src/components/Probe.tsx',
    );
    expect(ok.filter((m) => m.includes('no-restricted-imports'))).toEqual([]);
  });
  it('a model importing React or tfjs is rejected', async () => {
    const m = await lint("import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n", 'src/models/probe.ts');
    expect(m.join()).toContain('src/models is pure');
  });
  it('the schema importing the evaluator is rejected (the evaluator imports the schema, never the reverse)', async () => {
    const m = await lint(
      "import { evaluateAnalytic } from '../evaluate/analytic.ts';\nexport const f = evaluateAnalytic;\n",
      'src/schema/probe.ts',
    );
    expect(m.join()).toContain('src/schema may import only');
  });
  it('an import cycle is rejected (import-x/no-cycle)', async () => {
    // Two real files that import each other, in a temporary folder inside src/ so the lint config applies.
    const dir = mkdtempSync(join(root, 'src/models/__cycle__'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = (): unknown => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a.ts';\nexport const b = (): unknown => a;\n");
      const results = await eslint.lintFiles([join(dir, 'a.ts')]);
      expect(results[0]!.messages.map((x) => x.ruleId)).toContain('import-x/no-cycle');
      // The same two files without the back edge are accepted.
      writeFileSync(join(dir, 'b.ts'), 'export const b = (): unknown => 1;\n');
      const clean = await new ESLint({ cwd: root, cache: false }).lintFiles([join(dir, 'a.ts')]);
      expect(clean[0]!.messages.map((x) => x.ruleId)).not.toContain('import-x/no-cycle');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
