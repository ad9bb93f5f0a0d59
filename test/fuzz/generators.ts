/**
 * Deterministic generators of random and malformed requests for POST /api/messages (seeded PRNG: the same seed
 * always gives the same cases, so a failure can be replayed with FUZZ_SEED).
 */


export class Fuzz {
  constructor(readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Text people (and attackers) might type, in many scripts and shapes. */
  text(): string {
    const samples = [
      'my iCloud backup failed',
      'backup failed but I have space',
      'no',
      'yes',
      'skip',
      'go back',
      'talk to a person',
      'وقد فشل النسخ الاحتياطي على iCloud', // Arabic (RTL)
      'הגיבוי ל-iCloud נכשל', // Hebrew (RTL)
      '\u202Eevil\u202C reversed text',
      'iCloud 备份失败了，存储空间够用',
      'バックアップに失敗しました',
      'Резервное копирование не удалось',
      '😀😃😄😁😆😅🤣😂 📱☁️💾 👨‍👩‍👧‍👦 🏳️‍🌈',
      'e\u0301\u0301\u0301\u0301 Z\u0351\u0352\u0353\u0354a\u0355\u0356lgo',
      '\u200B\u200C\u200D\uFEFF',
      '\u0000\u0001\u0007\u001b[31mred\u001b[0m',
      "'; DROP TABLE bot_state; --",
      '<script>alert(1)</script><img src=x onerror=alert(1)>',
      '{{ prompts.welcome }} {number} {title} ${process.env}',
      '../../../../etc/passwd',
      '%s%s%s%n%x',
      'my password is Hunter2!xyz',
      '\uD800 lone high surrogate',
      '\uDFFF lone low surrogate',
      '   ',
      '',
      'A'.repeat(2001),
    ];
    const base = this.pick(samples);
    if (this.chance(0.1)) return base.repeat(this.int(2, 200));
    if (this.chance(0.1)) return this.randomUnicode(this.int(1, 300));
    return base;
  }

  randomUnicode(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      const plane = this.random();
      const code = plane < 0.5 ? this.int(0x20, 0x7e) : plane < 0.8 ? this.int(0xa0, 0xd7ff) : plane < 0.9 ? this.int(0xe000, 0xfffd) : this.int(0x10000, 0x10ffff);
      out += String.fromCodePoint(code);
    }
    return out;
  }

  /** Any JSON value, nested up to `depth`. */
  json(depth = 4): unknown {
    const kind = this.int(0, depth > 0 ? 8 : 5);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 42]);
      case 3:
        return this.text();
      case 4:
        return this.randomUnicode(this.int(0, 20));
      case 5:
        return '';
      case 6:
      case 7:
        return Array.from({ length: this.int(0, 5) }, () => this.json(depth - 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = this.int(0, 5); i > 0; i--) object[this.pick(FIELD_NAMES)] = this.json(depth - 1);
        return object;
      }
    }
  }
}

const FIELD_NAMES = [
  'type', 'text', 'id', 'channelId', 'serviceUrl', 'deliveryMode', 'conversation', 'from', 'recipient', 'entities',
  'attachments', 'membersAdded', 'membersRemoved', 'channelData', 'value', 'name', 'locale', 'replyToId', 'timestamp',
  'localTimestamp', 'expiration', 'action', 'textFormat', 'suggestedActions', 'inputHint', '__proto__', 'constructor',
  'prototype', 'toString', 'hasOwnProperty', '\u0000', '',
];

export const ACTIVITY_TYPES = [
  'message', 'conversationUpdate', 'typing', 'endOfConversation', 'event', 'invoke', 'installationUpdate',
  'messageReaction', 'messageUpdate', 'messageDelete', 'contactRelationUpdate', 'deleteUserData', 'suggestion',
  'trace', 'handoff', 'command', 'commandResult', 'MESSAGE', 'unknownType', 'x'.repeat(300), '💬',
];
