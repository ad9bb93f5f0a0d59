import { userActivityFrom } from '../../src/channels/directline/userActivity';

describe('Direct Line user activities', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  test.each([
    [{ type: 'message', text: 'hi', entities: [null] }, /entity must be an object/],
    [{ type: 'message', text: 'hi', entities: [{}] }, /string type/],
    [{ type: 'message', text: 'hi', entities: [{ type: 'mention' }] }, /mentioned\.id/],
  ])('%j is refused', (body, message) => {
    const check = userActivityFrom(body, 'conv', 'user', at);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  test('a well-formed message with an entity is accepted', () => {
    const check = userActivityFrom({ type: 'message', text: 'hi', entities: [{ type: 'ClientCapabilities' }] }, 'conv', 'user', at);
    expect(check.ok).toBe(true);
  });
});
