/** The figures operators see, computed from a hand-countable seed (see seed.ts for the expected numbers). */
import { toCsv, csvField } from '../../src/analytics/csv';
import { formatReport } from '../../src/analytics/formatReport';
import { MemoryAnalyticsStore } from '../../src/analytics/memoryAnalyticsStore';
import { parsePeriod, PeriodError } from '../../src/analytics/period';
import { statusOf, summarize, type Summary } from '../../src/analytics/summarize';
import type { ConversationRecord } from '../../src/analytics/types';
import { DAY, HOUR, MINUTE, NOW, seed } from './seed';

const ABANDON = 30 * MINUTE;
const labels = { storage_full: 'Insufficient iCloud storage', network_unstable: 'Unstable internet connection' };

async function lastSevenDays(): Promise<{ summary: Summary; records: ConversationRecord[] }> {
  const store = new MemoryAnalyticsStore();
  await seed(store);
  const from = NOW - 7 * DAY;
  const records = await store.conversations(from, NOW);
  const todo = await store.lowConfidence(from, NOW, 100);
  return { records, summary: summarize(records, todo, { from, to: NOW, now: NOW, abandonAfterMs: ABANDON, routeLabels: labels }) };
}

function record(fields: Partial<ConversationRecord>): ConversationRecord {
  return {
    channelId: 'c',
    conversationId: 'x',
    startedAt: NOW - HOUR,
    lastActivityAt: NOW - HOUR,
    route: null,
    outcome: null,
    handedOff: false,
    solutions: [],
    messages: 1,
    ...fields,
  };
}

describe('summary of a period', () => {
  test('counts conversations and messages in the period only', async () => {
    const { summary } = await lastSevenDays();
    expect(summary.conversations).toBe(10);
    expect(summary.messages).toBe(21);
    expect(summary.period).toEqual({ from: new Date(NOW - 7 * DAY).toISOString(), to: new Date(NOW).toISOString() });
    expect(summary.abandonAfterMinutes).toBe(30);
  });

  test('statuses and rates: containment = resolved without a person', async () => {
    const { summary } = await lastSevenDays();
    expect(summary.byStatus).toEqual({ resolved: 4, escalated: 1, handed_off: 1, cancelled: 1, abandoned: 2, active: 1 });
    expect(summary.rates).toEqual({ containment: 0.4, escalation: 0.1, handoff: 0.1, abandonment: 0.2 });
  });

  test('per route: conversations, outcomes, and how often each solution fixed it, in walk order', async () => {
    const { summary } = await lastSevenDays();
    expect(summary.routes.map((r) => [r.route, r.label, r.conversations])).toEqual([
      ['storage_full', 'Insufficient iCloud storage', 5],
      ['network_unstable', 'Unstable internet connection', 2],
      ['', 'No troubleshooting walk', 3],
    ]);
    const storage = summary.routes[0]!;
    expect(storage.rates.containment).toBeCloseTo(0.6);
    expect(storage.solutions).toEqual([
      { id: 'check_storage', title: 'Ensure Sufficient iCloud Storage', offered: 5, fixed: 2, notFixed: 3, skipped: 0, noAnswer: 0, fixRate: 0.4 },
      { id: 'check_internet', title: 'Check the Internet Connection', offered: 3, fixed: 1, notFixed: 1, skipped: 0, noAnswer: 1, fixRate: 0.5 },
      { id: 'verify_apple_id', title: 'Verify Apple ID and Password', offered: 1, fixed: 0, notFixed: 1, skipped: 0, noAnswer: 0, fixRate: 0 },
    ]);
    const network = summary.routes[1]!;
    expect(network.byStatus).toMatchObject({ resolved: 1, abandoned: 1 });
    expect(network.solutions).toEqual([
      { id: 'check_internet', title: 'Check the Internet Connection', offered: 2, fixed: 1, notFixed: 0, skipped: 0, noAnswer: 1, fixRate: 1 },
    ]);
    expect(summary.routes[2]!.solutions).toEqual([]);
  });

  test('training to-do list: grouped by text, most frequent first, lowest confidence kept', async () => {
    const { summary } = await lastSevenDays();
    expect(summary.trainingTodo).toEqual([
      { text: 'what is the weather', count: 2, intent: 'none', route: 'none', confidence: 0.62, lastAt: new Date(NOW - DAY).toISOString() },
      { text: 'phone sad cloud', count: 1, intent: 'software_glitch', route: 'software_glitch', confidence: 0.3, lastAt: new Date(NOW - 3 * DAY).toISOString() },
    ]);
  });

  test('timeline: daily buckets over the period, each with its statuses', async () => {
    const { summary } = await lastSevenDays();
    expect(summary.timeline.unit).toBe('day');
    expect(summary.timeline.buckets).toHaveLength(8); // 7 days that do not start at midnight touch 8 calendar days
    expect(summary.timeline.buckets.reduce((n, b) => n + b.conversations, 0)).toBe(10);
    const today = summary.timeline.buckets.at(-1)!;
    expect(today.start).toBe('2025-03-10T00:00:00.000Z');
    expect(today.byStatus).toMatchObject({ abandoned: 2, active: 1 });
  });

  test('hourly timeline for a period of up to two days', () => {
    const summary = summarize([record({ lastActivityAt: NOW - 90 * MINUTE })], [], { from: NOW - DAY, to: NOW, now: NOW, abandonAfterMs: ABANDON });
    expect(summary.timeline.unit).toBe('hour');
    expect(summary.timeline.buckets).toHaveLength(24);
    expect(summary.timeline.buckets.find((b) => b.conversations === 1)!.start).toBe('2025-03-10T10:00:00.000Z');
  });

  test('an empty period has no rates rather than 0%', () => {
    const summary = summarize([], [], { from: NOW - DAY, to: NOW, now: NOW, abandonAfterMs: ABANDON });
    expect(summary.conversations).toBe(0);
    expect(summary.rates).toEqual({ containment: null, escalation: null, handoff: null, abandonment: null });
    expect(summary.routes).toEqual([]);
  });
});

