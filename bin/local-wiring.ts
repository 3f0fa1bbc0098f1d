import { randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Config, tokenSecretWeakness } from '../lambdas/config.ts';
import { ConfigError } from '../lambdas/errors.ts';

/** Repository root (samples and templates live here). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The local subscriber list of an output folder, seeded from the sample list on first use. */
export async function localSubscribersFile(config: Config, outDir: string): Promise<string> {
  const file = config.local.subscribersFile ?? path.join(outDir, 'subscribers.json');
  try {
    await access(file);
  } catch {
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(path.join(REPO_ROOT, 'samples', 'subscribers.json'), file);
  }
  return file;
}

/**
 * The HMAC secret of local confirm/unsubscribe links: the configured one, else a random
 * secret kept beside the output (never in the repo), so links in earlier emails keep
 * working across runs of `generate` and `preview`.
 */
export async function localTokenSecret(config: Config, outDir: string): Promise<string> {
  if (config.tokenSecret) return config.tokenSecret;
  const file = path.join(outDir, '.token-secret');
  const stored = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  if (stored === null) {
    const secret = randomBytes(32).toString('base64url');
    await mkdir(outDir, { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
  // A secret someone wrote by hand is held to the same rule as AFTERSHOCK_TOKEN_SECRET.
  const weakness = tokenSecretWeakness(stored);
  if (weakness !== null) throw new ConfigError('tokenSecret', `${file} ${weakness}`);
  return stored;
}
