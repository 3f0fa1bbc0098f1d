#!/usr/bin/env -S npx tsx
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { AftershockError, UsageError } from '../lambdas/errors.ts';
import type { Command, CommandIo } from './cli-support.ts';
import { collectCommand } from './commands/collect-command.ts';
import { generateCommand } from './commands/generate-command.ts';
import { previewCommand } from './commands/preview-command.ts';
import { replayCommand } from './commands/replay-command.ts';
import { sendTestCommand } from './commands/send-test-command.ts';
import { subscribersCommand } from './commands/subscribers-command.ts';

const COMMANDS: readonly Command[] = [
  generateCommand,
  collectCommand,
  previewCommand,
  replayCommand,
  subscribersCommand,
  sendTestCommand,
];

function usage(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
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
    return await command.run(args, io);
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
