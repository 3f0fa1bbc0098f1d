import type { SeriesBar } from '../../model/index.ts';

/** Bars parsed from one price file, before OI and funding are attached. */
export interface ParsedBars {
  file: string;
  barMinutes: number;
  bars: SeriesBar[];
}

/** One open-interest reading (Binance metrics row). */
export interface OiPoint {
  timeMs: number;
  oiBase: number;
  oiUsd: number;
}

/** One funding settlement, normalised to 8 hours. */
export interface FundingPoint {
  timeMs: number;
  fundingRate8h: number;
}

/** Liquidations of one bar (CoinGlass liquidation-only exports). */
export interface LiquidationPoint {
  openTimeMs: number;
  longUsd: number;
  shortUsd: number;
}

/** A bar with every optional input absent; importers fill in what their format has. */
export function emptyBar(openTimeMs: number, ohlc: [number, number, number, number]): SeriesBar {
  const [open, high, low, close] = ohlc;
  return {
    openTimeMs,
    open,
    high,
    low,
    close,
    oiBase: null,
    oiUsd: null,
    fedOiUsd: null,
    fundingRate8h: null,
    premium: null,
    perpVolumeUsd: null,
    spotVolumeUsd: null,
    perpTakerDeltaUsd: null,
    spotTakerDeltaUsd: null,
    liqLongUsd: null,
    liqShortUsd: null,
    liqByVenue: {},
    coverage: 1,
  };
}
