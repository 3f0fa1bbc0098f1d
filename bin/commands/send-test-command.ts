import path from 'node:path';
import type { Config } from '../../lambdas/config.ts';
import { AftershockError, ConfigError, UsageError } from '../../lambdas/errors.ts';
import { s3Client, sesClient } from '../../lambdas/publish/aws/aws-clients.ts';
import { S3SiteStore } from '../../lambdas/publish/aws/s3-site-store.ts';
import { SesMailer } from '../../lambdas/publish/aws/ses-mailer.ts';
import {
  type ArtifactStore,
  type Mailer,
  OutboxMailer,
  type SiteStore,
} from '../../lambdas/publish/index.ts';
import { MANIFEST_KEY, parseManifest } from '../../lambdas/publish/report-manifest.ts';
import { emailArtifactKey, loadReportEmail } from '../../lambdas/publish/send-job.ts';
import { sendTestEmail } from '../../lambdas/use-cases/send-test-email.ts';
import { type Command, loadCommandConfig, parseCommandArgs } from '../cli-support.ts';
import { localStores } from '../local-ports.ts';
import { localTokenSecret } from '../local-wiring.ts';

const HELP = `Usage: aftershock send-test --to ADDR [--to ADDR…] [options]

Mails the latest published report (or --report ID) to the given addresses only:
no subscribers, no send ledger, subject marked "[Test]". Locally the mail goes to
<out>/outbox/; with aws.siteBucket, aws.dataBucket (and SES access) configured it
reads the report from S3 and sends through SES.

Options:
  --to ADDR       recipient (repeat for several)
  --report ID     report id (default: the newest in the site's manifest)
  --out DIR       local output folder (default: the config's local.outDir, "out")
  --config FILE   settings file (default: aftershock.config.json if present)
  -h, --help      show this help
`;

interface SendTestTarget {
  site: SiteStore;
  /** Private store of the rendered emails. */
  artifacts: ArtifactStore;
  mailer: Mailer;
  where: string;
}

function targetFor(config: Config, outDir: string): SendTestTarget {
  const { siteBucket, dataBucket } = config.aws;
  if (siteBucket !== undefined && dataBucket !== undefined) {
    const s3 = s3Client(config);
    return {
      site: new S3SiteStore(s3, { bucket: siteBucket }),
      artifacts: new S3SiteStore(s3, { bucket: dataBucket }),
      mailer: new SesMailer(sesClient(config), {
        configurationSetName: config.aws.sesConfigurationSet,
      }),
      where: 'SES',
    };
  }
  return {
    ...localStores(outDir),
    mailer: new OutboxMailer(path.join(outDir, 'outbox')),
    where: path.join(outDir, 'outbox'),
  };
}

async function tokenSecretFor(config: Config, outDir: string, target: SendTestTarget) {
  // A locally generated secret would sign unsubscribe links the deployment cannot verify.
  if (target.where === 'SES' && config.tokenSecret === undefined) {
    throw new ConfigError(
      'tokenSecret',
      'is required to send through SES (env AFTERSHOCK_TOKEN_SECRET)',
    );
  }
  return localTokenSecret(config, outDir);
}

/** `aftershock send-test`: one published report to one or a few addresses. */
export const sendTestCommand: Command = {
  name: 'send-test',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs('send-test', args, {
      to: { type: 'string', multiple: true },
      report: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const to = values.to ?? [];
    if (to.length === 0) throw new UsageError('Give at least one --to ADDR.');
    const config = loadCommandConfig(io, values.config);
    const outDir = path.resolve(io.cwd, values.out ?? config.local.outDir);
    const target = targetFor(config, outDir);
    const reports = parseManifest(await target.site.getText(MANIFEST_KEY));
    const meta = values.report ? reports.find((r) => r.id === values.report) : reports[0];
    if (!meta) {
      throw new AftershockError(
        values.report
          ? `Unknown report "${values.report}". Published: ${reports.map((r) => r.id).join(', ') || 'none'}.`
          : 'No report has been published yet. Run "npm start" (or "aftershock generate") first.',
      );
    }
    const artifact = await loadReportEmail(target.artifacts, {
      reportId: meta.id,
      reportPath: meta.path,
      emailKey: emailArtifactKey(meta.id),
      enqueuedAt: new Date().toISOString(),
    });
    const results = await sendTestEmail({
      meta: artifact.meta,
      email: artifact.email,
      to,
      mailer: target.mailer,
      tokenSecret: await tokenSecretFor(config, outDir, target),
      config,
      nowMs: Date.now(),
    });
    for (const r of results) {
      io.out(
        `${r.status === 'sent' ? 'sent' : 'FAILED'} ${meta.id} to ${r.email}${r.reason ? `: ${r.reason}` : ''}`,
      );
    }
    io.out(`Test mail for "${meta.title}" → ${target.where}`);
    return results.every((r) => r.status === 'sent') ? 0 : 1;
  },
};
