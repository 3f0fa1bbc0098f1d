import { describe, expect, it } from 'vitest';
import {
  checkpointAsOfMs,
  checkpointBefore,
  checkpointHours,
  detectFlushes,
  latestCheckpoint,
} from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { scenarioSeries } from '../scenarios/scenario-series.ts';

const H = 3_600_000;
const [detected] = detectFlushes(
  scenarioSeries('long-flush-reclaim').series,
  configSchema.parse({}).detector,
);
if (detected === undefined) throw new Error('the sample scenario has no flush');
const flush = { ...detected, endMs: 10 * H };

describe('checkpoints', () => {
  it('maps checkpoints to hours', () => {
    expect(['1h', '4h', '24h', '72h'].map((c) => checkpointHours(c as '1h'))).toEqual([
      1, 4, 24, 72,
    ]);
  });

  it('places a checkpoint after the close of the last flush bar', () => {
    expect(checkpointAsOfMs(flush, '4h', 5)).toBe(10 * H + 5 * 60_000 + 4 * H);
  });

  it('returns the latest checkpoint reached, or null before the first', () => {
    const end = 10 * H + 5 * 60_000;
    expect(latestCheckpoint(flush, end + H - 1)).toBeNull();
    expect(latestCheckpoint(flush, end + H)).toBe('1h');
    expect(latestCheckpoint(flush, end + 30 * H)).toBe('24h');
    expect(latestCheckpoint(flush, end + 100 * H)).toBe('72h');
  });

  it('names the checkpoint before each one, and none before the first', () => {
    expect(['1h', '4h', '24h', '72h'].map((c) => checkpointBefore(c as '1h'))).toEqual([
      null,
      '1h',
      '4h',
      '24h',
    ]);
  });
});
