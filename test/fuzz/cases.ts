/**
 * One fuzz case = a raw HTTP body (bytes) and its headers, built from a seeded generator, in one of several families:
 * valid-looking activities with odd text, wrong field types, missing fields, random JSON, unknown types, invalid
 * UTF-8, broken JSON, huge strings, deep nesting, prototype-pollution keys, odd content types.
 */
import { ACTIVITY_TYPES, Fuzz } from './generators';

export interface FuzzCase {
  family: string;
  body: Buffer;
  contentType: string | undefined;
}

export interface CaseContext {
  /** Where replies go for activities that are not expectReplies (a loopback sink that accepts anything). */
  sinkUrl: string;
  /** A conversation in the middle of a walk: fuzz cases may name it only with a shape that must be refused. */
  protectedConversationId: string;
  /** Conversation ids shared by many cases, so some state is built up, raced on and rate limited. */
  sharedConversationIds: readonly string[];
}

function baseActivity(fuzz: Fuzz, ctx: CaseContext): Record<string, unknown> {
  const expectReplies = fuzz.chance(0.85);
  const shared = fuzz.chance(0.15);
  return {
    type: 'message',
    id: randomUUIDFrom(fuzz),
    channelId: shared ? 'emulator' : fuzz.pick(['emulator', 'msteams', 'webchat', 'directline', 'test', 'slack']),
    serviceUrl: expectReplies && fuzz.chance(0.3) ? undefined : ctx.sinkUrl,
    ...(expectReplies ? { deliveryMode: 'expectReplies' } : {}),
    conversation: { id: shared ? fuzz.pick(ctx.sharedConversationIds) : `fuzz-${randomUUIDFrom(fuzz)}` },
    from: { id: `user-${fuzz.int(1, 50)}`, name: fuzz.chance(0.5) ? fuzz.text() : undefined },
    recipient: { id: 'bot', name: 'Bot' },
    text: fuzz.text(),
    locale: fuzz.pick(['en-US', 'ar-SA', 'he-IL', 'zh-CN', 'xx', '', undefined]),
  };
}

/** A uuid-shaped id from the seeded generator (crypto.randomUUID would not be reproducible). */
function randomUUIDFrom(fuzz: Fuzz): string {
  const hex = (n: number) => Array.from({ length: n }, () => fuzz.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value) ?? 'undefined');

type Family = (fuzz: Fuzz, ctx: CaseContext) => FuzzCase;

