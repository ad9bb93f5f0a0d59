import { limitHeapGrowth } from '../src/util/heapGrowth';
import { readFileSync } from 'node:fs';
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

  test('.env.example documents every variable the configuration reads', () => {
    const documented = new Set([...readFileSync('.env.example', 'utf8').matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]));
    const source = readFileSync('src/config/config.ts', 'utf8');
    const schemaBlock = source.slice(source.indexOf('const EnvSchema'), source.indexOf('export type Env'));
    const read = [...schemaBlock.matchAll(/^\s{2}([A-Za-z_]+):/gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(10);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
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
