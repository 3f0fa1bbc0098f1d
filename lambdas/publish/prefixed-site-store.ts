import type { SiteFileWrite, SiteStore, VersionedText } from './ports.ts';

/** Site prefix of editors' drafts: nothing in the manifest, index, feeds or sitemap links it. */
export const DRAFTS_PREFIX = 'drafts/';

/** Cache-Control of a draft: an editor looks at it now; no cache or CDN keeps it. */
export const DRAFT_CACHE_CONTROL = 'private, no-store';

/**
 * A {@link SiteStore} that keeps every key under `prefix` of another store, optionally with
 * its own Cache-Control. Publishing through it writes nothing outside the prefix.
 *
 * @example
 * const drafts = prefixedSiteStore(site, 'drafts/');
 * await drafts.putFile({ key: 'reports/x/index.html', … }); // writes drafts/reports/x/index.html
 */
export function prefixedSiteStore(
  store: SiteStore,
  prefix: string,
  options: { cacheControl?: string } = {},
): SiteStore {
  const inPrefix = (file: SiteFileWrite): SiteFileWrite => ({
    ...file,
    key: `${prefix}${file.key}`,
    cacheControl: options.cacheControl ?? file.cacheControl,
  });
  return {
    putFile: (file) => store.putFile(inPrefix(file)),
    getText: (key) => store.getText(`${prefix}${key}`),
    getTextVersion: (key): Promise<VersionedText | null> => store.getTextVersion(`${prefix}${key}`),
    putFileIfVersion: (file, expectedVersion) =>
      store.putFileIfVersion(inPrefix(file), expectedVersion),
  };
}

/** The drafts part of a site (`drafts/…`, never cached) and its prefix. */
export function draftSiteStore(site: SiteStore): { store: SiteStore; prefix: string } {
  return {
    store: prefixedSiteStore(site, DRAFTS_PREFIX, { cacheControl: DRAFT_CACHE_CONTROL }),
    prefix: DRAFTS_PREFIX,
  };
}
