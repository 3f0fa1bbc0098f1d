import { describe, expect, it } from 'vitest';
import type { MarketMajor, RegimeAssessment } from '../../../lambdas/model/index.ts';
import { followUpMailing } from '../../../lambdas/use-cases/detect-follow-ups.ts';
import { marketFollowUpMailing } from '../../../lambdas/use-cases/detect-market-follow-ups.ts';

const reading = (label: RegimeAssessment['label'], checkpoint: RegimeAssessment['checkpoint']) =>
  ({ label, checkpoint }) as RegimeAssessment;

describe('followUpMailing', () => {
  const history = [reading('stabilizing', '1h'), reading('reclaim', '4h')];

  it('mails a follow-up whose reading changed since the one before, by default', () => {
    expect(
      followUpMailing({ emailed: true }, 'grind-lower', history, { followUpMail: 'when-changed' }),
    ).toEqual({ mail: true, note: null });
  });

  it('publishes but does not mail a follow-up whose reading is unchanged, and says why', () => {
    const decision = followUpMailing({ emailed: true }, 'reclaim', history, {
      followUpMail: 'when-changed',
    });
    expect(decision.mail).toBe(false);
    expect(decision.note).toBe(
      'not mailed: the reading is reclaim, as at 4h; the story page is updated',
    );
  });

  it('mails every follow-up when set to always, and none when off', () => {
    expect(
      followUpMailing({ emailed: true }, 'reclaim', history, { followUpMail: 'always' }).mail,
    ).toBe(true);
    expect(
      followUpMailing({ emailed: true }, 'grind-lower', history, { followUpMail: 'off' }),
    ).toEqual({
      mail: false,
      note: 'follow-up mail is off',
    });
  });

  it('never mails the follow-up of a flash that was not mailed, whatever the setting', () => {
    for (const followUpMail of ['when-changed', 'always', 'off'] as const) {
      expect(
        followUpMailing({ emailed: false }, 'grind-lower', history, { followUpMail }).mail,
      ).toBe(false);
    }
  });
});

describe('marketFollowUpMailing', () => {
  const major = (
    coin: string,
    label: RegimeAssessment['label'],
    previousLabel: RegimeAssessment['label'] | null,
  ) =>
    ({
      coin,
      reading: {
        label,
        checkpoint: '24h',
        confidence: 'high',
        previousLabel,
        previousCheckpoint: '4h',
      },
    }) as MarketMajor;
  const whenChanged = { followUpMail: 'when-changed' } as const;

  it('mails the market story’s next version when one major’s reading changed', () => {
    const majors = [
      major('BTC', 'reclaim', 'stabilizing'),
      major('ETH', 'stabilizing', 'stabilizing'),
    ];
    expect(marketFollowUpMailing({ emailed: true }, majors, whenChanged)).toEqual({
      mail: true,
      note: null,
    });
  });

  it('counts a major’s first reading as a change, and keeps the page-only note otherwise', () => {
    expect(
      marketFollowUpMailing({ emailed: true }, [major('SOL', 'grind-lower', null)], whenChanged)
        .mail,
    ).toBe(true);
    const same = [major('BTC', 'stabilizing', 'stabilizing'), major('ETH', 'reclaim', 'reclaim')];
    expect(marketFollowUpMailing({ emailed: true }, same, whenChanged)).toEqual({
      mail: false,
      note: 'not mailed: BTC stabilizing, ETH reclaim, as at the checkpoint before; the story page is updated',
    });
    expect(marketFollowUpMailing({ emailed: true }, same, { followUpMail: 'always' }).mail).toBe(
      true,
    );
  });

  it('never mails when the market flash was not mailed or follow-up mail is off', () => {
    const changed = [major('BTC', 'reclaim', 'stabilizing')];
    expect(marketFollowUpMailing({ emailed: false }, changed, { followUpMail: 'always' })).toEqual({
      mail: false,
      note: 'its market flash was not mailed',
    });
    expect(marketFollowUpMailing({ emailed: true }, changed, { followUpMail: 'off' }).mail).toBe(
      false,
    );
  });
});
