import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Infrastructure every module may reach without importing it; domain modules are never global. */
const GLOBAL_ALLOWED = [
  'auth/auth.module.ts',
  'bus/bus.module.ts',
  'common/clock.ts',
  'config/config.module.ts',
  'database/database.module.ts',
  'database/database.target.ts',
  'wechat/wechat.module.ts',
];
const SCHEMA_IMPORT = /from '\.\.\/(?:\.\.\/)?([a-z-]+)\/[a-z.-]*schema'/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('module boundaries', () => {
  const files = sources(__dirname).map((file) => ({
    rel: path.relative(__dirname, file).split(path.sep).join('/'),
    text: readFileSync(file, 'utf8'),
  }));

  it("no module imports another module's schema (so none can inject another's model)", () => {
    const crossings = files.flatMap(({ rel, text }) => {
      const own = rel.split('/')[0];
      return [...text.matchAll(SCHEMA_IMPORT)].filter((m) => m[1] !== own).map((m) => `${rel} → ${m[0]}`);
    });
    expect(crossings).toEqual([]);
  });

  it('no domain module is @Global()', () => {
    const globals = files.filter(({ text }) => /@Global\(\)/.test(text)).map(({ rel }) => rel);
    expect(globals.filter((rel) => !GLOBAL_ALLOWED.includes(rel))).toEqual([]);
  });
});
