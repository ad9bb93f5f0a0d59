import { DirectLineTokens } from '../../src/channels/directline/tokens';
import { bearerToken } from '../../src/http/bearerToken';

describe('DirectLineTokens', () => {
  let now = 1_000_000;
  const tokens = new DirectLineTokens(undefined, () => now);

  test('a token verifies for its own scope until it expires', () => {
    const { token } = tokens.issue('conv1234', 'dl_user', 'conversation', 60);
    expect(tokens.verify(token, 'conversation')).toEqual({
      ok: true,
      claims: { conversationId: 'conv1234', userId: 'dl_user', scope: 'conversation', expiresAt: now + 60_000 },
    });
    expect(tokens.verify(token, 'stream')).toEqual({ ok: false, reason: 'scope' });
    now += 60_000;
    expect(tokens.verify(token, 'conversation')).toEqual({ ok: false, reason: 'expired' });
  });

  test('a token from another key is refused', () => {
    const other = new DirectLineTokens('another key', () => now);
    const { token } = other.issue('conv1234', 'dl_user', 'conversation', 60);
    expect(tokens.verify(token, 'conversation')).toEqual({ ok: false, reason: 'signature' });
  });

  test('the same configured key verifies across instances (several servers)', () => {
    const a = new DirectLineTokens('shared key', () => now);
    const b = new DirectLineTokens('shared key', () => now);
    expect(b.verify(a.issue('conv1234', 'dl_user', 'conversation', 60).token, 'conversation').ok).toBe(true);
  });

  test.each([undefined, '', 'abc', 'dlx1.a.b.c', 'dlx1.%%%.sig'])('rejects %p', (token) => {
    expect(tokens.verify(token, 'conversation').ok).toBe(false);
  });

  test('bearerToken reads the Authorization header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer  xyz')).toBe('xyz');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
