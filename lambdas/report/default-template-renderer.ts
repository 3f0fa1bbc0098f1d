import { TemplateRenderer } from './template-renderer.ts';

let shared: TemplateRenderer | null = null;

/** The renderer of the repository's `templates/`, loaded on first use and kept (warm Lambdas reuse it). */
export function defaultTemplateRenderer(): TemplateRenderer {
  shared ??= TemplateRenderer.load();
  return shared;
}
