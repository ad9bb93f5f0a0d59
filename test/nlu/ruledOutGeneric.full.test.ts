/**
 * A generic complaint with a ruled-out cause starts at the first cause not ruled out, whatever generic words it also
 * has; storage questions and a backup that never finishes because iCloud is full are storage_full; a confident none
 * with something left to say stays none even when a phrase rules a cause out.
 */
import type { Recognizer } from '../../src/nlu/types';
import { decideRoute } from '../../src/nlu/routing';
import { knowledge } from '../helpers/botHarness';

describe('generic complaints with a ruled-out cause (trained model)', () => {
  let recognizer: Recognizer;
  beforeAll(async () => {
    recognizer = (await knowledge()).recognizer;
  });

  it.each([
    'lots of free storage and the backup still fails',
    'plenty of space in icloud but it still won\'t back up',
    'storage isn\'t the problem, the backup just doesn\'t work',
    'i have 150 gb free and it fails with an error every time',
    'loads of room in icloud and it still says the backup failed, every single time',
  ])('"%s" → network_unstable (storage ruled out)', (text) => {
    const r = recognizer.recognize(text);
    expect(r.ruledOut).toEqual(['storage_full']);
    expect(r.route).toBe('network_unstable');
  });

  it.each([
    'will buying more icloud storage fix my backup?',
    'my backup never finishes because my icloud is full',
    'should i upgrade to 50gb so the backup works',
  ])('"%s" → storage_full', (text) => {
    expect(recognizer.recognize(text).route).toBe('storage_full');
  });
});

describe('decideRoute: a confident none with content stays none', () => {
  const routes = new Map<string, string>();
  const causeOrder = ['storage_full', 'network_unstable'];
  const ranking = [
    { intent: 'none', confidence: 0.8 },
    { intent: 'network_unstable', confidence: 0.2 },
  ];
  it('stays none when the rest of the message says something', () => {
    expect(decideRoute({ ranking, ruledOut: ['storage_full'], causeOrder, routes, floor: 0.1, restHasContent: true }).route).toBe('none');
  });
  it('falls back to the first cause not ruled out when nothing else is said', () => {
    expect(decideRoute({ ranking, ruledOut: ['storage_full'], causeOrder, routes, floor: 0.1, restHasContent: false }).route).toBe('network_unstable');
  });
  it('falls back when none is unsure', () => {
    const unsure = [
      { intent: 'none', confidence: 0.4 },
      { intent: 'network_unstable', confidence: 0.35 },
    ];
    expect(decideRoute({ ranking: unsure, ruledOut: ['storage_full'], causeOrder, routes, floor: 0.5, restHasContent: true }).route).toBe('network_unstable');
  });
});
