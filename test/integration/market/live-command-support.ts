import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Command } from '../../../bin/cli-support.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';

/** What one command run printed and where it wrote. */
export interface CommandRun {
  code: number;
  out: string;
  err: string;
  outDir: string;
}

/** The exchange emulator and a scratch folder, shared by the tests of one file. */
export interface LiveCommandBench {
  emulator(): ExchangeEmulator;
  dir(): string;
  /** Runs `command` in `dir()` with `settings` as its config file and `--out dir()/<name>`. */
  run(command: Command, name: string, settings: object, args: string[]): Promise<CommandRun>;
}

/** Starts the emulator and a temp folder before the file's tests and removes both after. */
export function useLiveCommandBench(prefix: string): LiveCommandBench {
  let emulator: ExchangeEmulator | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    emulator = await startExchangeEmulator();
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await emulator?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  const bench: LiveCommandBench = {
    emulator() {
      if (emulator === undefined) throw new Error('the emulator starts in beforeAll');
      return emulator;
    },
    dir() {
      if (dir === undefined) throw new Error('the folder is made in beforeAll');
      return dir;
    },
    async run(command, name, settings, args) {
      const cwd = bench.dir();
      const config = path.join(cwd, `${name}.json`);
      await writeFile(config, JSON.stringify(settings));
      const outDir = path.join(cwd, name);
      const out: string[] = [];
      const err: string[] = [];
      const code = await command.run([...args, '--out', outDir, '--config', config], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: {},
        cwd,
      });
      return { code, out: out.join('\n'), err: err.join('\n'), outDir };
    },
  };
  return bench;
}
