/**
 * One process adding 1 to a counter file COUNT times, each read-modify-write under
 * withFileLock, with a pause between read and write so that a missing lock loses updates.
 * Usage: lock-counter.ts FILE COUNT
 */

import { withFileLock } from '../../../lambdas/publish/file-lock.ts';
import { readTextOrNull, writeFileAtomic } from '../../../lambdas/shared/atomic-file.ts';

const [file = '', count = '1'] = process.argv.slice(2);
for (let i = 0; i < Number(count); i += 1) {
  await withFileLock(file, async () => {
    const value = Number((await readTextOrNull(file)) ?? '0');
    await new Promise((resolve) => setTimeout(resolve, 1));
    await writeFileAtomic(file, String(value + 1));
  });
}
