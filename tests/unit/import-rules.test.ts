// The import rules of DESIGN.md are enforced by eslint.config.js: lint small sources as if they sat in each folder.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('DESIGN.md import rules', () => {
  it('patrol/ may not import Node built-ins, React, or the other layers', async () => {
    expect(await importErrors('patrol/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toHaveLength(1);
    expect(await importErrors('patrol/x.ts', "import fs from 'fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(await importErrors('patrol/x.ts', "import React from 'react';\nexport const r = React;\n")).toHaveLength(1);
    expect(await importErrors('patrol/x.ts', "import { FrameScanner } from '../mavlink/frame-scanner';\nexport const s = FrameScanner;\n")).toHaveLength(1);
    expect(await importErrors('patrol/x.ts', "import { z } from 'zod';\nexport const s = z;\n")).toHaveLength(0);
  });

  it('mavlink/ may not import electron, react or the app layers', async () => {
    expect(await importErrors('mavlink/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await importErrors('mavlink/x.ts', "import React from 'react';\nexport const r = React;\n")).toHaveLength(1);
    expect(await importErrors('mavlink/x.ts', "import { main } from '../electron/cli/main';\nexport const m = main;\n")).toHaveLength(1);
    expect(await importErrors('mavlink/x.ts', "import dgram from 'node:dgram';\nexport const d = dgram;\n")).toHaveLength(0);
  });

  it('renderer/ may not import mavlink/ or Node built-ins, only electron/api', async () => {
    expect(await importErrors('renderer/x.ts', "import { FrameScanner } from '../mavlink/frame-scanner';\nexport const s = FrameScanner;\n")).toHaveLength(1);
    expect(await importErrors('renderer/x.ts', "import path from 'node:path';\nexport const p = path;\n")).toHaveLength(1);
    expect(await importErrors('renderer/x.ts', "import { main } from '../electron/cli/main';\nexport const m = main;\n")).toHaveLength(1);
    expect(await importErrors('renderer/x.ts', "import type { Api } from '../electron/api';\nexport type A = Api;\n")).toHaveLength(0);
  });

  it('only electron/main.ts and electron/preload.ts import electron', async () => {
    expect(await importErrors('electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await importErrors('electron/main.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(0);
  });
});

describe('patrol/ has no Node or browser globals', () => {
  it('process, Buffer, document and dynamic import() are errors there, fine elsewhere', async () => {
    const lint = async (filePath: string, code: string) => (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId);
    expect(await lint('patrol/x.ts', 'export const a = process.env.HOME;\n')).toContain('no-undef');
    expect(await lint('patrol/x.ts', "export const b = Buffer.from('x');\n")).toContain('no-undef');
    expect(await lint('patrol/x.ts', 'export const c = document.title;\n')).toContain('no-undef');
    expect(await lint('patrol/x.ts', "export const d = import('node:fs');\n")).toContain('no-restricted-syntax');
    expect(await lint('mavlink/x.ts', 'export const a = process.env.HOME;\n')).not.toContain('no-undef');
  });
});
