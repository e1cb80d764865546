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
const layer = (folder, message) => ({ group: [`**/${folder}`, `**/${folder}/**`], message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main.ts and electron/preload.ts import electron.' }] }],
    },
  },
  {
    files: ['patrol/**/*.ts', 'patrol/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        ...nodeBuiltinRule,
        patterns: [
          { group: ['react', 'react-dom', 'react-*', 'leaflet', 'electron', 'node-mavlink', 'serialport'], message: 'patrol/ is pure TypeScript: no UI, Node or wire libraries.' },
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
        paths: [{ name: 'electron', message: 'mavlink/ never imports electron.' }],
        patterns: [
          { group: ['react', 'react-dom', 'react-*', 'leaflet'], message: 'mavlink/ never imports the UI.' },
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
        ...nodeBuiltinRule,
        patterns: [
          { group: ['electron', 'node-mavlink', 'serialport'], message: 'renderer/ reaches the Node side only through electron/api.ts.' },
          layer('mavlink', 'renderer/ must not import mavlink/.'),
          { group: ['**/electron/*', '!**/electron/api'], message: 'renderer/ may import only electron/api from electron/.' },
        ],
      }],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
