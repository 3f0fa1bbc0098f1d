import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HANDLER_LEAD_SECONDS,
  HANDLER_TICK_SECONDS,
} from '../../../lambdas/handlers/collector-handler.ts';
import { SITE_CONTENT_SECURITY_POLICY } from '../../../lib/constructs/site-construct.ts';
import { resourcesOf, synthTestStack } from './synth-test-stack.ts';

let template: Template;
beforeAll(() => {
  template = synthTestStack().template;
}, 180_000);

function scheduleByDescription(description: string): Record<string, unknown> {
  const found = resourcesOf(template, 'AWS::Scheduler::Schedule').find(
    ([, r]) => r.Properties.Description === description,
  );
  expect(found, `schedule "${description}"`).toBeDefined();
  return found?.[1].Properties ?? {};
}

describe('AftershockStack schedules', () => {
  it('collects every 5 minutes with the flexible window off and no retry of a stale tick', () => {
    const tick = scheduleByDescription('Aftershock collection tick');
    expect(tick.ScheduleExpression).toBe('rate(5 minutes)');
    expect(tick.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(tick.Target).toMatchObject({ RetryPolicy: { MaximumRetryAttempts: 0 } });
  });

  it('detects one minute after each tick and checks due follow-ups every 15 minutes', () => {
    const detect = scheduleByDescription('Aftershock flush detection after each collection tick');
    expect(detect.ScheduleExpression).toBe('cron(1/5 * * * ? *)');
    expect(detect.Target).toMatchObject({ Input: JSON.stringify({ task: 'detect' }) });
    const followUps = scheduleByDescription('Aftershock follow-up reports that are due');
    expect(followUps.ScheduleExpression).toBe('cron(3/15 * * * ? *)');
    expect(followUps.Target).toMatchObject({ Input: JSON.stringify({ task: 'follow-ups' }) });
  });

  it('runs the digest at the configured time in the configured time zone', () => {
    const digest = scheduleByDescription('Aftershock daily digest');
    expect(digest.ScheduleExpression).toBe('cron(30 6 * * ? *)');
    expect(digest.ScheduleExpressionTimezone).toBe('Europe/Berlin');
  });

  it('lets each schedule role invoke only its target function', () => {
    for (const [, schedule] of resourcesOf(template, 'AWS::Scheduler::Schedule')) {
      const target = schedule.Properties.Target as {
        Arn: unknown;
        RoleArn: { 'Fn::GetAtt': [string] };
      };
      const roleId = target.RoleArn['Fn::GetAtt'][0];
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: target.Arn }],
        },
      });
    }
  });
});

describe('AftershockStack site', () => {
  it('serves the bucket through CloudFront origin access control only', () => {
    const oacTypes = resourcesOf(template, 'AWS::CloudFront::OriginAccessControl').map(
      ([, oac]) =>
        (oac.Properties.OriginAccessControlConfig as { OriginAccessControlOriginType: string })
          .OriginAccessControlOriginType,
    );
    expect(oacTypes.sort(), 'the site bucket, and the confirm function URL').toEqual([
      'lambda',
      's3',
    ]);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Aliases: ['blog.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CustomErrorResponses: Match.arrayWith([
          Match.objectLike({ ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html' }),
        ]),
      }),
    });
  });

  it('allows only the CloudFront service of this distribution to read the site bucket', () => {
    const policies = resourcesOf(template, 'AWS::S3::BucketPolicy').filter(([id]) =>
      id.startsWith('SiteSiteBucket'),
    );
    const statements = policies.flatMap(
      ([, p]) =>
        (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
    );
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.length, 'the OAC read grant').toBeGreaterThan(0);
    for (const allow of allows) {
      expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(JSON.stringify(allow.Condition), 'scoped to our distribution').toContain(
        'AWS:SourceArn',
      );
    }
    expect(JSON.stringify(statements), 'TLS-only').toContain('aws:SecureTransport');
  });

  it('blocks every form of public access on all buckets', () => {
    for (const [id, bucket] of resourcesOf(template, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('sends HSTS, the CSP, nosniff, frame deny and a referrer policy', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
          ContentSecurityPolicy: {
            ContentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'strict-origin-when-cross-origin' }),
        },
      }),
    });
    expect(SITE_CONTENT_SECURITY_POLICY).toContain("img-src 'self' data:");
    expect(SITE_CONTENT_SECURITY_POLICY).toContain("form-action 'self'");
  });

  it('rewrites clean URLs to index.html in a viewer-request function', () => {
    const [[, fn] = ['', { Properties: {} }]] = resourcesOf(template, 'AWS::CloudFront::Function');
    const code = String(fn.Properties.FunctionCode);
    expect(code).toContain("uri + 'index.html'");
    expect(code).toContain("uri + '/index.html'");
  });

  it('routes /api/subscribe, /api/confirm, /api/unsubscribe and /api/preferences to the function URLs', () => {
    const dist = resourcesOf(template, 'AWS::CloudFront::Distribution')[0]?.[1];
    const config = dist?.Properties.DistributionConfig as {
      CacheBehaviors: Array<{ PathPattern: string; AllowedMethods: string[] }>;
    };
    expect(config.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual([
      '/api/confirm',
      '/api/preferences',
      '/api/subscribe',
      '/api/unsubscribe',
    ]);
    for (const behavior of config.CacheBehaviors) expect(behavior.AllowedMethods).toContain('POST');
  });
});