const families: Record<string, { weight: number; make: Family }> = {
  validWithOddText: {
    weight: 30,
    make: (fuzz, ctx) => ({ family: 'validWithOddText', body: json(baseActivity(fuzz, ctx)), contentType: 'application/json' }),
  },
  conversationUpdate: {
    weight: 5,
    make: (fuzz, ctx) => {
      const activity = baseActivity(fuzz, ctx);
      activity.type = 'conversationUpdate';
      delete activity.text;
      activity.membersAdded = Array.from({ length: fuzz.int(0, 4) }, () => ({ id: fuzz.chance(0.5) ? 'bot' : `user-${fuzz.int(1, 9)}`, name: fuzz.text() }));
      return { family: 'conversationUpdate', body: json(activity), contentType: 'application/json' };
    },
  },
  wrongTypes: {
    weight: 15,
    make: (fuzz, ctx) => {
      const activity = baseActivity(fuzz, ctx);
      for (let i = fuzz.int(1, 3); i > 0; i--) {
        const field = fuzz.pick(['type', 'text', 'id', 'channelId', 'serviceUrl', 'deliveryMode', 'conversation', 'from', 'recipient', 'entities', 'attachments', 'membersAdded', 'channelData', 'value', 'name', 'locale', 'timestamp', 'replyToId']);
        activity[field] = fuzz.json(2);
      }
      return { family: 'wrongTypes', body: json(activity), contentType: 'application/json' };
    },
  },
  missingFields: {
    weight: 10,
    make: (fuzz, ctx) => {
      const activity = baseActivity(fuzz, ctx);
      for (let i = fuzz.int(1, 3); i > 0; i--) delete activity[fuzz.pick(['type', 'conversation', 'from', 'recipient', 'channelId', 'serviceUrl', 'text', 'deliveryMode'])];
      return { family: 'missingFields', body: json(activity), contentType: 'application/json' };
    },
  },
  protectedConversation: {
    // Names the conversation in the middle of a walk, but always with a shape that must be refused (400).
    weight: 4,
    make: (fuzz, ctx) => {
      const activity = baseActivity(fuzz, ctx);
      activity.conversation = { id: ctx.protectedConversationId };
      activity.channelId = 'emulator';
      const breakIt = fuzz.pick<(a: Record<string, unknown>) => void>([
        (a) => delete a.from,
        (a) => (a.text = fuzz.pick([42, { text: 'no' }, ['no'], true])),
        (a) => (a.entities = fuzz.pick(['x', [null], [{}], [{ type: 'mention' }]])),
        (a) => (a.recipient = fuzz.pick([null, 'bot', 7])),
        (a) => (a.membersAdded = 'all'),
      ]);
      breakIt(activity);
      return { family: 'protectedConversation', body: json(activity), contentType: 'application/json' };
    },
  },
  randomJson: {
    weight: 8,
    make: (fuzz) => ({ family: 'randomJson', body: json(fuzz.json(5)), contentType: 'application/json' }),
  },
  unknownTypes: {
    weight: 8,
    make: (fuzz, ctx) => {
      const activity = baseActivity(fuzz, ctx);
      activity.type = fuzz.pick(ACTIVITY_TYPES);
      if (fuzz.chance(0.5)) activity.name = fuzz.pick(['unknown/thing', 'handoff.initiate', 'signin/verifyState', 'composeExtension/query', fuzz.text()]);
      if (fuzz.chance(0.5)) activity.value = fuzz.json(3);
      return { family: 'unknownTypes', body: json(activity), contentType: 'application/json' };
    },
  },
  invalidUtf8: {
    weight: 5,
    make: (fuzz, ctx) => {
      const text = JSON.stringify(baseActivity(fuzz, ctx));
      const at = text.indexOf('"text":"') + 8;
      const garbage = Buffer.from(fuzz.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0xbc], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xfe, 0xff, 0x00]]));
      const body = at > 8 ? Buffer.concat([Buffer.from(text.slice(0, at)), garbage, Buffer.from(text.slice(at))]) : Buffer.concat([garbage, Buffer.from(text)]);
      return { family: 'invalidUtf8', body, contentType: 'application/json' };
    },
  },
  brokenJson: {
    weight: 6,
    make: (fuzz, ctx) => {
      const text = JSON.stringify(baseActivity(fuzz, ctx));
      const broken = fuzz.pick([
        () => text.slice(0, fuzz.int(0, text.length - 1)),
        () => text.replace(/"/g, "'"),
        () => `${text},`,
        () => text.replace(':', '::'),
        () => `${text}${text}`,
        () => '\uFEFF' + text,
        () => text.replace('{', '{"a":undefined,'),
        () => text.replace('"type"', 'type'),
      ])();
      return { family: 'brokenJson', body: Buffer.from(broken), contentType: 'application/json' };
    },
  },
  hugeStrings: {
    weight: 3,
    make: (fuzz, ctx) => {
      const activity = baseActivity(fuzz, ctx);
      const size = fuzz.pick([2_001, 10_000, 100 * 1024, 200 * 1024, 300 * 1024]);
      const field = fuzz.pick(['text', 'text', 'name', 'locale', 'id', 'channelId']);
      activity[field] = fuzz.pick(['x', '😀', 'ש', '\u0301']).repeat(size);
      if (fuzz.chance(0.3)) activity.conversation = { id: 'c'.repeat(size) };
      return { family: 'hugeStrings', body: json(activity), contentType: 'application/json' };
    },
  },
  deepNesting: {
    weight: 3,
    make: (fuzz, ctx) => {
      const depth = fuzz.pick([100, 1_000, 10_000, 100_000]);
      if (fuzz.chance(0.5)) return { family: 'deepNesting', body: Buffer.from('['.repeat(depth) + ']'.repeat(depth)), contentType: 'application/json' };
      const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const text = JSON.stringify(baseActivity(fuzz, ctx));
      const field = fuzz.pick(['value', 'channelData', 'text', 'conversation']);
      return { family: 'deepNesting', body: Buffer.from(`${text.slice(0, -1)},"${field}":${nested}}`), contentType: 'application/json' };
    },
  },
  prototypePollution: {
    weight: 2,
    make: (fuzz, ctx) => {
      const text = JSON.stringify(baseActivity(fuzz, ctx));
      const payload = fuzz.pick([
        '"__proto__":{"polluted":"yes","isAdmin":true}',
        '"constructor":{"prototype":{"polluted":"yes"}}',
        '"conversation":{"id":"x","__proto__":{"polluted":"yes"}}',
        '"channelData":{"__proto__":{"polluted":"yes"}}',
      ]);
      return { family: 'prototypePollution', body: Buffer.from(`${text.slice(0, -1)},${payload}}`), contentType: 'application/json' };
    },
  },
  oddContentType: {
    weight: 1,
    make: (fuzz, ctx) => ({
      family: 'oddContentType',
      body: json(baseActivity(fuzz, ctx)),
      contentType: fuzz.pick([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/vnd.api+json', 'multipart/form-data; boundary=x', '']),
    }),
  },
};

/** The next fuzz case, families chosen by weight. */
export function nextCase(fuzz: Fuzz, ctx: CaseContext): FuzzCase {
  const entries = Object.values(families);
  const total = entries.reduce((sum, f) => sum + f.weight, 0);
  let roll = fuzz.random() * total;
  for (const family of entries) {
    roll -= family.weight;
    if (roll < 0) return family.make(fuzz, ctx);
  }
  return entries[0]!.make(fuzz, ctx);
}

export const FAMILY_NAMES = Object.keys(families);
