import { describe, expect, it } from 'vitest';
import { subscribableAssets } from '../../../lambdas/model/subscribable-assets.ts';
import { subscriberWantsReport } from '../../../lambdas/publish/subscriber.ts';
import {
  InvalidSubscriptionError,
  validatePreferences,
} from '../../../lambdas/publish/subscription/index.ts';
import { followedText } from '../../../lambdas/publish/subscription/welcome.ts';

const SITE_ASSETS = ['BTC', 'ETH', 'SOL'];

describe('validatePreferences', () => {
  it('keeps the site order and drops repeats whatever order and case the form sends', () => {
    expect(
      validatePreferences(
        { assets: ['sol', ' btc', 'SOL'], wants: ['digest', 'flash', 'digest'] },
        SITE_ASSETS,
      ),
    ).toEqual({ assets: ['BTC', 'SOL'], wants: ['flash', 'digest'] });
  });

  it('stores every asset by name when all are ticked, so a coin added later is not mailed unasked', () => {
    expect(
      validatePreferences({ assets: SITE_ASSETS, wants: ['flash'] }, SITE_ASSETS).assets,
    ).toEqual(SITE_ASSETS);
  });

  it('names the field and what to do when nothing or something unknown is chosen', () => {
    const cases: Array<[Parameters<typeof validatePreferences>[0], string, RegExp]> = [
      [{ assets: [], wants: ['flash'] }, 'assets', /at least one asset, or unsubscribe/],
      [{ assets: ['BTC'], wants: [] }, 'wants', /at least one kind of mail, or unsubscribe/],
      [
        { assets: ['DOGE', 'BTC'], wants: ['flash'] },
        'assets',
        /DOGE is not reported here; choose from BTC, ETH, SOL/,
      ],
      [
        { assets: ['BTC'], wants: ['weekly'] },
        'wants',
        /"weekly" is not a kind of mail; choose from flash, follow-up, digest/,
      ],
    ];
    for (const [form, field, message] of cases) {
      let error: unknown;
      try {
        validatePreferences(form, SITE_ASSETS);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(form)).toBeInstanceOf(InvalidSubscriptionError);
      expect((error as InvalidSubscriptionError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('subscribableAssets', () => {
  it('offers the whole market first, beside each asset, where there is a market to read', () => {
    const choices = subscribableAssets(SITE_ASSETS);
    expect(choices).toEqual(['Market', 'BTC', 'ETH', 'SOL']);
    expect(validatePreferences({ assets: ['market', 'eth'], wants: ['flash'] }, choices)).toEqual({
      assets: ['MARKET', 'ETH'],
      wants: ['flash'],
    });
    expect(subscribableAssets(['BTC']), 'one coin is no market').toEqual(['BTC']);
  });

  it('words what a subscriber follows, the market by name', () => {
    expect(followedText(['MARKET', 'BTC', 'ETH'])).toBe('the whole market, BTC and ETH');
    expect(followedText(['SOL'])).toBe('SOL');
    expect(followedText([])).toBe('every asset we cover');
  });
});

describe('subscriberWantsReport', () => {
  it('mails every kind to a subscriber who never chose, as before the page existed', () => {
    for (const kind of ['flash', 'follow-up', 'digest', 'ad-hoc'] as const) {
      expect(subscriberWantsReport({ assets: [] }, { assets: ['BTC'], kind })).toBe(true);
    }
  });

  it('needs both an asset and a kind the subscriber chose', () => {
    const digestOnly = { assets: ['ETH'], wants: ['digest' as const] };
    expect(subscriberWantsReport(digestOnly, { assets: ['BTC', 'ETH'], kind: 'digest' })).toBe(
      true,
    );
    expect(subscriberWantsReport(digestOnly, { assets: ['ETH'], kind: 'flash' })).toBe(false);
    expect(subscriberWantsReport(digestOnly, { assets: ['BTC'], kind: 'digest' })).toBe(false);
    expect(
      subscriberWantsReport({ assets: [], wants: ['flash'] }, { assets: ['SOL'], kind: 'ad-hoc' }),
      "an editor's report counts as a flash",
    ).toBe(true);
  });

  it('mails a follower of the whole market its market reports, not each coin’s flash', () => {
    const marketOnly = { assets: ['MARKET'] };
    // A market report is filed under the market, the majors and every coin in the flush.
    const marketReport = {
      assets: ['Market', 'BTC', 'ETH', 'SOL', 'DOGE'],
      kind: 'flash' as const,
    };
    expect(subscriberWantsReport(marketOnly, marketReport)).toBe(true);
    expect(subscriberWantsReport(marketOnly, { assets: ['BTC'], kind: 'flash' })).toBe(false);
    expect(
      subscriberWantsReport({ assets: ['DOGE'] }, marketReport),
      'a coin’s follower gets the market report its coin flushed in',
    ).toBe(true);
  });
});
