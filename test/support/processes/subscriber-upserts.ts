/**
 * One process upserting COUNT subscribers `<prefix>-<n>@example.com` into a local JSON store
 * shared with other processes (reliability audit #34 ran 4 of these × 50).
 * Usage: subscriber-upserts.ts FILE PREFIX COUNT
 */
import { JsonSubscriberStore } from '../../../lambdas/publish/json-subscriber-store.ts';

const [file = '', prefix = 'p', count = '1'] = process.argv.slice(2);
const store = new JsonSubscriberStore(file);
const at = '2026-11-01T00:00:00.000Z';
for (let n = 0; n < Number(count); n += 1) {
  await store.upsert({
    email: `${prefix}-${n}@example.com`,
    status: 'active',
    assets: [],
    createdAt: at,
    updatedAt: at,
    consent: { at, form: 'process-test' },
  });
}
