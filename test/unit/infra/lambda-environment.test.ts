import { App, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import {
  loadFunctionConfig,
  subscribeFunctionConfigSchema,
} from '../../../lambdas/handlers/function-config.ts';
import { applyEnvOverrides, parseConfig } from '../../../lambdas/load-config.ts';
import {
  type LambdaSettings,
  lambdaEnvironment,
  runtimeEnvironment,
} from '../../../lib/lambda-environment.ts';

describe('lambdaEnvironment', () => {
  it('produces variables the handlers read back into the same config', () => {
    const settings: LambdaSettings = {
      assets: ['BTC', 'ETH'],
      site: {
        baseUrl: 'https://blog.example.com',
        subscribeUrl: 'https://blog.example.com/api/subscribe',
      },
      mail: { from: 'Aftershock <reports@example.com>' },
      aws: {
        dataBucket: 'data-bucket',
        sesMaxSendRatePerSecond: 7,
        tokenSecretArn: 'arn:aws:secretsmanager:x',
      },
    };
    const env = lambdaEnvironment(settings);
    expect(env.AFTERSHOCK_ASSETS).toBe('BTC,ETH');
    const config = parseConfig(applyEnvOverrides({}, env));
    expect(config.assets).toEqual(['BTC', 'ETH']);
    expect(config.site.baseUrl).toBe('https://blog.example.com');
    expect(config.aws.sesMaxSendRatePerSecond).toBe(7);
    expect(config.aws.tokenSecretArn).toBe('arn:aws:secretsmanager:x');
  });

  it('accepts deploy-time tokens such as a bucket name', () => {
    const bucket = new Bucket(new Stack(new App(), 'S'), 'B');
    const env = lambdaEnvironment({ aws: { siteBucket: bucket.bucketName } });
    expect(env.AFTERSHOCK_SITE_BUCKET).toBe(bucket.bucketName);
  });

  it('fails at synth with the setting named when a value breaks the config schema', () => {
    expect(() => lambdaEnvironment({ site: { baseUrl: 'ftp://nope' } })).toThrow(
      'Invalid Lambda setting "site.baseUrl"',
    );
    expect(() => lambdaEnvironment({ aws: { sesMaxSendRatePerSecond: -2 } })).toThrow(
      '"aws.sesMaxSendRatePerSecond"',
    );
  });

  it('refuses a setting that has no environment variable instead of dropping it', () => {
    expect(() => lambdaEnvironment({ aws: { region: 'eu-west-1' } })).toThrow(
      '"aws.region" has no environment variable',
    );
  });

  it('never puts the token secret itself in the environment', () => {
    const settings = { tokenSecret: 'a-strong-secret-0123456789-abcdefghij' };
    // @ts-expect-error tokenSecret is not a LambdaSettings key: the secret travels as an ARN only.
    expect(() => lambdaEnvironment(settings)).toThrow('"tokenSecret" has no environment variable');
  });

  it('names the Powertools service and the metrics namespace', () => {
    expect(runtimeEnvironment('aftershock-send')).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'aftershock-send',
      POWERTOOLS_METRICS_NAMESPACE: 'Aftershock',
    });
  });

  it('checks a function’s settings with its handler’s schema at synth, and the handler reads them back', () => {
    expect(() =>
      lambdaEnvironment(
        { aws: { rateLimitTable: 'limits', originSecretArn: 'arn:aws:secretsmanager:o' } },
        subscribeFunctionConfigSchema,
      ),
    ).toThrow('Invalid Lambda setting "aws.confirmationQueueUrl"');
    const env = lambdaEnvironment(
      {
        aws: {
          rateLimitTable: 'limits',
          confirmationQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q',
          originSecretArn: 'arn:aws:secretsmanager:o',
        },
        subscription: { signupsPerIpPerHour: 7 },
      },
      subscribeFunctionConfigSchema,
    );
    const config = loadFunctionConfig(subscribeFunctionConfigSchema, env);
    expect(config.aws.rateLimitTable).toBe('limits');
    expect(config.subscription.signupsPerIpPerHour).toBe(7);
  });

  it('names the missing setting and its variable when a function starts without it', () => {
    expect(() => loadFunctionConfig(subscribeFunctionConfigSchema, {})).toThrow(
      /"aws\.rateLimitTable".*\(env AFTERSHOCK_RATE_LIMIT_TABLE\)/,
    );
  });
});
