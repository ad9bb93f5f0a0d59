import { limitHeapGrowth } from '../src/util/heapGrowth';
import { ConfigError, loadConfig } from '../src/config/config';

describe('configuration', () => {
  test('defaults work with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.storage.kind).toBe('sqlite');
    expect(config.botAuth.MicrosoftAppId).toBeUndefined();
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NLU_CONFIDENCE_THRESHOLD: '1.5' }, 'NLU_CONFIDENCE_THRESHOLD'],
    [{ MicrosoftAppType: 'Tenant' }, 'MicrosoftAppType'],
    [{ MicrosoftAppId: 'abc' }, 'MicrosoftAppPassword'],
    [{ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'p' }, 'MicrosoftAppTenantId'],
    [{ NODE_ENV: 'production' }, 'MicrosoftAppId'],
    [{ STORAGE: 'redis' }, 'REDIS_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ NLU_NONE_THRESHOLD: '0.9' }, 'NLU_NONE_THRESHOLD'],
  ])('%j is refused, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
  });

  test('a bad value never echoes a password', () => {
    try {
      loadConfig({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 's3cret!', MicrosoftAppType: 'SingleTenant' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(String(error)).not.toContain('s3cret!');
    }
  });

  test('REDIS_URL selects Redis storage', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).storage.kind).toBe('redis');
  });
});

describe('PUBLIC_URL and its old names', () => {
  test('PUBLIC_URL is read without a warning', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://help.example.com' });
    expect(config.publicUrl).toBe('https://help.example.com');
    expect(config.warnings).toEqual([]);
  });

  test('PUBLIC_BASE_URL alone is read as PUBLIC_URL, with a deprecation warning', () => {
    const config = loadConfig({ PUBLIC_BASE_URL: 'https://help.example.com' });
    expect(config.publicUrl).toBe('https://help.example.com');
    expect(config.warnings).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL is deprecated: set PUBLIC_URL=https:\/\/help\.example\.com/)]);
  });

  test('BOT_PUBLIC_HOST alone becomes https://<host>/, with a deprecation warning', () => {
    const config = loadConfig({ BOT_PUBLIC_HOST: 'icloud-help.azurewebsites.net' });
    expect(config.publicUrl).toBe('https://icloud-help.azurewebsites.net/');
    expect(config.warnings.join('\n')).toMatch(/BOT_PUBLIC_HOST is deprecated/);
  });

  test('PUBLIC_URL wins over the old names, which are reported as ignored', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://a.example.com', PUBLIC_BASE_URL: 'https://b.example.com', BOT_PUBLIC_HOST: 'c.example.com' });
    expect(config.publicUrl).toBe('https://a.example.com');
    expect(config.warnings).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL is deprecated and ignored/), expect.stringMatching(/^BOT_PUBLIC_HOST is deprecated and ignored/)]);
  });

  test('an old name satisfies what needs PUBLIC_URL (OpenID Connect sign-in)', () => {
    const config = loadConfig({ OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'bot', PUBLIC_BASE_URL: 'https://help.example.com' });
    expect(config.oidc?.publicUrl).toBe('https://help.example.com');
  });

  test('a BOT_PUBLIC_HOST that is not a host name is refused, naming it', () => {
    expect(() => loadConfig({ BOT_PUBLIC_HOST: 'https://bot.example.com/api/messages' })).toThrow(/^Configuration error: BOT_PUBLIC_HOST /);
  });
});

describe('HEAP_GROWING_PERCENT', () => {
  test('defaults to 50 and accepts 0 (V8 default)', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
  });
  test('a negative or fractional value is a configuration error naming the variable', () => {
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '-5' })).toThrow(/HEAP_GROWING_PERCENT/);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '12.5' })).toThrow(/HEAP_GROWING_PERCENT/);
  });
  test('limitHeapGrowth refuses what V8 would misread', () => {
    expect(() => limitHeapGrowth(-1)).toThrow(RangeError);
    expect(() => limitHeapGrowth(Number.NaN)).toThrow(RangeError);
  });
});
