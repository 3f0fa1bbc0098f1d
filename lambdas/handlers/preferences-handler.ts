import { assetChoice, subscribableAssets } from '../model/subscribable-assets.ts';
import { MAIL_KINDS, type MailKind, type SubscriberPreferences } from '../publish/subscriber.ts';
import {
  type PreferencesForm,
  type PreferencesState,
  readPreferences,
  updatePreferences,
} from '../publish/subscription/preferences.ts';
import { InvalidSubscriptionError } from '../publish/subscription/subscription-errors.ts';
import { signToken, type TokenKeyRing } from '../publish/subscription-token.ts';
import { defineHandler } from './define-handler.ts';
import { linkFunctionConfigSchema } from './function-config.ts';
import { requestFailure } from './http/error-response.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  methodOf,
  queryParam,
} from './http/function-url-event.ts';
import { refusedOrigin } from './http/origin-guard.ts';
import { listField, parseBodyFields } from './http/request-body.ts';
import { methodNotAllowed } from './http/responses.ts';
import { type LinkHandlerDeps, linkDeps } from './http/subscription-handler-deps.ts';
import { errorPage, subscriptionPage } from './http/subscription-pages.ts';
import { withFreshKeys } from './http/with-fresh-keys.ts';

/** The preferences endpoint: a link handler that also knows which assets the site reports on. */
export interface PreferencesHandlerDeps extends LinkHandlerDeps {
  /** What a reader can follow ({@link subscribableAssets}): the market, then each asset. */
  siteAssets: readonly string[];
}

/** How each kind of mail is offered on the page. */
const KIND_LABELS: Record<MailKind, { label: string; hint: string }> = {
  flash: { label: 'Flash reports', hint: 'when a flush happens' },
  'follow-up': { label: 'Follow-ups', hint: 'when the reading of a flush changes' },
  digest: { label: 'Daily digest', hint: 'one email a day' },
};

/** What the page shows: the address, the boxes as ticked, and at most one message. */
interface PageState {
  email: string;
  /** Tickers ticked, or `all` for a subscriber who follows every asset (none recorded). */
  assets: readonly string[] | 'all';
  wants: readonly string[];
  /** The subscriber's own unsubscribe link (the preferences token cannot unsubscribe). */
  unsubscribeUrl: string;
  saved?: boolean;
  error?: string;
}

function preferencesPage(
  deps: PreferencesHandlerDeps,
  statusCode: number,
  actionUrl: string,
  page: PageState,
) {
  const view = {
    email: page.email,
    actionUrl,
    unsubscribeUrl: page.unsubscribeUrl,
    saved: page.saved === true,
    error: page.error ?? null,
    assets: deps.siteAssets.map((asset) => ({
      ...assetChoice(asset),
      checked: page.assets === 'all' || page.assets.includes(asset.toUpperCase()),
    })),
    kinds: MAIL_KINDS.map((kind) => ({
      value: kind,
      ...KIND_LABELS[kind],
      checked: page.wants.includes(kind),
    })),
  };
  return subscriptionPage(statusCode, 'preferences', view, deps);
}

function notActivePage(deps: PreferencesHandlerDeps, state: PreferencesState) {
  const message =
    state.outcome === 'not-found'
      ? `${state.email} is not subscribed. You can subscribe on the site.`
      : `${state.email} gets no reports, so there is nothing to choose. You can subscribe again on the site.`;
  return errorPage(404, 'No subscription', message, deps);
}

function unsubscribeUrlOf(deps: PreferencesHandlerDeps, email: string, keys: TokenKeyRing) {
  const token = signToken({ email, purpose: 'unsubscribe' }, keys.current);
  return `${deps.site.baseUrl.replace(/\/+$/, '')}/api/unsubscribe?token=${token}`;
}

function shownAssets(preferences: SubscriberPreferences): readonly string[] | 'all' {
  // An empty list is the original "every asset": every box shows ticked.
  return preferences.assets.length === 0 ? 'all' : preferences.assets;
}

