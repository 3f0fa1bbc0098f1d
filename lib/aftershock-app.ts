import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AftershockStack } from './aftershock-stack.ts';
import type { HandlerEntries } from './handler-entries.ts';

/** Context key in `cdk.json` holding the stack settings (see lib/stack-settings.ts). */
export const SETTINGS_CONTEXT_KEY = 'aftershock';

/** Options of {@link addAftershockStack}. */
export interface AftershockAppOptions {
  /** Overrides the `aftershock` context (tests). */
  settings?: Record<string, unknown>;
  entries?: Partial<HandlerEntries>;
  env?: Environment;
}

/**
 * Adds the Aftershock stack to `app` with cdk-nag's AwsSolutions pack as a CDK v3
 * validation plugin, so `cdk synth` fails on any finding that is not acknowledged.
 */
export function addAftershockStack(app: App, options: AftershockAppOptions = {}): AftershockStack {
  const settings = options.settings ?? (app.node.tryGetContext(SETTINGS_CONTEXT_KEY) as unknown);
  const stack = new AftershockStack(app, 'Aftershock', {
    settings: (settings ?? {}) as Record<string, unknown>,
    description: 'Aftershock: post-liquidation market reports (blog + newsletter)',
    ...(options.entries ? { entries: options.entries } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
