import type { VenueProfile } from './venue-profiles.ts';

/**
 * The venue's profile with its perp symbol taken from `symbols` (asset → ccxt unified
 * symbol, from the venue's config) where an asset is listed there, and from the default
 * (`<ASSET>/USDT:USDT`, Hyperliquid `<ASSET>/USDC:USDC`) otherwise. Spot symbols keep
 * their defaults: the override names the perp to read.
 * @example withSymbolOverrides(VENUE_PROFILES.bybit, { BTC: 'BTC/USDC:USDC' }).perpSymbol('BTC') // 'BTC/USDC:USDC'
 */
export function withSymbolOverrides(
  profile: VenueProfile,
  symbols: Readonly<Record<string, string>> | undefined,
): VenueProfile {
  if (symbols === undefined || Object.keys(symbols).length === 0) return profile;
  const configured = (asset: string): string | undefined =>
    Object.hasOwn(symbols, asset) ? symbols[asset] : undefined;
  return { ...profile, perpSymbol: (asset) => configured(asset) ?? profile.perpSymbol(asset) };
}