describe('status of one conversation', () => {
  test('abandoned only once idle for the abandon time, and only without an outcome', () => {
    expect(statusOf(record({ lastActivityAt: NOW - 29 * MINUTE }), NOW, ABANDON)).toBe('active');
    expect(statusOf(record({ lastActivityAt: NOW - 30 * MINUTE }), NOW, ABANDON)).toBe('abandoned');
    expect(statusOf(record({ lastActivityAt: NOW - DAY, outcome: 'escalated' }), NOW, ABANDON)).toBe('escalated');
  });

  test('a conversation that reached a person is never counted as contained, whatever happened after', () => {
    expect(statusOf(record({ outcome: 'resolved', handedOff: true }), NOW, ABANDON)).toBe('handed_off');
  });

  test('a solution offered twice in one conversation counts once, with its last answer', () => {
    const again = record({
      route: 'storage_full',
      outcome: 'resolved',
      solutions: [
        { id: 'check_storage', title: 'T', outcome: 'not_fixed' },
        { id: 'check_internet', title: 'U', outcome: 'not_fixed' },
        { id: 'check_storage', title: 'T', outcome: 'fixed' },
      ],
    });
    const summary = summarize([again], [], { from: NOW - DAY, to: NOW, now: NOW, abandonAfterMs: ABANDON });
    expect(summary.routes[0]!.solutions.map((s) => [s.id, s.offered, s.fixed, s.notFixed])).toEqual([
      ['check_storage', 1, 1, 0],
      ['check_internet', 1, 0, 1],
    ]);
  });
});

describe('period', () => {
  test('defaults to the last 7 days; a `to` date includes that whole day', () => {
    expect(parsePeriod({}, NOW)).toEqual({ from: NOW - 7 * DAY, to: NOW });
    expect(parsePeriod({ from: '2025-03-01', to: '2025-03-01' }, NOW)).toEqual({ from: Date.parse('2025-03-01T00:00:00Z'), to: Date.parse('2025-03-02T00:00:00Z') });
    expect(parsePeriod({ from: '2025-03-01T06:00:00Z', to: '2025-03-01T07:00:00Z' }, NOW).to - parsePeriod({ from: '2025-03-01T06:00:00Z', to: '2025-03-01T07:00:00Z' }, NOW).from).toBe(HOUR);
  });

  test.each([
    [{ from: 'yesterday' }, /from must be a date/],
    [{ to: '2025-13-45' }, /to must be a date/],
    [{ from: '2025-03-05', to: '2025-03-01' }, /from must be before to/],
  ])('%j is rejected', (input, message) => {
    expect(() => parsePeriod(input, NOW)).toThrow(PeriodError);
    expect(() => parsePeriod(input, NOW)).toThrow(message);
  });
});

describe('CSV export', () => {
  test('one row per conversation with its status and each solution outcome', async () => {
    const { records } = await lastSevenDays();
    const lines = toCsv(records, NOW, ABANDON).trimEnd().split('\r\n');
    expect(lines[0]).toBe('channel,conversation_id,started_at,last_activity_at,route,status,outcome,handed_off,messages,solutions_offered,solutions_fixed,solution_outcomes,csat_bot,csat_agent,csat_agent_name,csat_comments');
    expect(lines).toHaveLength(11);
    const s4 = lines.find((l) => l.startsWith('webchat,s4,'))!;
    expect(s4.split(',').slice(4)).toEqual(['storage_full', 'escalated', 'escalated', 'false', '4', '3', '0', 'check_storage:not_fixed check_internet:not_fixed verify_apple_id:not_fixed', '', '', '', '']);
    expect(lines.find((l) => l.startsWith('webchat,x2,'))!.split(',')[5]).toBe('active');
  });

  test('fields are quoted when needed and spreadsheet formulas are defused', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });
});

describe('terminal report', () => {
  test('prints the same figures as the dashboard', async () => {
    const { summary } = await lastSevenDays();
    const text = formatReport(summary);
    expect(text).toMatch(/Conversations\s+10\s+\(21 messages\)/);
    expect(text).toMatch(/Containment rate\s+40%/);
    expect(text).toMatch(/Escalation rate\s+10%/);
    expect(text).toMatch(/Hand-off rate\s+10%/);
    expect(text).toMatch(/Abandonment rate\s+20%/);
    expect(text).toContain('Insufficient iCloud storage [storage_full] — 5 conversations');
    expect(text).toMatch(/Ensure Sufficient iCloud Storage\s+5\s+2\s+3\s+0\s+0\s+40%/);
    expect(text).toMatch(/2\s+62%\s+none\s+what is the weather/);
  });
});
