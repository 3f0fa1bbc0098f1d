import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENUE_IDS } from '../../../lambdas/config.ts';
import { ConfigError } from '../../../lambdas/errors.ts';
import { applyEnvOverrides, loadConfig, parseConfig } from '../../../lambdas/load-config.ts';
import { isSupportedVenue } from '../../../lambdas/market/venues/ccxt-exchange-loader.ts';

function configErrorOf(input: unknown): ConfigError {
  try {
    parseConfig(input as Parameters<typeof parseConfig>[0]);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('config schema', () => {
  it('collects from the five supported venues and BTC, ETH, SOL by default', () => {
    const config = parseConfig({});
    expect(config.venues.map((v) => v.id)).toEqual([...VENUE_IDS]);
    expect(config.assets).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('listens to the whole market by default, Bybit to its top 30 symbols', () => {
    expect(parseConfig({}).collection).toEqual({ wholeMarket: true, topN: 30 });
    expect(parseConfig({ collection: { wholeMarket: false } }).collection.wholeMarket).toBe(false);
  });

  it('names collection.topN when it is not a whole number from 1 to 200', () => {
    for (const topN of [0, 2.5, 201])
      expect(configErrorOf({ collection: { topN } }).setting, String(topN)).toBe('collection.topN');
  });

  it('accepts exactly the venues the collector can read', () => {
    expect(
      VENUE_IDS.filter((id) => !isSupportedVenue(id)),
      'config and collector agree',
    ).toEqual([]);
  });

  it('names the setting and the venues allowed when a venue is unknown', () => {
    const error = configErrorOf({ venues: [{ id: 'kraken' }] });
    expect(error.setting).toBe('venues.0.id');
    expect(error.message).toContain('"binanceusdm", "bybit", "okx", "gate", "hyperliquid"');
  });

  it('names a misspelt key instead of ignoring it', () => {
    expect(configErrorOf({ venuse: [] }).message).toContain('unknown key(s) venuse');
  });

  it('rejects a symbol override that is not a ccxt perp symbol, naming the asset', () => {
    const error = configErrorOf({ venues: [{ id: 'okx', symbols: { BTC: 'BTCUSDT' } }] });
    expect(error.setting).toBe('venues.0.symbols.BTC');
  });

  it('rejects a venue timeout below half a second and an empty venue list', () => {
    expect(configErrorOf({ venues: [{ id: 'okx', timeoutMs: 10 }] }).setting).toBe(
      'venues.0.timeoutMs',
    );
    expect(configErrorOf({ venues: [] }).setting).toBe('venues');
  });
});

/**
 * The probes of reliability audit #30 that were accepted but should not have been: each is
 * now a ConfigError naming the setting.
 */
describe('config probes of audit #30', () => {
  it.each([
    ['site.baseURL (typo of baseUrl)', { site: { baseURL: 'https://x.example' } }, 'site'],
    ['mail.From (typo of from)', { mail: { From: 'a@example.com' } }, 'mail'],
    ['local.outdir (typo of outDir)', { local: { outdir: 'elsewhere' } }, 'local'],
    [
      'detector.tiers.majr (typo of major)',
      { detector: { tiers: { majr: 0.1 } } },
      'detector.tiers',
    ],
  ])('refuses the unknown key %s instead of dropping it', (_probe, input, setting) => {
    const error = configErrorOf(input);
    expect(error.setting).toBe(setting);
    expect(error.message).toMatch(/unknown key\(s\) (baseURL|From|outdir|majr)/);
  });

  it('refuses CR or LF in mail.from and mail.listId, which go into every header', () => {
    expect(configErrorOf({ mail: { from: 'a@example.com\r\nBcc: x@evil.test' } }).setting).toBe(
      'mail.from',
    );
    expect(configErrorOf({ mail: { listId: 'list.example.com\nX: y' } }).message).toMatch(
      /no CR or LF/,
    );
  });

  it('refuses a postal address on two lines or of one word, naming site.postalAddress', () => {
    const twoLines = configErrorOf({ site: { postalAddress: '1 Example Street\nBerlin' } });
    expect(twoLines.setting).toBe('site.postalAddress');
    expect(twoLines.message).toMatch(/one line/);
    expect(configErrorOf({ site: { postalAddress: 'x' } }).message).toMatch(
      /a postal address such as/,
    );
    expect(parseConfig({}).site.postalAddress).toBeUndefined();
  });

  it('refuses a mail.from that is not an address, and a listId that is not RFC 2919', () => {
    expect(configErrorOf({ mail: { from: 'nobody' } }).setting).toBe('mail.from');
    expect(configErrorOf({ mail: { from: 'Aftershock <nobody>' } }).setting).toBe('mail.from');
    expect(configErrorOf({ mail: { listId: 'no dots here' } }).setting).toBe('mail.listId');
    const fine = parseConfig({
      mail: {
        from: '"Aftershock, daily" <r@example.com>',
        listId: 'Reports <reports.example.com>',
      },
    });
    expect(fine.mail.from).toBe('"Aftershock, daily" <r@example.com>');
  });

  it('refuses a send rate of 0.000001/s and reads "0x10" from the environment as an error, not 16', () => {
    expect(configErrorOf({ aws: { sesMaxSendRatePerSecond: 0.000001 } }).setting).toBe(
      'aws.sesMaxSendRatePerSecond',
    );
    const fromEnv = applyEnvOverrides({}, { AFTERSHOCK_SES_MAX_SEND_RATE: '0x10' });
    expect(configErrorOf(fromEnv).setting).toBe('aws.sesMaxSendRatePerSecond');
    expect(
      parseConfig(applyEnvOverrides({}, { AFTERSHOCK_SES_MAX_SEND_RATE: '2.5' })).aws
        .sesMaxSendRatePerSecond,
    ).toBe(2.5);
  });

  it('refuses inverted tiers', () => {
    const error = configErrorOf({
      detector: { tiers: { minor: 0.05, major: 0.02, extreme: 0.01 } },
    });
    expect(error.setting).toBe('detector.tiers');
    expect(error.message).toContain('minor < major < extreme');
  });

  it('refuses emailFloorUsd.btc, a lower-case key no asset ever matches', () => {
    expect(configErrorOf({ emailFloorUsd: { btc: 1e6 } }).setting).toBe('emailFloorUsd.btc');
    expect(parseConfig({ emailFloorUsd: { BTC: 1e6, default: 0 } }).emailFloorUsd.BTC).toBe(1e6);
  });

  it('refuses an http:// site URL except on localhost', () => {
    expect(configErrorOf({ site: { baseUrl: 'http://blog.example.com' } }).message).toMatch(
      /must be https/,
    );
    expect(parseConfig({ site: { baseUrl: 'http://127.0.0.1:8080' } }).site.baseUrl).toBe(
      'http://127.0.0.1:8080',
    );
    expect(configErrorOf({ site: { baseUrl: 'not a url' } }).message).toMatch(
      /absolute http\(s\) URL/,
    );
  });

  it.each([
    ['aaaaaaaaaaaaaaaa', /at least 32 characters/],
    ['0000000000000000', /at least 32 characters/],
    ['password12345678', /at least 32 characters/],
    ['a'.repeat(64), /at least 12 different characters; it has 1/],
    ['passwordpasswordpasswordpassword', /at least 12 different characters; it has 7/],
  ])('refuses the weak token secret %s, naming tokenSecret (audit #11)', (secret, reason) => {
    const error = configErrorOf({ tokenSecret: secret });
    expect(error.setting).toBe('tokenSecret');
    expect(error.message).toMatch(reason);
  });

  it('refuses tokenSecret written in a config file, naming the variable to use instead', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aftershock-config-'));
    const file = path.join(dir, 'aftershock.config.json');
    writeFileSync(file, JSON.stringify({ tokenSecret: randomBytes(32).toString('base64url') }));
    expect(() => loadConfig({ file, env: {} })).toThrow(/AFTERSHOCK_TOKEN_SECRET instead/);
  });

  it('writes each default once: an empty section and no section give the same settings', () => {
    for (const section of ['site', 'mail', 'local', 'aws', 'detector', 'regime', 'reporting']) {
      expect(parseConfig({ [section]: {} }), section).toEqual(parseConfig({}));
    }
    expect(parseConfig({}).detector.tiers).toEqual({ minor: 0.005, major: 0.02, extreme: 0.05 });
  });
});
