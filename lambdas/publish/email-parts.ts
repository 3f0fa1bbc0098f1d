import { AftershockError } from '../errors.ts';
import type { ReportEmail } from '../model/index.ts';
import { isMarketAsset } from '../model/subscribable-assets.ts';
import { PART_ASSETS_PLACEHOLDER, partMarkers } from '../shared/email-part-markers.ts';
import { listText } from '../shared/list-text.ts';

export { PART_ASSETS_PLACEHOLDER, partMarkers } from '../shared/email-part-markers.ts';

function keepParts(body: string, all: readonly string[], kept: ReadonlySet<string>): string {
  let out = body;
  for (const asset of all) {
    const marker = partMarkers(asset);
    const start = out.indexOf(marker.start);
    const end = out.indexOf(marker.end);
    if (start === -1 || end < start) {
      throw new AftershockError(`The mailing has no marked part for ${asset}`);
    }
    const after = out.slice(end + marker.end.length);
    out = kept.has(asset)
      ? out.slice(0, start) + out.slice(start + marker.start.length, end) + after
      : out.slice(0, start) + after;
  }
  return out;
}

/**
 * One recipient's copy of an email: a mailing with parts keeps only the parts of the assets
 * the recipient follows (empty = every asset) and the parts for everyone (the market), and its
 * subject and preheader name those; an email without parts is returned as it is. Null when no
 * part of an asset they follow is left: the market alone is not their digest, unless the market
 * is what they follow.
 *
 * @example
 * emailForRecipient(digest, ['ETH']); // only the ETH part, subject "… ETH"
 */
export function emailForRecipient(
  email: ReportEmail,
  followedAssets: readonly string[],
): ReportEmail | null {
  const parts = email.parts;
  if (parts === undefined || parts.length === 0) return email;
  const followed = new Set(followedAssets.map((asset) => asset.toUpperCase()));
  const kept = parts.filter(
    (part) =>
      part.everyone === true || followed.size === 0 || followed.has(part.asset.toUpperCase()),
  );
  const followsMarket = followedAssets.some(isMarketAsset);
  if (
    !followsMarket &&
    kept.every((part) => part.everyone === true) &&
    parts.some((p) => p.everyone !== true)
  )
    return null;
  const keptAssets = new Set(kept.map((part) => part.asset));
  const all = parts.map((part) => part.asset);
  // "the market and BTC": the market's part is named as readers say it.
  const names = listText(kept.map((part) => (part.everyone === true ? 'the market' : part.asset)));
  return {
    subject: email.subject.replaceAll(PART_ASSETS_PLACEHOLDER, names),
    preheader: email.preheader.replaceAll(PART_ASSETS_PLACEHOLDER, names),
    html: keepParts(email.html, all, keptAssets).replaceAll(PART_ASSETS_PLACEHOLDER, names),
    text: keepParts(email.text, all, keptAssets).replaceAll(PART_ASSETS_PLACEHOLDER, names),
    parts: kept,
  };
}
