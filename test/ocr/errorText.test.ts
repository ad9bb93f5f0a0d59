import { candidatesOf, ErrorTextFinder } from '../../src/channels/images/errorText';
import type { NluResult, Recognizer } from '../../src/nlu/types';

/** A recognizer that knows a few texts; anything else is route none. */
function stubRecognizer(known: Record<string, [string, number]>): Recognizer {
  return {
    recognize(text: string): NluResult {
      const [route, confidence] = known[text] ?? ['none', 0.9];
      return { intent: route, route, confidence, ruledOut: [], alternatives: [] } as unknown as NluResult;
    },
  };
}

const options = {
  isTroubleshooting: (route: string) => route !== 'none',
  isGeneric: (route: string) => route === 'backup_failed',
  minConfidence: 0.45,
  maxLength: 2000,
};

describe('ErrorTextFinder', () => {
  test('candidates: sentence-like paragraphs, their sentences, a title with its message; no short labels', () => {
    const candidates = candidatesOf(['Settings', 'Not Enough Storage', 'This iPhone cannot be backed up. You can manage your storage in Settings.', 'Close']);
    expect(candidates).toContain('Not Enough Storage. This iPhone cannot be backed up. You can manage your storage in Settings.');
    expect(candidates).toContain('You can manage your storage in Settings.');
    expect(candidates).not.toContain('Settings');
    expect(candidates).not.toContain('Close');
  });

  test('the surest troubleshooting reading wins, and the longest as good one is quoted', () => {
    const finder = new ErrorTextFinder(
      stubRecognizer({
        'This iPhone cannot be backed up because there is not enough iCloud storage available.': ['storage_full', 0.99],
        'Not Enough Storage. This iPhone cannot be backed up because there is not enough iCloud storage available.': ['storage_full', 0.97],
        'Automatically back up your iPhone when connected to Wi-Fi.': ['network_unstable', 0.6],
      }),
      options,
    );
    const found = finder.find(['Automatically back up your iPhone when connected to Wi-Fi.', 'Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.']);
    expect(found).toMatchObject({ route: 'storage_full', text: 'Not Enough Storage. This iPhone cannot be backed up because there is not enough iCloud storage available.' });
  });

  test('a generic reading gives way to a cause named within the same words', () => {
    const finder = new ErrorTextFinder(
      stubRecognizer({
        'Backup Failed. The last backup could not be completed because the network connection was lost.': ['backup_failed', 0.95],
        'The last backup could not be completed because the network connection was lost.': ['network_unstable', 0.63],
      }),
      options,
    );
    expect(finder.find(['Backup Failed', 'The last backup could not be completed because the network connection was lost.'])?.route).toBe('network_unstable');
  });

  test('nothing about backup, or not sure enough: undefined', () => {
    const finder = new ErrorTextFinder(stubRecognizer({ 'Chill Mix is updated every Friday for you': ['ios_outdated', 0.3] }), options);
    expect(finder.find(['Chill Mix is updated every Friday for you', 'Mum: dinner at 7? bring the salad'])).toBeUndefined();
    expect(finder.find([])).toBeUndefined();
  });

  test('a reading split between two causes reports the route the bot opens (openedRoute), not the raw top intent', () => {
    const text = 'Connect to a Wi-Fi network to back up this iPhone.';
    const recognizer: Recognizer = {
      recognize: (t: string) =>
        ({
          intent: t === text ? 'network_settings' : 'none',
          route: t === text ? 'network_settings' : 'none',
          confidence: 0.52,
          ruledOut: [],
          alternatives: t === text ? [{ intent: 'network_unstable', confidence: 0.45 }] : [],
        }) as unknown as NluResult,
    };
    const paragraphs = ['iCloud Backup', text];
    expect(new ErrorTextFinder(recognizer, options).find(paragraphs)?.route).toBe('network_settings');
    const opened = new ErrorTextFinder(recognizer, { ...options, openedRoute: (nlu) => (nlu.alternatives[0]?.intent ?? nlu.route) });
    expect(opened.find(paragraphs)).toEqual({ text, route: 'network_unstable', confidence: 0.52 });
  });
});
