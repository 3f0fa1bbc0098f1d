import path from 'node:path';
import { DEFAULT_TEMPLATES_DIR, TemplateRenderer } from '../../report/template-renderer.ts';

/** `templates/subscription/`: the sign-up pages and the confirmation email. */
export const SUBSCRIPTION_TEMPLATES_DIR = path.join(DEFAULT_TEMPLATES_DIR, 'subscription');

let shared: TemplateRenderer | null = null;

/** The subscription templates, loaded (strict mode) on first use and kept for warm Lambdas. */
export function subscriptionTemplates(): TemplateRenderer {
  shared ??= TemplateRenderer.load(SUBSCRIPTION_TEMPLATES_DIR);
  return shared;
}
