/*
 * How a mailing that covers several assets marks each asset's part, shared by the renderer
 * that writes the marks (report/) and the sender that keeps a recipient's parts (publish/).
 */

/**
 * Marker of the asset list in a mailing's subject, preheader and body: each recipient's copy
 * names the assets of its own parts.
 */
export const PART_ASSETS_PLACEHOLDER = '__AFTERSHOCK_PART_ASSETS__';

/**
 * The comments around one asset's part (used in the text part too: every marker is gone
 * before a message is sent).
 *
 * @example
 * partMarkers('BTC'); // { start: '<!--aftershock-part:BTC-->', end: '<!--/aftershock-part:BTC-->' }
 */
export function partMarkers(asset: string): { start: string; end: string } {
  return { start: `<!--aftershock-part:${asset}-->`, end: `<!--/aftershock-part:${asset}-->` };
}
