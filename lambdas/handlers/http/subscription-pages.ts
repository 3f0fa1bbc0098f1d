import { siteView } from '../../publish/subscription/site-view.ts';
import type { ViewRenderer } from '../../publish/subscription/view-renderer.ts';
import type { FunctionUrlResult } from './function-url-event.ts';
import { htmlResponse } from './responses.ts';

/** Renders one `templates/subscription/` page with the site's title and base URL. */
export function subscriptionPage(
  statusCode: number,
  name: string,
  view: object,
  context: { site: { title: string; baseUrl: string }; renderer: ViewRenderer },
  headers: Record<string, string> = {},
): FunctionUrlResult {
  return htmlResponse(
    statusCode,
    context.renderer.render(name, { ...view, site: siteView(context.site) }),
    headers,
  );
}

/** The error page: a heading and one sentence saying what went wrong and what to do. */
export function errorPage(
  statusCode: number,
  heading: string,
  message: string,
  context: Parameters<typeof subscriptionPage>[3],
  headers: Record<string, string> = {},
): FunctionUrlResult {
  return subscriptionPage(statusCode, 'error', { heading, message }, context, headers);
}
