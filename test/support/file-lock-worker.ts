import { readFile } from 'node:fs/promises';
import { withFileLock } from '../../lambdas/publish/file-lock.ts';
import { writeFileAtomic } from '../../lambdas/shared/atomic-file.ts';

/**
 * `file-lock-worker.ts FILE N`: adds 1 to the counter in FILE, N times, each a
 * read-modify-write under {@link withFileLock}. Several of these at once must never lose an
 * increment (test/unit/publish/file-lock.test.ts).
 */
const [file = '', times = '0'] = process.argv.slice(2);
for (let i = 0; i < Number(times); i += 1) {
  await withFileLock(file, async () => {
    const count = Number((await readFile(file, 'utf8').catch(() => '0')) || '0');
    await writeFileAtomic(file, String(count + 1));
  });
}
