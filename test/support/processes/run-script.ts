import { spawn } from 'node:child_process';
import path from 'node:path';

/** Repository root: scripts run with it as working folder. */
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Runs `test/support/processes/<script>` with tsx in its own OS process and resolves with its
 * exit code and output; several calls run at the same time, so they contend as real processes do.
 */
export function runScript(
  script: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runTsx(path.join(REPO_ROOT, 'test', 'support', 'processes', script), args);
}

/** Runs the CLI (`bin/aftershock.ts`) in its own process, as a person at a shell would. */
export function runCliProcess(args: readonly string[]) {
  return runTsx(path.join(REPO_ROOT, 'bin', 'aftershock.ts'), args);
}

function runTsx(
  file: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `count` copies of a script at once (argument `i` = the copy's number) and waits for all. */
export async function runScriptsAtOnce(
  script: string,
  count: number,
  args: (i: number) => readonly string[],
) {
  const runs = await Promise.all(
    Array.from({ length: count }, (_, i) => runScript(script, args(i))),
  );
  const failed = runs.find((run) => run.code !== 0);
  if (failed) throw new Error(`${script} failed: ${failed.stderr}`);
  return runs;
}
