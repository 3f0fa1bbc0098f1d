import { UsageError } from '../../lambdas/errors.ts';
import { normalizeEmail } from '../../lambdas/publish/normalize-email.ts';
import type { AdHocEventInput } from '../../lambdas/use-cases/adhoc.ts';
import type { TestSendResult } from '../../lambdas/use-cases/send-test-email.ts';
import {
  type Command,
  type CommandIo,
  loadCommandConfig,
  parseCommandArgs,
  parseIsoTime,
} from '../cli-support.ts';
import { lambdaInvoker, type ReportInvoker } from './lambda-invoker.ts';

const HELP = `Usage: aftershock adhoc --asset ASSET (--dry-run | --send-test ADDR... | --publish) [options]

Asks the deployed report function for a report, with your own AWS credentials.
  --asset ASSET          asset to report on (one of the configured assets)
  --as-of ISO            moment the report describes (default: now)
  --dry-run              render to a draft URL that nothing links to
  --send-test ADDR       mail only this address (repeat for more, at most 10)
  --publish              publish on the site and mail subscribers
  --function NAME_OR_ARN the report function (default: env AFTERSHOCK_REPORT_FUNCTION)
  --region R             AWS region (default: the SDK's, e.g. AWS_REGION)
  --config FILE          settings file (default aftershock.config.json)
  -h, --help             show this help
`;

/** Validates the arguments into the event and the function to invoke. */
export function parseAdHocArgs(args: string[], io: CommandIo) {
  const { values } = parseCommandArgs('adhoc', args, {
    asset: { type: 'string' },
    'as-of': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'send-test': { type: 'string', multiple: true },
    publish: { type: 'boolean' },
    function: { type: 'string' },
    region: { type: 'string' },
    config: { type: 'string' },
  });
  if (values.help) return null;
  const modes = [
    values['dry-run'] && 'dry-run',
    values['send-test'] && 'send-test',
    values.publish && 'publish',
  ];
  const chosen = modes.filter(
    (m): m is 'dry-run' | 'send-test' | 'publish' => typeof m === 'string',
  );
  if (chosen.length !== 1) {
    throw new UsageError('Choose exactly one of --dry-run, --send-test ADDR or --publish.');
  }
  const config = loadCommandConfig(io, values.config);
  const asset = values.asset?.toUpperCase();
  if (asset === undefined || !config.assets.includes(asset)) {
    throw new UsageError(
      `--asset must be one of ${config.assets.join(', ')}, got "${values.asset ?? ''}".`,
    );
  }
  const to = (values['send-test'] ?? []).map((address) => {
    try {
      return normalizeEmail(address);
    } catch {
      throw new UsageError(`--send-test needs an email address, got "${address}".`);
    }
  });
  const functionName = values.function ?? io.env.AFTERSHOCK_REPORT_FUNCTION;
  if (!functionName) {
    throw new UsageError(
      'Name the report function: --function NAME_OR_ARN (see the stack outputs).',
    );
  }
  const asOf = values['as-of'];
  const event: AdHocEventInput = {
    kind: 'ad-hoc',
    asset,
    mode: chosen[0] ?? 'dry-run',
    ...(asOf === undefined ? {} : { asOf: new Date(parseIsoTime('--as-of', asOf)).toISOString() }),
    ...(to.length > 0 ? { to } : {}),
  };
  return { event, functionName, region: values.region };
}

/** Prints the function's answer as an editor reads it; returns the exit code. */
function printResult(result: unknown, io: CommandIo): number {
  const r = result as Record<string, unknown> | null;
  if (r?.ok === false) {
    io.err(`aftershock adhoc: ${String(r.error)}`);
    return 1;
  }
  if (r?.mode === 'dry-run') io.out(`Draft: ${String(r.draftUrl)} (not linked from the site)`);
  else if (r?.mode === 'send-test') {
    const results = (r.results ?? []) as TestSendResult[];
    for (const line of results)
      io.out(`  ${line.email}: ${line.status === 'sent' ? 'sent' : `failed — ${line.reason}`}`);
    return results.every((line) => line.status === 'sent') ? 0 : 1;
  } else io.out(`Published: ${JSON.stringify((r?.published as { id?: string })?.id ?? r)}`);
  return 0;
}

/** Builds the command with an injectable invoker (tests invoke the handler locally). */
export function createAdHocCommand(
  invokerFor: (region: string | undefined) => ReportInvoker = (region) =>
    lambdaInvoker(region ? { region } : {}),
): Command {
  return {
    name: 'adhoc',
    help: HELP,
    async run(args, io) {
      const parsed = parseAdHocArgs(args, io);
      if (parsed === null) {
        io.out(HELP);
        return 0;
      }
      const result = await invokerFor(parsed.region)(parsed.functionName, parsed.event);
      return printResult(result, io);
    },
  };
}

/** `aftershock adhoc` with the real Lambda invoker. */
export const adhocCommand: Command = createAdHocCommand();
