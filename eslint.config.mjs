// ESLint flat config: type-aware rules (typescript-eslint over the program of tsconfig.json) and import boundaries that
// encode ARCHITECTURE.md and STYLE.md section 2. Formatting is Prettier's: eslint-config-prettier comes last.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { noImportCycle } from './tools/eslint/no-import-cycle.mjs';

/** Code that runs only under Jest or by hand: linted, with a relaxed set (see the override below). */
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
  'test/**/*.ts',
  'libs/domain/src/test-fixtures.ts',
  'libs/domain/src/reintegration/test-samples.ts',
];
const BENCH_FILES = ['bench/**/*.ts'];

const LIBS = ['auth', 'config', 'domain', 'persistence', 'projection', 'queues', 'temporal'];
const lib = (name) => `./libs/${name}`;
const otherLibs = (...names) => LIBS.filter((l) => !names.includes(l)).map(lib);

/**
 * Who may import whom (import-x/no-restricted-paths, on resolved file paths, so `@avrr/...` aliases count as well as
 * relative paths). Layers point one way: domain <- libs <- apps; workflows run in Temporal's sandbox.
 */
const BOUNDARIES = [
  {
    target: lib('domain'),
    from: ['./apps', './workflows', './bench', './test', ...otherLibs('domain')],
    message: 'libs/domain is pure: it imports nothing of ours outside libs/domain.',
  },
  {
    target: './libs',
    from: './apps',
    message: 'Libraries never import applications.',
  },
  {
    target: './libs',
    from: './bench',
    message: 'Libraries never import the benchmark.',
  },
  {
    target: './apps/api',
    from: './apps/worker',
    message: 'The API and the worker never import each other; share code through a lib.',
  },
  {
    target: './apps/worker',
    from: './apps/api',
    message: 'The API and the worker never import each other; share code through a lib.',
  },
  {
    target: './workflows',
    from: ['./apps', './bench', './test', ...otherLibs('domain')],
    message:
      'Workflow code runs in the Temporal sandbox: it imports @temporalio/workflow, libs/domain and workflows/ only.',
  },
  // STYLE.md section 2, one row per library: packages point one way, so no package cycle (auth -> persistence, never back).
  {
    target: lib('config'),
    from: [...otherLibs('config', 'domain'), './workflows'],
    message: 'libs/config imports only libs/domain (DOMAIN_RULES are checked by the domain itself, once, at boot).',
  },
  {
    target: lib('persistence'),
    from: [...otherLibs('persistence', 'domain', 'config'), './workflows'],
    message: 'libs/persistence imports only libs/domain and libs/config.',
  },
  {
    target: lib('queues'),
    from: [...otherLibs('queues', 'domain', 'config'), './workflows'],
    message: 'libs/queues imports only libs/domain and libs/config (job payloads carry ids, not entities).',
  },
  {
    target: lib('temporal'),
    from: otherLibs('temporal', 'domain', 'config'),
    message: 'libs/temporal imports only libs/domain, libs/config and the workflow contracts.',
  },
  {
    target: lib('auth'),
    from: otherLibs('auth', 'domain', 'config', 'persistence'),
    message: 'libs/auth imports only libs/domain, libs/config and libs/persistence (its user repository).',
  },
];

/** The Temporal sandbox: deterministic code only (replay re-runs it). */
const WORKFLOW_ALLOWED_PACKAGES = [
  '@temporalio/workflow',
  // The SDK's shared, sandbox-safe definitions (typed search attribute keys are not re-exported by @temporalio/workflow).
  // Not @temporalio/{client,worker,activity,testing}: those are Node code.
  '@temporalio/common',
  '@avrr/domain',
];
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export default defineConfig(
  // apps/web/src/api/schema.d.ts: generated from the OpenAPI document (npm run api:generate)
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'test/fixtures/**',
      'apps/web/src/api/schema.d.ts',
    ],
  },

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX, avrr: { rules: { 'no-import-cycle': noImportCycle } } },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      'import-x/extensions': ['.ts', '.js'],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: a dropped promise is a lost error or a race. Deliberate fire-and-forget is spelled `void p`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // `return await` inside try/catch, so the catch and finally see the rejection; elsewhere it is noise.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],

      // Not enabled: the no-unsafe-* family. Its ~1,500 reports here are all one pattern: values that are `any` at a
      // boundary we type by hand on the next line (TypeORM's `query()` rows, `res.json()` in tests, JSON.parse of
      // config). They found no defect; `no-explicit-any` below keeps new `any` out of production code instead.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // An `async` method without `await` is how an interface's Promise-returning method is implemented here (payload
      // codec, Nest hooks): a throw becomes a rejection. The rule would force a `Promise.resolve` wrapper instead.
      '@typescript-eslint/require-await': 'off',
      // `_` marks a deliberately unused binding: an omitted field in `{ secret: _secret, ...rest }`, a Nest parameter.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      eqeqeq: ['error', 'smart'],

      // Imports. TypeScript already checks that names exist and resolve (import-x's named/namespace/default/no-unresolved
      // would repeat it, slowly); these rules check what TypeScript does not: circles, layers, stray packages.
      // No circles between files of apps, libs, workflows (and tests), whatever the length of the loop. Our own rule
      // (tools/eslint/no-import-cycle.mjs) instead of import-x/no-cycle: that one skips `import type` edges, so it misses
      // the type circles of libs/domain (types.ts <-> reintegration/model.ts), and it re-parses every file (16 s of CPU
      // here, against 0.5 s for ours, which reads the TypeScript program already built). Ours sees every static import
      // and re-export, types included, and names the whole circle.
      'avrr/no-import-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { zones: BOUNDARIES }],
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: [...TEST_FILES, ...BENCH_FILES] }],
    },
  },

  // libs/domain runs in the workflow sandbox too: no Node built-ins, no framework.
  {
    files: ['libs/domain/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'bullmq',
                'ioredis',
                'pg',
                '@temporalio/*',
                'class-validator',
                'class-transformer',
              ],
              message: 'libs/domain is pure rules: no framework, database, queue or Temporal package.',
            },
          ],
        },
      ],
    },
  },

  // Workflow code: only the SDK's workflow API, the domain and workflows/ itself (relative imports).
  {
    files: ['workflows/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!(${WORKFLOW_ALLOWED_PACKAGES.map(escapeRegExp).join('|')})$|\\.\\.?/)`,
              message: `Workflow code runs in the Temporal sandbox: import only ${WORKFLOW_ALLOWED_PACKAGES.join(', ')} and files of workflows/.`,
            },
          ],
        },
      ],
    },
  },

  // Tests and benchmarks: still linted (promises above all), but fakes and response bodies may be loosely typed.
  {
    files: [...TEST_FILES, ...BENCH_FILES],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off', // expect(fake.method).toHaveBeenCalled()
    },
  },

  // Config files (jest.config.js, this file): plain JavaScript outside tsconfig.json.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },

  prettier,
);
