import * as z from 'zod';
import { readTextOrNull, writeFileAtomic } from '../shared/atomic-file.ts';
import { withFileLock } from './file-lock.ts';
import { StoreFormatError } from './publish-errors.ts';
import {
  type RateCounter,
  type RateRule,
  windowKey,
  windowStartMs,
} from './subscription/rate-counter.ts';

const fileSchema = z.record(
  z.string(),
  z.strictObject({ hits: z.number().int().nonnegative(), windowEndMs: z.number() }),
);

/**
 * Local {@link RateCounter} over a JSON file (`<outDir>/rate-limits.json`): each hit is a
 * read-modify-write under the file's lock, so several preview processes share one count.
 * Windows that have ended are dropped on the next write.
 */
export class JsonRateCounter implements RateCounter {
  public constructor(public readonly filePath: string) {}

  /** Counts one hit unless the window is full; false when it was. */
  public hit(key: string, rule: RateRule, nowMs: number): Promise<boolean> {
    return withFileLock(this.filePath, async () => {
      const counters = await this.read();
      for (const [stored, counter] of Object.entries(counters)) {
        if (counter.windowEndMs <= nowMs) delete counters[stored];
      }
      const id = windowKey(key, rule, nowMs);
      const counter = counters[id] ?? {
        hits: 0,
        windowEndMs: windowStartMs(nowMs, rule.windowMs) + rule.windowMs,
      };
      if (counter.hits >= rule.limit) return false;
      counters[id] = { ...counter, hits: counter.hits + 1 };
      await writeFileAtomic(this.filePath, `${JSON.stringify(counters, null, 2)}\n`);
      return true;
    });
  }

  private async read(): Promise<z.infer<typeof fileSchema>> {
    const text = await readTextOrNull(this.filePath);
    if (text === null) return {};
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new StoreFormatError(this.filePath, 'it is not a rate-limit file', { cause: error });
    }
  }
}
