import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addAftershockStack } from '../../../lib/aftershock-app.ts';
import type { AftershockStack } from '../../../lib/aftershock-stack.ts';

/** Valid settings for tests: a custom domain, a sender in the SES domain. */
export const TEST_SETTINGS = {
  sesDomain: 'example.com',
  senderAddress: 'reports@example.com',
  siteDomainName: 'blog.example.com',
  certificateArn:
    'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  sesMaxSendRatePerSecond: 14,
  digestSchedule: 'cron(30 6 * * ? *)',
  scheduleTimeZone: 'Europe/Berlin',
  alarmEmail: 'ops@example.com',
} as const;

/** A synthesized test app (bundling skipped: no esbuild run, entries must exist). */
export interface TestStack {
  app: App;
  stack: AftershockStack;
  template: Template;
}

/** Builds the app exactly as bin/cdk-app.ts does, with bundling skipped for speed. */
export function synthTestStack(
  settings: Record<string, unknown> = { ...TEST_SETTINGS },
): TestStack {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'aftershock-cdk-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = addAftershockStack(app, { settings });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The resources of one type as `[logicalId, resource]` pairs. */
export function resourcesOf(
  template: Template,
  type: string,
): Array<[string, { Properties: Record<string, unknown> }]> {
  return Object.entries(template.findResources(type)) as Array<
    [string, { Properties: Record<string, unknown> }]
  >;
}
