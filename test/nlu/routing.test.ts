import { decideRoute, type RoutingInput } from '../../src/nlu/routing';
import { CAUSE_ORDER } from './helpers';

const routes = new Map<string, string>([['faq_route_alias', 'faq_meaning']]);
const ranking = (...pairs: Array<[string, number]>): RoutingInput['ranking'] => pairs.map(([intent, confidence]) => ({ intent, confidence }));
const route = (r: RoutingInput['ranking'], ruledOut: string[], floor = 0.2) => decideRoute({ ranking: r, ruledOut, causeOrder: CAUSE_ORDER, routes, floor });

describe('decideRoute', () => {
  it('routes a named cause to itself', () => {
    const d = route(ranking(['apple_id', 0.8], ['backup_failed', 0.2]), []);
    expect(d).toMatchObject({ intent: 'apple_id', confidence: 0.8, route: 'apple_id', byCauseOrder: false });
    expect(d.alternatives.map((a) => a.intent)).toEqual(['backup_failed']);
  });

  it('keeps backup_failed when nothing is ruled out', () => {
    expect(route(ranking(['backup_failed', 0.9], ['storage_full', 0.1]), [])).toMatchObject({ route: 'backup_failed', intent: 'backup_failed' });
  });

  it('sends a generic failure to the first cause that is not ruled out', () => {
    expect(route(ranking(['backup_failed', 0.9], ['storage_full', 0.1]), ['storage_full']).route).toBe('network_unstable');
    expect(route(ranking(['backup_failed', 0.9]), ['storage_full', 'network_unstable']).route).toBe('apple_id');
    expect(route(ranking(['backup_failed', 0.9]), ['network_unstable']).route).toBe('storage_full');
  });

  it('applies the floor only to an intent promoted past a ruled-out cause', () => {
    expect(route(ranking(['apple_id', 0.15], ['none', 0.1]), ['storage_full']).route).toBe('apple_id');
    expect(route(ranking(['storage_full', 0.8], ['apple_id', 0.15]), ['storage_full']).route).toBe('network_unstable');
  });

  it('skips a ruled-out winning cause; a strong runner-up cause wins', () => {
    const d = route(ranking(['storage_full', 0.5], ['apple_id', 0.45], ['backup_failed', 0.05]), ['storage_full']);
    expect(d).toMatchObject({ intent: 'apple_id', route: 'apple_id' });
    expect(d.alternatives.map((a) => a.intent)).not.toContain('storage_full');
  });

  it('does not trust a weak cause promoted past a ruled-out one (below the floor)', () => {
    const d = route(ranking(['storage_full', 0.85], ['software_glitch', 0.1], ['backup_failed', 0.05]), ['storage_full']);
    expect(d).toMatchObject({ intent: 'backup_failed', route: 'network_unstable', byCauseOrder: true });
    // Confidence: backup_failed + ruled-out causes + the intent set aside.
    expect(d.confidence).toBeCloseTo(1, 9);
  });

  it('treats none and reply intents next to a ruled-out cause as naming no cause', () => {
    expect(route(ranking(['none', 0.9], ['storage_full', 0.1]), ['network_unstable']).route).toBe('storage_full');
    expect(route(ranking(['deny', 0.9], ['backup_failed', 0.1]), ['storage_full']).route).toBe('network_unstable');
    expect(route(ranking(['none', 0.9]), []).route).toBe('none');
    expect(route(ranking(['deny', 0.9]), []).route).toBe('deny');
  });

  it('uses the intent route mapping', () => {
    expect(route(ranking(['faq_route_alias', 0.9]), []).route).toBe('faq_meaning');
  });

  it('falls back to backup_failed when every cause is ruled out', () => {
    expect(route(ranking(['backup_failed', 1]), CAUSE_ORDER).route).toBe('backup_failed');
  });
});
