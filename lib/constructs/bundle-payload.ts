import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * What travels beside a function's bundle: `plain` nothing, `templates` the Handlebars
 * templates, `report` templates plus the canvas package (with its linux-x64 binary) and
 * the two DejaVu Sans files the charts register.
 */
export type BundlePayload = 'plain' | 'templates' | 'report';

/** The canvas's prebuilt binary package for Lambda's x86_64 (glibc) runtime. */
export const CANVAS_BINARY_PACKAGE = '@napi-rs/canvas-linux-x64-gnu';

/** Font files `register-chart-font.ts` loads from the `dejavu-fonts-ttf` package. */
export const CHART_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

function quoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function copyDir(from: string, to: string): string[] {
  return [`mkdir -p ${quoted(path.dirname(to))}`, `cp -R ${quoted(from)} ${quoted(to)}`];
}

function reportCopies(root: string, out: string): string[] {
  const modules = path.join(root, 'node_modules');
  const binary = path.join(modules, CANVAS_BINARY_PACKAGE);
  // Copied from the local install so bundling needs no network; it has to be the Lambda build.
  if (!existsSync(binary)) {
    throw new Error(
      `${CANVAS_BINARY_PACKAGE} is not installed; the report function needs the linux-x64 canvas binary (bundle on linux x64)`,
    );
  }
  const fontDir = path.join(out, 'node_modules', 'dejavu-fonts-ttf');
  return [
    ...copyDir(
      path.join(modules, '@napi-rs', 'canvas'),
      path.join(out, 'node_modules', '@napi-rs', 'canvas'),
    ),
    ...copyDir(binary, path.join(out, 'node_modules', CANVAS_BINARY_PACKAGE)),
    `mkdir -p ${quoted(path.join(fontDir, 'ttf'))}`,
    `cp ${quoted(path.join(modules, 'dejavu-fonts-ttf', 'package.json'))} ${quoted(fontDir)}`,
    ...CHART_FONT_FILES.map(
      (file) =>
        `cp ${quoted(path.join(modules, 'dejavu-fonts-ttf', 'ttf', file))} ${quoted(path.join(fontDir, 'ttf'))}`,
    ),
  ];
}

/**
 * Shell commands (run after esbuild, in the bundling host) that copy a payload into
 * the asset directory; the template renderer finds `templates/` next to the bundle.
 *
 * @example
 * bundleCopyCommands('plain', '/repo', '/asset') // []
 */
export function bundleCopyCommands(payload: BundlePayload, root: string, out: string): string[] {
  if (payload === 'plain') return [];
  const templates = copyDir(path.join(root, 'templates'), path.join(out, 'templates'));
  return payload === 'report' ? [...templates, ...reportCopies(root, out)] : templates;
}
