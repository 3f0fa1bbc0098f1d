import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { Chart } from 'chart.js';

/** Font family name the charts use; registered from the bundled DejaVu files. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

let registered = false;

/** Folder of the `dejavu-fonts-ttf` package's TTF files, found through Node's resolver. */
function dejavuTtfDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/**
 * Registers the bundled DejaVu Sans (regular and bold) with the canvas once and makes
 * it Chart.js's default font. Lambda has no system fonts, and without a registered
 * font the canvas silently draws no text at all, so every chart calls this first.
 */
export function registerChartFont(): void {
  if (registered) return;
  const ttfDir = dejavuTtfDir();
  GlobalFonts.registerFromPath(path.join(ttfDir, 'DejaVuSans.ttf'), CHART_FONT_FAMILY);
  GlobalFonts.registerFromPath(path.join(ttfDir, 'DejaVuSans-Bold.ttf'), CHART_FONT_FAMILY);
  Chart.defaults.font.family = CHART_FONT_FAMILY;
  registered = true;
}
