// ESLint 9 flat config for the whole repo: apps, libs, test, bench, scripts.
// Formatting is Prettier's job (`npm run format:check`); these rules catch mistakes and keep
// the server's module boundaries. The recommended (not type-checked) sets: they run in seconds.
import fs from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Server boundary rules (STYLE.md "A module's collections are its own", "One unit of work",
 * "Time is injected"). Each is an error.
 */
const SERVER = 'apps/server/src';

// (a) A domain folder may import its own `*.schema`, never another domain's: another module
// asks through a named operation (STYLE.md). Shared layers are exempt, as importers and importees.
const SHARED_FOLDERS = ['common', 'config', 'database', 'testing'];
const DOMAINS = fs
  .readdirSync(new URL(`./${SERVER}`, import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !SHARED_FOLDERS.includes(d.name))
  .map((d) => d.name);
const noForeignSchema = (domain) => ({
  files: [`${SERVER}/${domain}/**/*.ts`],
  // Specs may seed and inspect any collection directly: that is the test's view, not a module's.
  ignores: [`${SERVER}/**/*.spec.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(?!(${[domain, ...SHARED_FOLDERS].join('|')})/)[\\w-]+/(.+/)?[^/]+\\.schema$`,
            message: "Another module's schema: ask that module through a named operation instead.",
          },
        ],
      },
    ],
  },
});

// (b) One transaction entry point: UnitOfWork.run in database/unit-of-work.ts. (A rule of its
// own, so that (c)'s no-restricted-syntax does not replace it.)
const noRawTransactions = {
  files: [`${SERVER}/**/*.ts`],
  ignores: [`${SERVER}/database/unit-of-work.ts`, `${SERVER}/**/*.spec.ts`],
  rules: {
    'no-restricted-properties': [
      'error',
      { property: 'transaction', message: 'Open transactions with UnitOfWork.run (database/unit-of-work.ts) only.' },
      { property: 'startSession', message: 'Open sessions with UnitOfWork.run (database/unit-of-work.ts) only.' },
    ],
  },
};

// (c) Time is read from the injected Clock (common/clock.ts), so tests move time instead of sleeping.
const noWallClock = {
  files: [`${SERVER}/**/*.ts`],
  ignores: [`${SERVER}/common/clock.ts`, `${SERVER}/**/*.spec.ts`, `${SERVER}/testing/**`, `${SERVER}/main.ts`],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
        message: 'Read time from the injected Clock (common/clock.ts).',
      },
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'Read time from the injected Clock (common/clock.ts).',
      },
    ],
  },
};

const serverBoundaries = [...DOMAINS.map(noForeignSchema), noRawTransactions, noWallClock];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/data/**',
      '.tmp/**',
      'test/artifacts/**',
      'apps/miniprogram/.swc/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, skipped tuple items).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `let { lower, upper } = p` where only one is reassigned is clearer than splitting it.
      'prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    // The server's text validators match control characters on purpose, to refuse them.
    files: [`${SERVER}/**/*.ts`],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Plain CommonJS files: jest configs, the engine's bin, the mini-program's build scripts.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The mini-program runs in WeChat / the browser, built by Taro.
    files: ['apps/miniprogram/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, wx: 'readonly' } },
  },
  {
    // Specs and the end-to-end harness run under jest.
    files: ['**/*.spec.ts', '**/*.test.ts', 'test/**/*.ts', 'libs/*/test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  // ── Server boundary rules ────────────────────────────────────────────────────────────────
  ...serverBoundaries,
);
