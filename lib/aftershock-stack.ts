import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AlarmsConstruct } from './constructs/alarms-construct.ts';
import { CollectorConstruct } from './constructs/collector-construct.ts';
import { DataConstruct } from './constructs/data-construct.ts';
import { EditorsConstruct } from './constructs/editors-construct.ts';
import { MailingConstruct } from './constructs/mailing-construct.ts';
import { ReporterConstruct } from './constructs/reporter-construct.ts';
import { SenderConstruct } from './constructs/sender-construct.ts';
import { SiteConstruct } from './constructs/site-construct.ts';
import { SubscriptionApiConstruct } from './constructs/subscription-api-construct.ts';
import { HANDLER_ENTRIES, type HandlerEntries } from './handler-entries.ts';
import type { LambdaSettings } from './lambda-environment.ts';
import { parseStackSettings, type StackSettingsInput } from './stack-settings.ts';

/** Stack props: the deployment settings (validated at synth) and optional handler paths. */
export interface AftershockStackProps extends StackProps {
  settings: StackSettingsInput | Record<string, unknown>;
  entries?: Partial<HandlerEntries>;
}

/** Aftershock's AWS resources; this file only wires the capability constructs together. */
export class AftershockStack extends Stack {
  public constructor(scope: Construct, id: string, props: AftershockStackProps) {
    super(scope, id, props);
    const settings = parseStackSettings(props.settings);
    const entries = { ...HANDLER_ENTRIES, ...props.entries };
    const siteOrigin = `https://${settings.siteDomainName}`;
    const data = new DataConstruct(this, 'Data');
    const mailing = new MailingConstruct(this, 'Mailing', { sesDomain: settings.sesDomain });
    const shared = {
      assets: settings.assets,
      site: {
        baseUrl: siteOrigin,
        title: settings.siteTitle,
        subscribeUrl: `${siteOrigin}/api/subscribe`,
        ...(settings.postalAddress === undefined ? {} : { postalAddress: settings.postalAddress }),
      },
      mail: {
        from: `${settings.senderName} <${settings.senderAddress}>`,
        listId: `aftershock-reports.${settings.sesDomain}`,
      },
      subscription: {
        confirmationsPerMailboxPerDay: settings.confirmationsPerMailboxPerDay,
        signupsPerIpPerHour: settings.signupsPerIpPerHour,
      },
      aws: {
        dataBucket: data.dataBucket.bucketName,
        subscribersTable: data.subscribers.tableName,
        ledgerTable: data.ledger.tableName,
        flushStateTable: data.flushState.tableName,
        sendQueueUrl: mailing.queue.queueUrl,
        sesConfigurationSet: mailing.configurationSet.configurationSetName,
        tokenSecretArn: mailing.tokenSecret.secretArn,
        sesMaxSendRatePerSecond: settings.sesMaxSendRatePerSecond,
      },
    } satisfies LambdaSettings;
    const api = new SubscriptionApiConstruct(this, 'SubscriptionApi', {
      entries,
      subscribers: data.subscribers,
      mailing,
      settings: shared,
      siteOrigin,
      reservedConcurrency: settings.publicFunctionConcurrency,
    });
    const site = new SiteConstruct(this, 'Site', {
      domainName: settings.siteDomainName,
      certificateArn: settings.certificateArn,
      apiRoutes: api.routes(),
      originSecret: api.originSecret,
      accessLogs: data.accessLogs,
    });
    const withSite = {
      ...shared,
      aws: { ...shared.aws, siteBucket: site.bucket.bucketName },
    } satisfies LambdaSettings;
    const collector = new CollectorConstruct(this, 'Collection', {
      entry: entries.collector,
      dataBucket: data.dataBucket,
      settings: { assets: settings.assets, aws: { dataBucket: data.dataBucket.bucketName } },
      schedule: settings.collectSchedule,
      timeZone: settings.scheduleTimeZone,
    });
    const reporter = new ReporterConstruct(this, 'Reporting', {
      entries,
      siteBucket: site.bucket,
      dataBucket: data.dataBucket,
      flushState: data.flushState,
      mailing,
      settings: withSite,
      schedules: {
        detect: settings.detectSchedule,
        followUps: settings.followUpSchedule,
        digest: settings.digestSchedule,
        timeZone: settings.scheduleTimeZone,
      },
    });
    const sender = new SenderConstruct(this, 'Sending', {
      entries,
      dataBucket: data.dataBucket,
      subscribers: data.subscribers,
      ledger: data.ledger,
      mailing,
      settings: withSite,
      sesMaxSendRatePerSecond: settings.sesMaxSendRatePerSecond,
    });
    const alarms = new AlarmsConstruct(this, 'Alarms', {
      functions: {
        Collector: collector.collector.fn,
        Detect: reporter.detect.fn,
        Digest: reporter.digest.fn,
        Report: reporter.report.fn,
        Send: sender.send.fn,
        SesEvents: sender.sesEvents.fn,
        Subscribe: api.functions.subscribe.fn,
        Confirm: api.functions.confirm.fn,
        Unsubscribe: api.functions.unsubscribe.fn,
        Preferences: api.functions.preferences.fn,
        ConfirmationMail: api.functions.confirmationMail.fn,
      },
      collector: collector.collector.fn,
      deadLetterQueue: mailing.deadLetterQueue,
      otherDeadLetterQueues: {
        ConfirmationDlq: api.confirmationDlq,
        SesEventsDlq: sender.sesEventsDlq,
      },
      senderServiceName: sender.send.serviceName,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });
    const editors = new EditorsConstruct(this, 'Editors', { report: reporter.report.fn });
    new CfnOutput(this, 'SiteUrl', { value: siteOrigin });
    new CfnOutput(this, 'DistributionDomainName', {
      value: site.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'SiteBucketName', { value: site.bucket.bucketName });
    new CfnOutput(this, 'DataBucketName', { value: data.dataBucket.bucketName });
    new CfnOutput(this, 'SubscribersTableName', { value: data.subscribers.tableName });
    new CfnOutput(this, 'ReportFunctionName', { value: reporter.report.fn.functionName });
    new CfnOutput(this, 'EditorsPolicyArn', { value: editors.policy.managedPolicyArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: mailing.configurationSet.configurationSetName,
    });
  }
}