async function handleGet(deps: PreferencesHandlerDeps, token: string, actionUrl: string) {
  // GET never changes anything: mail scanners fetch links.
  const nowMs = deps.now?.() ?? Date.now();
  const { state, keys } = await withFreshKeys(deps.tokenKeys, async (keys) => ({
    state: await readPreferences({ store: deps.store, tokenKeys: keys }, token, nowMs),
    keys,
  }));
  if (state.outcome !== 'active') return notActivePage(deps, state);
  return preferencesPage(deps, 200, actionUrl, {
    email: state.email,
    assets: shownAssets(state.preferences),
    wants: state.preferences.wants,
    unsubscribeUrl: unsubscribeUrlOf(deps, state.email, keys),
  });
}

async function handlePost(
  deps: PreferencesHandlerDeps,
  event: FunctionUrlEvent,
  token: string,
  actionUrl: string,
) {
  const fields = parseBodyFields(event);
  const form: PreferencesForm = {
    assets: listField(fields, 'assets'),
    wants: listField(fields, 'wants'),
  };
  const nowMs = deps.now?.() ?? Date.now();
  const log = deps.log ? { log: deps.log } : {};
  const { result, keys } = await withFreshKeys(deps.tokenKeys, async (keys) => {
    const context = { store: deps.store, tokenKeys: keys, ...log };
    try {
      return {
        result: await updatePreferences(context, token, form, deps.siteAssets, nowMs),
        keys,
      };
    } catch (error) {
      if (!(error instanceof InvalidSubscriptionError)) throw error;
      // The token was good (it is checked first): read the state to show the form again.
      return { result: { error, state: await readPreferences(context, token, nowMs) }, keys };
    }
  });
  const state = 'error' in result ? result.state : result;
  if (state.outcome !== 'active') return notActivePage(deps, state);
  const unsubscribeUrl = unsubscribeUrlOf(deps, state.email, keys);
  if ('error' in result) {
    // A form mistake shows the boxes as they were sent and says what to change.
    return preferencesPage(deps, 400, actionUrl, {
      email: state.email,
      assets: form.assets.map((asset) => asset.trim().toUpperCase()),
      wants: form.wants,
      unsubscribeUrl,
      error: result.error.message,
    });
  }
  return preferencesPage(deps, 200, actionUrl, {
    email: state.email,
    assets: shownAssets(state.preferences),
    wants: state.preferences.wants,
    unsubscribeUrl,
    saved: true,
  });
}

/**
 * Preferences endpoint, the "Choose what you get" link of every email: `GET ?token=…` shows
 * the subscriber's assets and kinds of mail (flash, follow-ups, daily digest) as checkboxes;
 * `POST` (the form) saves them and shows the page again with a confirmation. The links never
 * expire and work only for an active subscriber: they never re-subscribe anyone. A forged or
 * altered token is 403 and changes nothing, as is a request without CloudFront's origin
 * header; a form with nothing chosen or an unknown asset is 400 with the form shown again;
 * 405 for other methods.
 */
export function createPreferencesHandler(deps: PreferencesHandlerDeps) {
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    if (!(await deps.origin(event))) return refusedOrigin();
    const method = methodOf(event);
    if (method !== 'GET' && method !== 'POST') return methodNotAllowed(['GET', 'POST']);
    const token = queryParam(event, 'token');
    try {
      if (token === undefined || token === '') {
        return errorPage(
          400,
          'Link incomplete',
          'The preferences link has no token; copy the whole link from the email.',
          deps,
        );
      }
      const actionUrl = `?${event.rawQueryString}`;
      if (method === 'GET') return await handleGet(deps, token, actionUrl);
      return await handlePost(deps, event, token, actionUrl);
    } catch (error) {
      const failure = requestFailure(error, deps.log);
      return errorPage(failure.statusCode, 'Preferences not saved', failure.message, deps);
    }
  };
}

/** Lambda entry point; dependencies come from the environment at cold start. */
export const handler = defineHandler(linkFunctionConfigSchema, (config) =>
  createPreferencesHandler({ ...linkDeps(config), siteAssets: subscribableAssets(config.assets) }),
);
