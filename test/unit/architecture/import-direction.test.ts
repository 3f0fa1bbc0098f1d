import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const LAMBDAS = path.join(ROOT, 'lambdas');

/**
 * Modules every stage may use: the data model, the one config schema, the error classes and
 * the `shared/` kernel (time constants, retry, atomic file, concurrency pool, error texts).
 */
const SHARED = ['model', 'config.ts', 'errors.ts', 'shared'];

/**
 * DESIGN.md §2: `handlers/` (and `bin/`) wire everything; `market/`, `report/` and `publish/`
 * may use `analysis/` and `model/`; `analysis/` uses only `model/`.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  model: ['model', 'errors.ts'],
  shared: ['shared', 'errors.ts'],
  analysis: ['analysis', ...SHARED],
  market: ['market', 'analysis', ...SHARED],
  report: ['report', 'analysis', ...SHARED],
  publish: ['publish', 'analysis', ...SHARED],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

function importSpecifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].flatMap((m) =>
    m[1] === undefined ? [] : [m[1]],
  );
}

/** Top-level entry under `lambdas/` a relative import lands in (`analysis`, `config.ts`, …). */
function lambdasArea(fromFile: string, specifier: string): string | null {
  const target = path.relative(LAMBDAS, path.resolve(path.dirname(fromFile), specifier));
  if (target.startsWith('..')) return null;
  return target.split(path.sep)[0] ?? null;
}

function violations(area: string): string[] {
  const allowed = MAY_IMPORT[area] ?? [];
  return sourceFiles(path.join(LAMBDAS, area)).flatMap((file) =>
    importSpecifiers(file)
      .filter((specifier) => specifier.startsWith('.'))
      .filter((specifier) => {
        const target = lambdasArea(file, specifier);
        return target !== null && !allowed.includes(target);
      })
      .map((specifier) => `${path.relative(ROOT, file)} → ${specifier}`),
  );
}

describe('import direction (DESIGN.md §2)', () => {
  for (const area of Object.keys(MAY_IMPORT)) {
    it(`keeps lambdas/${area} to ${MAY_IMPORT[area]?.join(', ')}`, () => {
      expect(violations(area), 'move the code or inject it through a port').toEqual([]);
    });
  }

  it('does not import lib/, bin/ or aws-cdk-lib from anything under lambdas/', () => {
    const outward = sourceFiles(LAMBDAS).flatMap((file) =>
      importSpecifiers(file)
        .filter(
          (specifier) =>
            specifier.startsWith('aws-cdk-lib') ||
            specifier.startsWith('constructs') ||
            (specifier.startsWith('.') &&
              lambdasArea(file, specifier) === null &&
              !specifier.includes('node_modules/')),
        )
        .map((specifier) => `${path.relative(ROOT, file)} → ${specifier}`),
    );
    expect(outward).toEqual([]);
  });
});
