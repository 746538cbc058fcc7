// Lint rules, including the machine-checked layer boundaries described in README.md (Layout):
// components -> state -> jobs -> (types of) workers -> training -> models; charts are leaves.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'test-results/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // No import cycles anywhere: a cycle between modules means one of them sits in the wrong layer.
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a seeded Rng from src/models/rng.ts.' },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/components/**', 'src/app/**', 'src/charts/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['src/models/**'],
    rules: restrict([
      {
        group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*', 'comlink', 'recharts', '@tensorflow/*'],
        message: 'src/models is pure: no UI, store, worker or tfjs imports.',
      },
      {
        group: [
          '**/state/**',
          '**/jobs/**',
          '**/components/**',
          '**/charts/**',
          '**/training/**',
          '**/workers/**',
          '**/app/**',
          '**/cli/**',
          '**/schema/**',
          '**/evaluate/**',
          '**/gpu/**',
        ],
        message: 'src/models may import only src/models.',
      },
      { group: ['node:*', 'fs', 'path'], message: 'src/models runs in browsers too: no Node built-ins.' },
    ]),
  },
  ...['src/schema', 'src/evaluate'].map((dir) => ({
    files: [`${dir}/**`],
    rules: restrict([
      {
        group: ['react', 'react-dom', 'zustand', 'comlink', 'recharts', '@tensorflow/*'],
        message: `${dir} is pure.`,
      },
      {
        group: [
          '**/state/**',
          '**/jobs/**',
          '**/components/**',
          '**/charts/**',
          '**/training/**',
          '**/workers/**',
          '**/app/**',
          '**/cli/**',
          // The schema says what a configuration is; src/evaluate imports it, never the reverse.
          ...(dir === 'src/schema' ? ['**/evaluate/**'] : []),
        ],
        message:
          dir === 'src/schema'
            ? 'src/schema may import only src/models and src/schema.'
            : 'src/evaluate may import only src/models, src/schema and src/evaluate.',
      },
    ]),
  })),
  {
    files: ['src/app/**'],
    rules: restrict([
      {
        group: ['**/models/**', '**/training/**', '**/workers/**', 'comlink', '@tensorflow/*'],
        allowTypeImports: true,
        message: 'src/app is the composition root: it wires jobs into the store, but never calls models or workers.',
      },
    ]),
  },
  {
    files: ['src/components/**'],
    rules: restrict([
      {
        // units.ts (SI formatting, constants) is the one model module the UI edge may use directly.
        group: [
          '**/models/**',
          '!**/models/units.ts',
          '**/training/**',
          '**/workers/**',
          '**/jobs/**',
          'comlink',
          '@tensorflow/*',
        ],
        allowTypeImports: true,
        message:
          'Components never call models, training or workers directly: dispatch a store action (src/state), which runs a job (src/jobs) in a worker.',
      },
    ]),
  },
  {
    files: ['src/charts/**'],
    rules: restrict([
      {
        group: ['**/models/**', '**/training/**', '**/workers/**', '**/jobs/**', '**/state/**', 'zustand', 'comlink'],
        allowTypeImports: true,
        message: 'Charts are leaves: they take plain series from components.',
      },
    ]),
  },
  {
    files: ['src/state/**'],
    rules: restrict([
      {
        group: ['**/components/**', '**/charts/**', '**/workers/**', '**/training/**', 'react-dom'],
        allowTypeImports: true,
        message: 'The store runs jobs through src/jobs; it does not import UI, workers or training.',
      },
    ]),
  },
  {
    files: ['src/jobs/**'],
    rules: restrict([
      {
        group: ['**/components/**', '**/charts/**', '**/state/**', 'react', 'react-dom'],
        message: 'src/jobs is the client side of workers; it knows nothing of the UI or store.',
      },
      {
        group: ['**/workers/**', '**/training/**'],
        allowTypeImports: true,
        message: 'src/jobs imports workers only as types (the Worker is created from a URL).',
      },
    ]),
  },
  {
    files: ['src/training/**'],
    rules: restrict([
      {
        group: [
          'react',
          'react-dom',
          'zustand',
          'recharts',
          '**/state/**',
          '**/components/**',
          '**/charts/**',
          '**/jobs/**',
          '**/app/**',
        ],
        message: 'src/training imports tfjs and src/models only.',
      },
    ]),
  },
  {
    files: ['workers/**'],
    rules: restrict([
      {
        group: [
          'react',
          'react-dom',
          'zustand',
          'recharts',
          '**/state/**',
          '**/components/**',
          '**/charts/**',
          '**/jobs/**',
          '**/app/**',
        ],
        message: 'Workers are thin comlink adapters over models/training.',
      },
    ]),
  },
);
