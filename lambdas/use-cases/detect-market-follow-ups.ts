import { checkpointAsOfMs } from '../analysis/index.ts';
import { MARKET_ASSET, type MarketMajor } from '../model/index.ts';
import { errorText } from '../shared/error-text.ts';
import { HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { analyseMarket, renderMarketFlush } from './build-market-report.ts';
import {
  type DueFollowUp,
  listDueFollowUps,
  publishAndSettleFollowUp,
} from './detect-follow-ups.ts';
import { MIN_MARKET_FLASH_COINS } from './detect-market-flash.ts';
import {
  type DetectSettings,
  detectionLookbackHours,
  type ReporterRunInput,
  type RunEntry,
  sameEvent,
} from './detect-settings.ts';
import { segmentAt } from './find-flushes.ts';

/**
 * Builds and publishes one market follow-up (mailed as {@link marketFollowUpMailing} decides);
 * skips it when it is late or gone.
 */
async function publishMarketFollowUp(
  input: ReporterRunInput,
  settings: DetectSettings,
  due: DueFollowUp,
): Promise<RunEntry> {
  const { state, config } = input;
  const base = { asset: MARKET_ASSET, task: `follow-up ${due.checkpoint}` };
  const skip = async (note: string): Promise<RunEntry> => {
    await state.settle(MARKET_ASSET, due.key, 'skipped', { reason: note });
    return { ...base, outcome: 'skipped', note };
  };
  if (input.nowMs > due.asOfMs + settings.followUpMaxLateHours * HOUR_MS)
    return skip(`more than ${settings.followUpMaxLateHours} h late`);
  const mergeMs = config.detector.mergeMinutes * MINUTE_MS;
  // The flush's own baseline before it, as the flash run read it, up to the checkpoint.
  const lookbackHours = detectionLookbackHours(config, settings);
  const marketAt = async (asOfMs: number) => {
    const read = await input.market.read({
      assets: config.assets,
      fromMs: due.record.startMs - lookbackHours * HOUR_MS,
      toMs: asOfMs,
      barMinutes: settings.barMinutes,
      beyond: true,
    });
    const segments = [...read.series.values()].flatMap((s) => {
      const segment = segmentAt(s, due.record.startMs);
      return segment === null ? [] : [segment];
    });
    if (segments.length < MIN_MARKET_FLASH_COINS) return null;
    const market = analyseMarket(segments, asOfMs, config, read.beyond);
    const flush = market.flushes.find((f) => sameEvent(f.event, due.record, mergeMs));
    return flush === undefined ? null : { market, flush, history: read.history };
  };
  let seen = await marketAt(due.asOfMs);
  if (seen === null) return skip('the market flush the flash reported is no longer in the data');
  let asOfMs = due.asOfMs;
  // Later bars can show the flush ran on; its checkpoints move with its end.
  if (seen.flush.event.endMs > due.record.endMs) {
    asOfMs = checkpointAsOfMs(seen.flush.event, due.checkpoint, seen.market.series.barMinutes);
    if (asOfMs + settings.followUpGraceMinutes * MINUTE_MS > input.nowMs) {
      await state.release(MARKET_ASSET, due.key);
      const note = `not due yet: the market flush ran on, so its ${due.checkpoint} reading is at ${new Date(asOfMs).toISOString()}`;
      return { ...base, outcome: 'skipped', note };
    }
    seen = await marketAt(asOfMs);
    if (seen === null) return skip('the market flush the flash reported is no longer in the data');
  }
  const { rendered, facts } = await renderMarketFlush({
    ...seen,
    asOfMs,
    config,
    ...(due.flashDataToMs === null ? {} : { flashAsOfMs: due.flashDataToMs }),
  });
  if (facts.version !== due.checkpoint)
    return skip(`the market report as of then is its ${facts.version} version`);
  // Mailed to the whole market's followers only (`meta.mailAssets`): each coin's own follow-up
  // carries its reading to the coin's followers.
  const mailing = marketFollowUpMailing(due, facts.majors, settings);
  return publishAndSettleFollowUp(input, rendered, base, due.key, mailing);
}

/**
 * Whether a market follow-up is mailed (to the market's followers): never when the market
 * flash was not; otherwise by `followUpMail`, where `when-changed` mails it only when some
 * major's reading differs from its reading at the checkpoint before (or is its first).
 * @example marketFollowUpMailing({ emailed: true }, [btcStillReclaim], { followUpMail: 'when-changed' }) // { mail: false, note: 'not mailed: …' }
 */
export function marketFollowUpMailing(
  due: Pick<DueFollowUp, 'emailed'>,
  majors: readonly MarketMajor[],
  settings: Pick<DetectSettings, 'followUpMail'>,
): { mail: boolean; note: string | null } {
  if (!due.emailed) return { mail: false, note: 'its market flash was not mailed' };
  if (settings.followUpMail === 'off') return { mail: false, note: 'follow-up mail is off' };
  const read = majors.flatMap((m) => (m.reading === null ? [] : [{ coin: m.coin, ...m.reading }]));
  const changed = read.filter((r) => r.previousLabel !== r.label);
  if (settings.followUpMail === 'when-changed' && changed.length === 0) {
    const readings = read.map((r) => `${r.coin} ${r.label}`).join(', ');
    return {
      mail: false,
      note: `not mailed: ${readings || 'no major has a reading'}, as at the checkpoint before; the story page is updated`,
    };
  }
  return { mail: true, note: null };
}

/**
 * Publishes the market report's follow-ups that are due (+4h/+24h/+72h after a market flash,
 * DESIGN.md §6 "one story per event"): each claimed first, built with the market as of its
 * checkpoint (the market beyond the assets and its history included) and published as the next
 * version of the market story, mailed to the market's followers when the readings changed
 * ({@link marketFollowUpMailing}). A failure releases the claim for a retry.
 */
export async function reportDueMarketFollowUps(
  input: ReporterRunInput,
  settings: DetectSettings,
): Promise<RunEntry[]> {
  const { state, nowMs } = input;
  const entries: RunEntry[] = [];
  for (const due of await listDueFollowUps(input, settings, MARKET_ASSET)) {
    const data = { checkpoint: due.checkpoint };
    const staleMs = settings.staleClaimMinutes * MINUTE_MS;
    if (!(await state.claim({ asset: MARKET_ASSET, key: due.key, data }, nowMs, staleMs))) continue;
    try {
      entries.push(await publishMarketFollowUp(input, settings, due));
    } catch (error) {
      await state.release(MARKET_ASSET, due.key);
      const task = `follow-up ${due.checkpoint}`;
      entries.push({ asset: MARKET_ASSET, task, outcome: 'failed', note: errorText(error) });
    }
  }
  return entries;
}