describe('AftershockStack functions and mailing', () => {
  it('gives the collector longer than a tick plus its listening lead', () => {
    const collectors = resourcesOf(template, 'AWS::Lambda::Function').filter(([, fn]) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes('aftershock-collector'),
    );
    expect(collectors, 'one collector function').toHaveLength(1);
    const timeoutSeconds = Number(collectors[0]?.[1].Properties.Timeout);
    expect(
      timeoutSeconds,
      'a tick listens 5.5 minutes (HANDLER_TICK + HANDLER_LEAD)',
    ).toBeGreaterThan((HANDLER_TICK_SECONDS + HANDLER_LEAD_SECONDS) * 1.05);
  });

  it('exposes the subscription functions with CORS for the site origin, confirm behind OAC (AWS_IAM)', () => {
    const urls = resourcesOf(template, 'AWS::Lambda::Url');
    expect(urls).toHaveLength(4);
    const auth = Object.fromEntries(
      urls.map(([, url]) => [
        JSON.stringify(url.Properties.TargetFunctionArn).match(
          /SubscriptionApi(\w+?)Function/,
        )?.[1],
        url.Properties.AuthType,
      ]),
    );
    // Subscribe, unsubscribe and preferences take browser and mail-provider POSTs, which OAC
    // cannot sign.
    expect(auth).toEqual({
      Subscribe: 'NONE',
      Confirm: 'AWS_IAM',
      Unsubscribe: 'NONE',
      Preferences: 'NONE',
    });
    for (const [, url] of urls) {
      expect(url.Properties.Cors).toMatchObject({
        AllowOrigins: ['https://blog.example.com'],
        AllowMethods: ['GET', 'POST'],
      });
    }
  });

  it('has CloudFront send the origin secret (from Secrets Manager, never in clear) and the viewer address', () => {
    const dist = resourcesOf(template, 'AWS::CloudFront::Distribution')[0]?.[1];
    const config = (dist?.Properties.DistributionConfig ?? { Origins: [] }) as {
      Origins: Array<{
        Id: string;
        OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }>;
      }>;
    };
    const origins = config.Origins.filter((origin) => origin.OriginCustomHeaders !== undefined);
    expect(origins).toHaveLength(4);
    for (const origin of origins) {
      const [header] = origin.OriginCustomHeaders ?? [];
      expect(header?.HeaderName).toBe('x-aftershock-origin');
      expect(JSON.stringify(header?.HeaderValue)).toMatch(
        /\{\{resolve:secretsmanager:.*SubscriptionApiOriginSecret.*:SecretString:::\}\}/,
      );
    }
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: Match.objectLike({
          HeaderBehavior: 'whitelist',
          Headers: Match.arrayWith(['Content-Type', 'Origin', 'CloudFront-Viewer-Address']),
        }),
        CookiesConfig: { CookieBehavior: 'none' },
      }),
    });
  });

  it('reserves 5 concurrent executions for each public function and none elsewhere', () => {
    const reserved = resourcesOf(template, 'AWS::Lambda::Function')
      .filter(([, fn]) => fn.Properties.ReservedConcurrentExecutions !== undefined)
      .map(([id, fn]) => [
        id.replace(/Function[0-9A-F]{8}$/, ''),
        fn.Properties.ReservedConcurrentExecutions,
      ]);
    expect(reserved.sort()).toEqual([
      ['SubscriptionApiConfirm', 5],
      ['SubscriptionApiPreferences', 5],
      ['SubscriptionApiSubscribe', 5],
      ['SubscriptionApiUnsubscribe', 5],
    ]);
  });

  it('feeds the confirmation mailer from its own queue, with a DLQ after 5 tries', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const confirmation = queues.find(([id]) => id.startsWith('SubscriptionApiConfirmationQueue'));
    expect(confirmation?.[1].Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [confirmation?.[0], 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('feeds the sender from the queue whose DLQ takes a job after 20 deliveries', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const main = queues.find(([id]) => id.startsWith('MailingSendQueue'));
    const dlqId = queues.find(([id]) => id.startsWith('MailingSendDlq'))?.[0];
    expect(main?.[1].Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: 20,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [main?.[0], 'Arn'] },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('splits the SES rate across the concurrent senders', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'aftershock-send',
          AFTERSHOCK_SES_MAX_SEND_RATE: '7',
        }),
      },
    });
  });

  it('routes SES bounces and complaints to the SES events function through SNS', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('sends SES events the function failed on to the same DLQ as undeliverable ones', () => {
    const dlqId = resourcesOf(template, 'AWS::SQS::Queue').find(([id]) =>
      id.startsWith('SendingSesEventsDlq'),
    )?.[0];
    template.hasResourceProperties('AWS::SNS::Subscription', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  it('generates the token secret instead of carrying it in the template', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
    for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(vars.AFTERSHOCK_TOKEN_SECRET, 'only the ARN travels').toBeUndefined();
    }
  });

  it('runs every function on the newest Node.js runtime, the report functions on x86_64', () => {
    const fns = resourcesOf(template, 'AWS::Lambda::Function');
    expect(fns).toHaveLength(11);
    for (const [, fn] of fns) expect(fn.Properties.Runtime).toBe('nodejs24.x');
    const x86 = fns.filter(
      ([, fn]) => JSON.stringify(fn.Properties.Architectures) === '["x86_64"]',
    );
    expect(x86.map(([id]) => id.replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual([
      'ReportingDetect',
      'ReportingDigest',
      'ReportingReport',
    ]);
  });
});

describe('AftershockStack data', () => {
  it('keys the tables as the adapters expect, with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttlEpochSeconds', Enabled: true },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'asset', KeyType: 'HASH' },
        { AttributeName: 'key', KeyType: 'RANGE' },
      ],
    });
  });

  it('moves snapshots to cheaper storage classes', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Prefix: 'snapshots/',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 120 },
            ],
          }),
        ],
      },
    });
  });
});

