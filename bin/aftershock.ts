#!/usr/bin/env -S npx tsx
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { AftershockError, UsageError } from '../lambdas/errors.ts';
import type { CommandIo, LazyCommand } from './cli-support.ts';

/**
 * The commands, loaded only when run: each pulls in different heavy modules (canvas and
 * charts, the AWS SDK, ccxt), and `npm start` should pay only for its own.
 */
const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'generate',
    summary: 'build and publish a report from a simulated market into out/',
    load: async () => (await import('./commands/generate-command.ts')).generateCommand,
  },
  {
    name: 'collect',
    summary: 'collect market snapshots from the configured venues',
    load: async () => (await import('./commands/collect-command.ts')).collectCommand,
  },
  {
    name: 'rollups',
    summary: 'rebuild the day rollups the detector reads from stored snapshots',
    load: async () => (await import('./commands/rollups-command.ts')).rollupsCommand,
  },
  {
    name: 'preview',
    summary: 'serve the built site (and the local subscribe API) on localhost',
    load: async () => (await import('./commands/preview-command.ts')).previewCommand,
  },
  {
    name: 'replay',
    summary: 'find flushes and regimes in historical data files',
    load: async () => (await import('./commands/replay-command.ts')).replayCommand,
  },
  {
    name: 'simulate',
    summary: 'run the scheduled system over historical data files on a simulated clock',
    load: async () => (await import('./commands/simulate-command.ts')).simulateCommand,
  },
  {
    name: 'subscribers',
    summary: 'add, list, remove, import or export subscribers',
    load: async () => (await import('./commands/subscribers-command.ts')).subscribersCommand,
  },
  {
    name: 'send-test',
    summary: 'mail the latest report to the given addresses only',
    load: async () => (await import('./commands/send-test-command.ts')).sendTestCommand,
  },
  {
    name: 'adhoc',
    summary: 'ask the deployed report function for a draft, a test send or a report',
    load: async () => (await import('./commands/adhoc-command.ts')).adhocCommand,
  },
];

function usage(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n');
  return `Usage: aftershock <command> [options]\n\nCommands:\n${rows}\n\nRun "aftershock <command> --help" for a command's options.\n`;
}

/** Runs the CLI; returns the exit code. User errors print one clear line, never a stack. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`Unknown command "${name}".\n\n${usage()}`);
    return await (await command.load()).run(args, io);
  } catch (error) {
    if (error instanceof AftershockError) {
      io.err(`aftershock ${name}: ${error.message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  const io: CommandIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`aftershock: unexpected error (a bug, please report it):\n`);
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
