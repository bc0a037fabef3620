// Lint: correctness rules that matter here (floating promises) and the process boundaries of
// design.md: core/ never imports electron, the renderer never imports Node modules, and the
// preload gives the renderer nothing but types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'tls',
  'stream',
  'util',
  'events',
  'worker_threads',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Pas d’export par défaut.' },
      ],
    },
  },
  {
    files: ['*.config.{ts,js}', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'core/ tourne hors Electron : pas d’import electron.' },
          ],
        },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Le renderer parle à GuichetApi, jamais à Electron.' },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'Pas de module Node dans le renderer.' },
            {
              // A regex: gitignore-style groups cannot re-include a file under an excluded folder.
              regex: 'src-main/(?!core/api-types\\.ts$|core/sne/blocs\\.ts$)',
              message: 'Le renderer n’importe du main que des types (api-types, blocs).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/core/*', '!**/src-main/core/api-types*'],
              message: 'Le preload ne dépend que des types de l’API.',
            },
          ],
        },
      ],
    },
  },
);
