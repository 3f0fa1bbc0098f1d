import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../lambdas/config.ts';
import { AftershockError, UsageError } from '../../lambdas/errors.ts';
import { loadConfig } from '../../lambdas/load-config.ts';
import type { SubscriberStore } from '../../lambdas/publish/index.ts';
import {
  addSubscriberByOperator,
  listSubscribers,
} from '../../lambdas/publish/subscription/operator-subscribers.ts';
import { errorText } from '../../lambdas/shared/error-text.ts';
import type { Command, CommandIo } from '../cli-support.ts';
import { cliSubscriberStore } from './subscriber-store-option.ts';
import { parseSubscriberCsv, subscribersToCsv } from './subscribers-csv.ts';

const HELP = `Usage: aftershock subscribers <action> [options]

Manages the subscriber list: the local JSON file (<out>/subscribers.json or
local.subscribersFile), or the DynamoDB table when aws.subscribersTable is set.

Actions:
  add EMAIL [--assets BTC,ETH]   add as active at once (consent form "cli": you
                                 vouch for consent obtained elsewhere)
  list                           one line per subscriber (expired sign-ups hidden)
  remove EMAIL                   mark unsubscribed (kept, so it is never re-added by mistake)
  import FILE.csv                add every row of a CSV with header email[,assets];
                                 bad rows are reported with their line number
  export                         print every subscriber as CSV

Options:
  --assets LIST   comma-separated tickers for "add" (default: every asset)
  --out DIR       output folder holding subscribers.json (default: local.outDir)
  --config FILE   settings file (default: aftershock.config.json if present)
  -h, --help      show this help
`;

interface Context {
  store: SubscriberStore;
  io: CommandIo;
  nowMs: number;
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        assets: { type: 'string' },
        out: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const reason = errorText(error);
    throw new UsageError(`${reason}\nRun "aftershock subscribers --help" for the options.`);
  }
}

function oneArgument(action: string, rest: string[], what: string): string {
  const [value, ...extra] = rest;
  if (value === undefined || extra.length > 0) {
    throw new UsageError(`"subscribers ${action}" takes exactly one ${what}.`);
  }
  return value;
}

async function add(context: Context, email: string, assets: string[] | undefined) {
  const outcome = await addSubscriberByOperator(
    context.store,
    { email, ...(assets === undefined ? {} : { assets }) },
    context.nowMs,
  );
  context.io.out(`${email.trim().toLowerCase()}: ${outcome}`);
  return 0;
}

async function list(context: Context) {
  const subscribers = await listSubscribers(context.store, context.nowMs);
  for (const s of subscribers) {
    const assets = s.assets.length === 0 ? 'all assets' : s.assets.join(',');
    context.io.out(`${s.email}  ${s.status}  ${assets}  since ${s.createdAt}`);
  }
  context.io.out(`${subscribers.length} subscriber(s)`);
  return 0;
}

async function remove(context: Context, email: string) {
  const updated = await context.store.setStatus(
    email,
    'unsubscribed',
    new Date(context.nowMs).toISOString(),
  );
  if (updated === null) throw new AftershockError(`No subscriber ${email.trim().toLowerCase()}`);
  context.io.out(`${updated.email}: unsubscribed`);
  return 0;
}

async function importCsv(context: Context, file: string) {
  let text: string;
  try {
    text = await readFile(path.resolve(context.io.cwd, file), 'utf8');
  } catch (error) {
    throw new AftershockError(`Cannot read ${file}`, { cause: error });
  }
  const { rows, problems } = parseSubscriberCsv(text);
  const counts = { added: 0, updated: 0, unchanged: 0 };
  for (const row of rows) {
    try {
      counts[await addSubscriberByOperator(context.store, row, context.nowMs)] += 1;
    } catch (error) {
      if (!(error instanceof AftershockError)) throw error;
      problems.push({ line: row.line, reason: error.message });
    }
  }
  for (const problem of problems.sort((a, b) => a.line - b.line)) {
    context.io.err(`${file}:${problem.line}: ${problem.reason}`);
  }
  context.io.out(
    `added ${counts.added}, updated ${counts.updated}, unchanged ${counts.unchanged}, refused ${problems.length}`,
  );
  return problems.length === 0 ? 0 : 1;
}

async function exportCsv(context: Context) {
  context.io.out(subscribersToCsv(await listSubscribers(context.store, context.nowMs)));
  return 0;
}

function runAction(context: Context, action: string, rest: string[], assets: string | undefined) {
  if (assets !== undefined && action !== 'add')
    throw new UsageError('--assets only goes with "add".');
  const none = () => {
    if (rest.length > 0) throw new UsageError(`"subscribers ${action}" takes no arguments.`);
  };
  switch (action) {
    case 'add':
      return add(context, oneArgument(action, rest, 'EMAIL'), assets?.split(','));
    case 'list':
      none();
      return list(context);
    case 'remove':
      return remove(context, oneArgument(action, rest, 'EMAIL'));
    case 'import':
      return importCsv(context, oneArgument(action, rest, 'FILE.csv'));
    case 'export':
      none();
      return exportCsv(context);
    default:
      throw new UsageError(`Unknown action "${action}"; use add, list, remove, import or export.`);
  }
}

function configFor(io: CommandIo, file: string | undefined): Config {
  return loadConfig({
    file: path.resolve(io.cwd, file ?? 'aftershock.config.json'),
    required: file !== undefined,
    env: io.env,
  });
}

/** `aftershock subscribers add|list|remove|import|export`. */
export const subscribersCommand: Command = {
  name: 'subscribers',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(args);
    const [action, ...rest] = positionals;
    if (values.help || action === undefined) {
      io.out(HELP);
      return values.help ? 0 : 2;
    }
    const config = configFor(io, values.config);
    const outDir = path.resolve(io.cwd, values.out ?? config.local.outDir);
    const { store } = cliSubscriberStore(config, outDir, io.err);
    return runAction({ store, io, nowMs: Date.now() }, action, rest, values.assets);
  },
};
