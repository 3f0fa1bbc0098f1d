import { MARKET_ASSET } from './market-wide-series.ts';

/** One choice of the sign-up and preferences forms: the value stored, the words shown. */
export interface AssetChoice {
  value: string;
  label: string;
  /** What choosing it brings, where the label alone does not say. */
  hint: string | null;
}

/**
 * What a reader can choose to follow: the whole market (its market-wide reports and the
 * digest's market part) and each configured asset. A market report needs two coins flushing
 * at once, so a site of one asset has no market to offer.
 * @example subscribableAssets(['BTC', 'ETH', 'SOL']) // ['Market', 'BTC', 'ETH', 'SOL']
 * @example subscribableAssets(['BTC']) // ['BTC']
 */
export function subscribableAssets(assets: readonly string[]): string[] {
  return assets.length > 1 ? [MARKET_ASSET, ...assets] : [...assets];
}

/**
 * An asset as a form shows it: the market by name and what it brings, a coin by its ticker.
 * @example assetChoice('MARKET') // { value: 'Market', label: 'Whole market', hint: '…' }
 * @example assetChoice('BTC') // { value: 'BTC', label: 'BTC', hint: null }
 */
export function assetChoice(asset: string): AssetChoice {
  return isMarketAsset(asset)
    ? {
        value: MARKET_ASSET,
        label: 'Whole market',
        hint: 'market-wide flushes across every coin, and the digest’s market part',
      }
    : { value: asset, label: asset, hint: null };
}

/**
 * True for the market as an asset, however it was stored ("MARKET" in a subscriber record).
 * @example isMarketAsset('MARKET') // true
 */
export function isMarketAsset(asset: string): boolean {
  return asset.toUpperCase() === MARKET_ASSET.toUpperCase();
}
