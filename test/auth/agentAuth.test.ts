/**
 * Agent sign-in: the key check, session tokens (signed, expiring, bound to the key), display names, and the
 * hand-off settings read from the environment.
 */
import { AgentAuth, cleanAgentName } from '../../src/auth/agentAuth';
import { ConfigError, loadConfig } from '../../src/config/config';

describe('AgentAuth', () => {
  const KEY = 'a-long-enough-agent-key';

  test('only the configured key signs in', () => {
    const auth = new AgentAuth(KEY, 60_000);
    expect(auth.checkKey(KEY)).toBe(true);
    expect(auth.checkKey(`${KEY} `)).toBe(false);
    expect(auth.checkKey('')).toBe(false);
    expect(auth.checkKey(undefined)).toBe(false);
    expect(auth.checkKey(42)).toBe(false);
  });

  test('a token names its agent until it expires; another key or a changed token is refused', () => {
    let now = 1_000_000;
    const auth = new AgentAuth(KEY, 60_000, () => now);
    const { token, agent } = auth.issue('Sam');
    expect(agent).toMatchObject({ name: 'Sam', kind: 'console' });
    expect(auth.verify(token)).toEqual(agent);
    expect(new AgentAuth('another-agent-key-entirely', 60_000, () => now).verify(token)).toBeUndefined();
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ agent: { ...agent, name: 'Mallory' }, exp: now + 60_000 })).toString('base64url');
    expect(auth.verify(`${forged}.${signature}`)).toBeUndefined();
    expect(auth.verify(`${payload}.${signature}.x`)).toBeUndefined();
    expect(auth.verify(undefined)).toBeUndefined();
    now += 60_001;
    expect(auth.verify(token)).toBeUndefined();
  });

  test('display names are short plain text', () => {
    expect(cleanAgentName('  Sam   Lee ')).toBe('Sam Lee');
    expect(cleanAgentName("Zoë O'Neil-Smith")).toBe("Zoë O'Neil-Smith");
    expect(cleanAgentName('')).toBeUndefined();
    expect(cleanAgentName('<b>Sam</b>')).toBeUndefined();
    expect(cleanAgentName('x'.repeat(41))).toBeUndefined();
    expect(cleanAgentName(7)).toBeUndefined();
  });
});

describe('hand-off configuration', () => {
  test('defaults: console off, 120 s accept timeout, 12 h sessions', () => {
    const config = loadConfig({});
    expect(config.handoff).toEqual({ agentKey: undefined, acceptTimeoutSeconds: 120, agentSessionMs: 12 * 60 * 60 * 1000 });
  });

  test('AGENT_KEY and HANDOFF_ACCEPT_TIMEOUT_SECONDS are read; a short key or a bad timeout names the variable', () => {
    expect(loadConfig({ AGENT_KEY: 'sixteen-chars-ok', HANDOFF_ACCEPT_TIMEOUT_SECONDS: '45' }).handoff).toMatchObject({ agentKey: 'sixteen-chars-ok', acceptTimeoutSeconds: 45 });
    expect(() => loadConfig({ AGENT_KEY: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ AGENT_KEY: 'short' })).toThrow(/AGENT_KEY/);
    expect(() => loadConfig({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '0' })).toThrow(/HANDOFF_ACCEPT_TIMEOUT_SECONDS/);
  });
});
