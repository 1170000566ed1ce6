// ESLint flat config: `npm run lint` (zero warnings allowed; CI runs it after the type check).
import js from '@eslint/js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';

/** The simple patterns of .gitignore (folders and globs, no negations), as ESLint ignores. */
function gitIgnored() {
  return readFileSync(join(import.meta.dirname, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
    .map((pattern) => (pattern.includes('/') && !pattern.endsWith('/') ? pattern : `**/${pattern}`));
}

/** The Clock port is the only "now" in code that decides things (BRIEF/STYLE: time rules). */
const WALL_CLOCK = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Use the Clock port (deps.clock.now()): tests and RAPPORT_NOW must control "now".',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Use the Clock port (deps.clock.now()): tests and RAPPORT_NOW must control "now".',
  },
];

/** Node's CommonJS globals, for the few plain .js files (bin/, jest config, the test reporter). */
const NODE_GLOBALS = Object.fromEntries(
  ['require', 'module', 'exports', 'process', 'console', '__dirname', '__filename', 'Buffer'].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    // What git ignores (installs, synth and build output, local data) is not ours to lint; generated
    // code is checked by the test that regenerates it, not by hand-written rules.
    ignores: [...gitIgnored(), '**/*.generated.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware rules that are cheap and catch real faults: a promise nobody awaits loses its error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A switch over a union must name every member (or say `default`), like the dispatch tables.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `import X = require()` is how a CommonJS module's types are named under node16; a bare
      // require() needs a reason beside it (lazy loading, a package without ES types).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Small modules (STYLE.md): no hand-written file over 400 lines, no function over 80.
    files: ['functions/**/*.ts', 'templates/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    ignores: ['functions/commons/zod.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'Import z from functions/commons/zod.ts: zod 4 classic would grow every Lambda bundle by ~400 KB.' },
            { name: 'zod/v3', message: "Import z from functions/commons/zod.ts (it says why we use zod's v3 API)." },
          ],
        },
      ],
    },
  },
  {
    files: [
      'functions/inbound/**/*.ts',
      'functions/emails/**/*.ts',
      'functions/mime/**/*.ts',
      'functions/workflows/**/*.ts',
      'functions/adapters/**/*.ts',
      'functions/domain/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', ...WALL_CLOCK] },
  },
);
