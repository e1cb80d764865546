// Lint rules, including the import rules of DESIGN.md ("Import rules"):
//  - patrol/ imports no Node built-in, no DOM library, no React, and nothing from the other layers;
//  - mavlink/ never imports electron or react, nor the app layers;
//  - renderer/ never imports mavlink/ or Node built-ins (it reaches the Node side through electron/api.ts);
//  - only electron/main.ts and electron/preload.ts import `electron`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeBuiltinRule = { paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not allowed in this layer (DESIGN.md import rules).' })) };
// A relative import into another top-level folder, e.g. '../mavlink/frame' or '../../electron/api'.
const layer = (folder, message) => ({ regex: `^(\\.{1,2}/)+${folder}(/|$)`, message });
const pkgs = (names, message) => names.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'bench/out/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Node globals everywhere but patrol/ (pure TypeScript) and renderer/ (the browser).
  { ignores: ['patrol/**', 'renderer/**'], languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main.ts and electron/preload.ts import electron.' }] }],
    },
  },
  {
    files: ['patrol/**/*.ts', 'patrol/**/*.tsx'],
    // No Node or browser globals here: `process`, `Buffer`, `document`… are errors (tsconfig.patrol.json checks types).
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-undef': 'error',
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: 'patrol/ uses static imports only (a dynamic import could reach Node built-ins).' }],
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltinRule.paths, ...pkgs(['react', 'react-dom', 'leaflet', 'react-leaflet', 'electron', 'node-mavlink', 'serialport'], 'patrol/ is pure TypeScript: no UI, Node or wire libraries.')],
        patterns: [
          layer('mavlink', 'patrol/ must not import mavlink/.'),
          layer('electron', 'patrol/ must not import electron/.'),
          layer('renderer', 'patrol/ must not import renderer/.'),
        ],
      }],
    },
  },
  {
    files: ['mavlink/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...pkgs(['electron'], 'mavlink/ never imports electron.'), ...pkgs(['react', 'react-dom', 'leaflet', 'react-leaflet'], 'mavlink/ never imports the UI.')],
        patterns: [
          layer('electron', 'mavlink/ must not import electron/.'),
          layer('renderer', 'mavlink/ must not import renderer/.'),
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltinRule.paths, ...pkgs(['electron', 'node-mavlink', 'serialport'], 'renderer/ reaches the Node side only through electron/api.ts.')],
        patterns: [
          layer('mavlink', 'renderer/ must not import mavlink/.'),
          { regex: '^(\\.{1,2}/)+electron/(?!api$)', message: 'renderer/ may import only electron/api from electron/.' },
        ],
      }],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
