import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { addAftershockStack } from '../../../lib/aftershock-app.ts';
import { parseStackSettings, StackSettingsError } from '../../../lib/stack-settings.ts';
import { TEST_SETTINGS } from './synth-test-stack.ts';

function settingsWith(change: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...TEST_SETTINGS, ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete settings[key];
  return settings;
}

describe('parseStackSettings', () => {
  it('applies the default schedules when none are given', () => {
    const settings = parseStackSettings(settingsWith({ digestSchedule: undefined }));
    expect(settings.collectSchedule).toBe('rate(5 minutes)');
    expect(settings.detectSchedule).toBe('cron(1/5 * * * ? *)');
    expect(settings.digestSchedule).toBe('cron(0 7 * * ? *)');
  });

  it.each([
    [{ senderAddress: undefined }, 'senderAddress', 'is required'],
    [{ senderAddress: 'not-an-address' }, 'senderAddress', 'email address'],
    [{ senderAddress: 'reports@other.org' }, 'senderAddress', 'SES domain example.com'],
    [{ sesDomain: 'Example..com' }, 'sesDomain', 'DNS name'],
    [{ siteDomainName: undefined }, 'siteDomainName', 'is required'],
    [
      { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' },
      'certificateArn',
      'us-east-1',
    ],
    [{ sesMaxSendRatePerSecond: 0 }, 'sesMaxSendRatePerSecond', 'expected number to be >=1'],
    [{ sesMaxSendRatePerSecond: '14' }, 'sesMaxSendRatePerSecond', 'expected number'],
    [{ collectSchedule: 'every 5 minutes' }, 'collectSchedule', 'rate(5 minutes)'],
    [{ detectSchedule: 'cron(1/5 * * * *)' }, 'detectSchedule', 'six cron fields'],
    [{ digestSchedule: 'rate(0 days)' }, 'digestSchedule', 'rate(5 minutes)'],
    [{ unknownProp: 1 }, '(root)', 'unknownProp'],
  ])('rejects %o naming %s', (change, prop, detail) => {
    expect(() => parseStackSettings(settingsWith(change))).toThrow(StackSettingsError);
    expect(() => parseStackSettings(settingsWith(change))).toThrow(`Invalid stack prop "${prop}"`);
    expect(() => parseStackSettings(settingsWith(change))).toThrow(detail);
  });

  it('fails the synth itself with the prop named when the stack gets a bad setting', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() =>
      addAftershockStack(app, { settings: settingsWith({ sesMaxSendRatePerSecond: -1 }) }),
    ).toThrow('Invalid stack prop "sesMaxSendRatePerSecond"');
  });
});