describe('AftershockStack alarms and outputs', () => {
  it('alarms on each function, the three DLQs, missed ticks, send failures and SES reputation', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(11);
    const dlqAlarms = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlqAlarms).toHaveLength(3);
    for (const alarm of dlqAlarms) expect(alarm).toMatchObject({ Threshold: 1 });
    expect(alarms.find((a) => a.MetricName === 'Reputation.BounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      Threshold: 0.025,
      Statistic: 'Maximum',
    });
    expect(alarms.find((a) => a.MetricName === 'Reputation.ComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      Threshold: 0.0005,
    });
    expect(alarms.find((a) => a.MetricName === 'Invocations')).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      Period: 600,
      TreatMissingData: 'breaching',
    });
    expect(alarms.find((a) => a.MetricName === 'SendFailures')).toMatchObject({
      Namespace: 'Aftershock',
      Dimensions: [{ Name: 'service', Value: 'aftershock-send' }],
    });
    for (const alarm of alarms) expect(alarm.AlarmActions, 'every alarm notifies').toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('outputs the alarm topic and an editors policy allowing exactly InvokeFunction on the report function', () => {
    template.hasOutput('AlarmTopicArn', Match.anyValue());
    template.hasOutput('EditorsPolicyArn', Match.anyValue());
    const [[, policy] = ['', { Properties: {} }]] = resourcesOf(
      template,
      'AWS::IAM::ManagedPolicy',
    );
    expect(policy.Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ReportingReportFunction/), 'Arn'] },
        },
      ],
    });
  });
});
