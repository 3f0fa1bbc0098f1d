import { describe, expect, it } from 'vitest';
import {
  emailForRecipient,
  PART_ASSETS_PLACEHOLDER,
  partMarkers,
} from '../../../lambdas/publish/index.ts';

const mark = (asset: string, body: string) =>
  `${partMarkers(asset).start}${body}${partMarkers(asset).end}`;

/** A mailing of three assets, as the digest renderer marks it. */
const mailing = {
  subject: `Daily digest, 6 Dec 2026: ${PART_ASSETS_PLACEHOLDER}`,
  preheader: `${PART_ASSETS_PLACEHOLDER} in the last 24 hours`,
  html: `<p>${PART_ASSETS_PLACEHOLDER}</p>${mark('BTC', '<h2>BTC calm</h2>')}${mark('ETH', '<h2>ETH flush</h2>')}${mark('SOL', '<h2>SOL quiet</h2>')}<p>footer</p>`,
  text: `${PART_ASSETS_PLACEHOLDER}\n${mark('BTC', 'BTC calm\n')}${mark('ETH', 'ETH flush\n')}${mark('SOL', 'SOL quiet\n')}footer`,
  parts: [
    { asset: 'BTC', title: 'BTC calm' },
    { asset: 'ETH', title: 'ETH flush' },
    { asset: 'SOL', title: 'SOL quiet' },
  ],
};

/** The same mailing led by the market's part, which is for everyone. */
const withMarket = {
  ...mailing,
  html: `${mark('Market', '<h2>Calm market</h2>')}${mailing.html}`,
  text: `${mark('Market', 'Calm market\n')}${mailing.text}`,
  parts: [{ asset: 'Market', title: 'Calm market', everyone: true }, ...mailing.parts],
};

describe('emailForRecipient', () => {
  it('keeps only the parts of the assets a recipient follows and names them in the subject', () => {
    const own = emailForRecipient(mailing, ['sol', 'BTC']);
    expect(own?.subject).toBe('Daily digest, 6 Dec 2026: BTC and SOL');
    expect(own?.preheader).toBe('BTC and SOL in the last 24 hours');
    expect(own?.html).toBe('<p>BTC and SOL</p><h2>BTC calm</h2><h2>SOL quiet</h2><p>footer</p>');
    expect(own?.text).toBe('BTC and SOL\nBTC calm\nSOL quiet\nfooter');
    expect(own?.parts?.map((part) => part.asset)).toEqual(['BTC', 'SOL']);
  });

  it('gives every part to a recipient who follows every asset', () => {
    const own = emailForRecipient(mailing, []);
    expect(own?.subject).toBe('Daily digest, 6 Dec 2026: BTC, ETH and SOL');
    expect(own?.html).not.toContain('aftershock-part');
    expect(own?.text).toContain('BTC calm\nETH flush\nSOL quiet');
  });

  it('returns null when no part is for the recipient, and an email without parts as it is', () => {
    expect(emailForRecipient(mailing, ['DOGE'])).toBeNull();
    const single = { subject: 's', preheader: 'p', html: '<p>h</p>', text: 't' };
    expect(emailForRecipient(single, ['ETH'])).toBe(single);
  });

  it('keeps the market part, first, for every recipient, but not as a digest on its own', () => {
    const own = emailForRecipient(withMarket, ['ETH']);
    expect(own?.subject).toBe('Daily digest, 6 Dec 2026: the market and ETH');
    expect(own?.html).toBe(
      '<h2>Calm market</h2><p>the market and ETH</p><h2>ETH flush</h2><p>footer</p>',
    );
    expect(own?.parts?.map((part) => part.asset)).toEqual(['Market', 'ETH']);
    expect(emailForRecipient(withMarket, ['DOGE']), 'no asset of theirs').toBeNull();
  });

  it('gives a recipient who follows the whole market alone its market part', () => {
    // Stored as the preferences form sends it, upper-case.
    const own = emailForRecipient(withMarket, ['MARKET']);
    expect(own?.subject).toBe('Daily digest, 6 Dec 2026: the market');
    expect(own?.html).toBe('<h2>Calm market</h2><p>the market</p><p>footer</p>');
    expect(own?.parts?.map((part) => part.asset)).toEqual(['Market']);
  });

  it('refuses a mailing whose body lost a part it lists', () => {
    const broken = { ...mailing, html: mailing.html.replace(partMarkers('ETH').end, '') };
    expect(() => emailForRecipient(broken, ['BTC'])).toThrow('no marked part for ETH');
  });
});
