/**
 * The agent console shows the person's language on each hand-off ("ES · Spanish"), from the hand-off record's
 * `language`, read defensively: a record without one (older records, a hub) or with something that is not a
 * language code is English.
 */
import type { DialogContent } from '../../src/content/loadContent';
import { ConsoleView, languageOf } from '../../src/handoff/consoleView';
import type { HandoffRequest } from '../../src/handoff/types';

const NOW = Date.parse('2026-12-07T00:10:00Z');

function request(extra: Record<string, unknown> = {}, context: Record<string, unknown> = {}): HandoffRequest {
  return {
    id: 'r1',
    conversationKey: 'directline/c1',
    state: 'waiting',
    reference: {},
    instanceId: 'i1',
    context: { reason: 'asked for a person', ruledOut: [], solutionsTried: [], startedAt: '2026-12-07T00:00:00Z', channelId: 'directline', ...context },
    transcript: [],
    messages: [],
    requestedAt: '2026-12-07T00:09:00Z',
    ...extra,
  } as HandoffRequest;
}

const view = new ConsoleView({ cause: () => undefined } as unknown as DialogContent);

describe('the person\'s language in the agent console', () => {
  it.each([
    ['es', { code: 'es', name: 'Spanish' }],
    ['fr', { code: 'fr', name: 'French' }],
    ['de', { code: 'de', name: 'German' }],
    ['en', { code: 'en', name: 'English' }],
    ['DE', { code: 'de', name: 'German' }],
    ['pt', { code: 'pt', name: 'Portuguese' }],
  ])('a hand-off in %s shows %j, in the queue and in the conversation', (language, expected) => {
    expect(view.summary(request({ language }), 'agent', NOW).language).toEqual(expected);
    expect(view.detail(request({ language }), 'agent', NOW).language).toEqual(expected);
  });

  it.each([
    ['absent', {}],
    ['null', { language: null }],
    ['a number', { language: 7 }],
    ['markup', { language: '<b>es</b>' }],
    ['a whole sentence', { language: 'Spanish please' }],
    ['empty', { language: '' }],
  ])('a hand-off whose language is %s is English', (_label, extra) => {
    expect(languageOf(request(extra))).toEqual({ code: 'en', name: 'English' });
  });

  it('takes the language from the hand-off context when the record keeps it there', () => {
    expect(languageOf(request({}, { language: 'es' }))).toEqual({ code: 'es', name: 'Spanish' });
    expect(languageOf(request({ language: 'fr' }, { language: 'es' }))).toEqual({ code: 'fr', name: 'French' });
  });
});
