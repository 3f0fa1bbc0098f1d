/** What every subscription page and email shows of the site. */
export interface SiteView {
  title: string;
  /** Without a trailing slash. */
  baseUrl: string;
}

/**
 * The site part of a subscription view, base URL without trailing slash.
 *
 * @example
 * siteView({ title: 'Aftershock', baseUrl: 'https://a.example/' }); // { title: 'Aftershock', baseUrl: 'https://a.example' }
 */
export function siteView(site: { title: string; baseUrl: string }): SiteView {
  return { title: site.title, baseUrl: site.baseUrl.replace(/\/+$/, '') };
}
