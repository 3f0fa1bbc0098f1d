/** Reports per list page: the archive, each asset's page and their numbered pages. */
export const LIST_PAGE_SIZE = 50;

/**
 * How many numbered pages a list of reports fills. Numbered pages are filled from
 * the oldest report on, so a full page keeps the same reports for good: a link to
 * "page 2" shows next year what it shows today.
 * @example listPageCount(0) // 0
 * @example listPageCount(51) // 2
 */
export function listPageCount(reportCount: number): number {
  return Math.ceil(reportCount / LIST_PAGE_SIZE);
}

/**
 * Site folder of numbered page `n` of a list kept in `folder`.
 * @example listPageFolder('assets/btc/', 2) // "assets/btc/page/2/"
 */
export function listPageFolder(folder: string, pageNumber: number): string {
  return `${folder}page/${pageNumber}/`;
}

/** A link of a list page's navigation, relative to the page it is on. */
export interface ListPageLink {
  name: string;
  url: string;
  current: boolean;
}

/** One page of a paginated list: which reports it shows and how it links to the rest. */
export interface ListPagePlan {
  /** Site folder of the page (the list's own folder for its front page). */
  folder: string;
  /** Indexes into the newest-first list, `[from, to)`. */
  fromIndex: number;
  toIndex: number;
  /**
   * The front page's "The newest 50 of 237 reports"; null on numbered pages,
   * which say what they hold from their own reports so their bytes stay put.
   */
  countText: string | null;
  newer: ListPageLink | null;
  older: ListPageLink | null;
  /** Every numbered page, for a page-number row; empty when one page holds everything. */
  pages: ListPageLink[];
}

/** Relative URL from one folder of the same list to another (both under `folder`). */
function relativeUrl(fromFolder: string, toFolder: string, listFolder: string): string {
  const up = fromFolder === listFolder ? '' : '../../';
  return toFolder === listFolder ? up || './' : `${up}${toFolder.slice(listFolder.length)}`;
}

/**
 * @example frontCountText(237) // "The newest 50 of 237 reports"
 * @example frontCountText(1) // "1 report"
 */
function frontCountText(total: number): string | null {
  if (total === 0) return null;
  if (total <= LIST_PAGE_SIZE) return `${total} report${total === 1 ? '' : 's'}`;
  return `The newest ${LIST_PAGE_SIZE} of ${total} reports`;
}

/**
 * The pages of a list of `total` reports kept in `folder`: its front page (the
 * newest {@link LIST_PAGE_SIZE}) and numbered pages filled from the oldest on.
 * Every page links one step newer and one step older, so every report is
 * reachable in both directions. A full numbered page changes only when the page
 * count does (every 50 reports), so publishing rewrites the front and newest pages.
 * @example planListPages('archive/', 60).map((p) => p.folder)
 * // ['archive/', 'archive/page/1/', 'archive/page/2/']
 */
export function planListPages(folder: string, total: number): ListPagePlan[] {
  const pageCount = listPageCount(total);
  const numbered = (n: number) => listPageFolder(folder, n);
  const linksFrom = (from: string, current: string | null): ListPageLink[] =>
    pageCount > 1
      ? Array.from({ length: pageCount }, (_, i) => ({
          name: String(i + 1),
          url: relativeUrl(from, numbered(i + 1), folder),
          current: numbered(i + 1) === current,
        }))
      : [];
  const frontTo = Math.min(total, LIST_PAGE_SIZE);
  // The page holding the newest report the front page leaves out (oldest-first numbering).
  const olderThanFront =
    total > LIST_PAGE_SIZE ? Math.floor((total - frontTo - 1) / LIST_PAGE_SIZE) + 1 : null;
  const front: ListPagePlan = {
    folder,
    fromIndex: 0,
    toIndex: frontTo,
    countText: frontCountText(total),
    newer: null,
    older:
      olderThanFront === null
        ? null
        : {
            name: 'Older reports',
            url: relativeUrl(folder, numbered(olderThanFront), folder),
            current: false,
          },
    pages: linksFrom(folder, null),
  };
  const plans = [front];
  for (let page = 1; page <= pageCount; page += 1) {
    const here = numbered(page);
    // Page p holds the oldest-first reports [(p-1)·size, p·size), newest of them first.
    const toIndex = total - (page - 1) * LIST_PAGE_SIZE;
    const fromIndex = Math.max(0, total - page * LIST_PAGE_SIZE);
    plans.push({
      folder: here,
      fromIndex,
      toIndex,
      countText: null,
      newer: {
        name: 'Newer reports',
        url: relativeUrl(here, page === pageCount ? folder : numbered(page + 1), folder),
        current: false,
      },
      older:
        page === 1
          ? null
          : {
              name: 'Older reports',
              url: relativeUrl(here, numbered(page - 1), folder),
              current: false,
            },
      pages: linksFrom(here, here),
    });
  }
  return plans;
}
