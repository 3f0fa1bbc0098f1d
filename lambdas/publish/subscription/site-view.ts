/** What every subscription page and email shows of the site. */
export interface SiteView {
  title: string;
  /** Without a trailing slash. */
  baseUrl: string;
  /** Printed at the foot of the welcome mail when configured (`site.postalAddress`). */
  postalAddress: string | null;
}

/**
 * The site part of a subscription view, base URL without trailing slash.
 *
 * @example
 * siteView({ title: 'Aftershock', baseUrl: 'https://a.example/' }); // { title: 'Aftershock', baseUrl: 'https://a.example', postalAddress: null }
 */
export function siteView(site: {
  title: string;
  baseUrl: string;
  postalAddress?: string | undefined;
}): SiteView {
  return {
    title: site.title,
    baseUrl: site.baseUrl.replace(/\/+$/, ''),
    postalAddress: site.postalAddress ?? null,
  };
}
