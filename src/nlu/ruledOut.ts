/**
 * Ruled-out causes: "backup failed but I have space" rules out storage_full. The patterns live in
 * intents/ruled_out.yaml and are matched case-insensitively on normalised text (see normalize.ts).
 *
 * Negation- and contrast-aware: the text is split into clauses (punctuation, but, and, though, although, however,
 * yet, so, because, even though, since, while, whereas, …). A negatable match (the default) does not count when a
 * blocking cue stands before it in its clause:
 *   - a negation: not, n't, no, never, without, can't/cannot, nor, neither, hardly, barely
 *   - an open question about it: whether, "check/see/know/sure/wonder if", "do I / does it …"
 *   - a yes/no question clause: the clause starts with is/are/do/does/can/… + subject ("is my storage fine?")
 * So "I don't have enough space" is not ruled out, "backup failed but I have space" is.
 */
import type { RuledOutRule } from '../content/ruledOutRule';
import { ENGLISH_GRAMMAR } from './englishGrammar';
import { type Grammar, hasContentIn, normalizeFor } from './grammar';

export interface RuledOutMatch {
  cause: string;
  pattern: string;
  match: string;
  /** Offsets of the match in the normalised text. */
  start: number;
  end: number;
  /** Why the match does not count, when it doesn't. */
  blockedBy?: string;
}

/** A clause: [start, end) including the boundary word that opens it ("but", ","); its own words start at bodyStart. */
interface Clause {
  start: number;
  bodyStart: number;
  end: number;
}

/** The clauses of a normalised text, in order; together they cover the whole text. */
function clauses(normalized: string, grammar: Grammar): Clause[] {
  const cuts: Array<{ start: number; bodyStart: number }> = [{ start: 0, bodyStart: 0 }];
  for (const m of normalized.matchAll(grammar.boundary)) {
    if (m.index === 0 && m[0].length === 0) continue;
    cuts.push({ start: m.index, bodyStart: m.index + m[0].length });
  }
  const out: Clause[] = [];
  cuts.forEach((cut, i) => {
    const end = i + 1 < cuts.length ? cuts[i + 1]!.start : normalized.length;
    let bodyStart = cut.bodyStart;
    while (normalized[bodyStart] === ' ') bodyStart++;
    const reply = grammar.leadingReply.exec(normalized.slice(bodyStart, end));
    if (reply) {
      out.push({ start: cut.start, bodyStart, end: bodyStart + reply[0].length });
      out.push({ start: bodyStart + reply[0].length, bodyStart: bodyStart + reply[0].length, end });
    } else {
      out.push({ start: cut.start, bodyStart, end });
    }
  });
  return out.filter((c) => c.end > c.start || normalized.length === 0);
}

/** Start offsets of the clauses' own words. */
export function clauseStarts(normalized: string, grammar: Grammar = ENGLISH_GRAMMAR): number[] {
  return clauses(normalized, grammar).map((c) => c.bodyStart);
}

/**
 * Removes the ruled-out phrases from a normalised text, together with what only served them: the filler-only rest of
 * their clause ("even though there's [plenty of room]" → nothing) and the connective opening the next clause when
 * their clause is gone entirely ("[plenty of storage] but it keeps asking…" → "it keeps asking…").
 */
export function maskPhrases(normalized: string, spans: ReadonlyArray<{ start: number; end: number }>, grammar: Grammar = ENGLISH_GRAMMAR): string {
  const removed = new Uint8Array(normalized.length);
  for (const m of spans) removed.fill(1, m.start, m.end);
  const parts = clauses(normalized, grammar);
  const hasContentWords = (text: string): boolean => hasContentIn(grammar, text);
  parts.forEach((c, i) => {
    const inside = spans.filter((m) => m.start >= c.start && m.start < c.end);
    if (inside.length === 0) return;
    const left = Math.min(...inside.map((m) => m.start));
    const right = Math.min(c.end, Math.max(...inside.map((m) => m.end)));
    if (!hasContentWords(normalized.slice(c.start, left))) removed.fill(1, c.start, left);
    if (right < c.end && !hasContentWords(normalized.slice(right, c.end))) removed.fill(1, right, c.end);
    const next = parts[i + 1];
    if (next && removed.subarray(c.start, c.end).every((x) => x === 1)) removed.fill(1, next.start, next.bodyStart);
  });
  let out = '';
  for (let i = 0; i < normalized.length; i++) out += removed[i] ? (i > 0 && !removed[i - 1] ? ' ' : '') : normalized[i];
  return out.replace(/\s+/g, ' ').replace(/^[\s,;.:!-]+/, '').trim();
}

/**
 * Why a match at `matchStart` is blocked (the cue found before it in its clause), or undefined. Text covered by other
 * ruled-out matches (`spans`) is ignored: in "it's not storage, it's not wifi" and "no vpn no proxy" the first phrase's
 * "not"/"no" belongs to that phrase, not to the second.
 */
export function blockingCue(
  normalized: string,
  starts: readonly number[],
  matchStart: number,
  spans: ReadonlyArray<{ start: number; end: number }> = [],
  grammar: Grammar = ENGLISH_GRAMMAR,
): string | undefined {
  let clauseStart = 0;
  for (const s of starts) if (s <= matchStart) clauseStart = s;
  let before = normalized.slice(clauseStart, matchStart);
  for (const span of spans) {
    if (span.end <= clauseStart || span.start >= matchStart) continue;
    const from = Math.max(span.start, clauseStart) - clauseStart;
    const to = Math.min(span.end, matchStart) - clauseStart;
    before = before.slice(0, from) + ' '.repeat(to - from) + before.slice(to);
  }
  const negation = grammar.negation.exec(before);
  if (negation) return negation[0];
  const open = grammar.openQuestion.exec(before);
  if (open) return open[0].trim();
  const aux = grammar.auxStart.exec(normalized.slice(clauseStart));
  if (aux && clauseStart + aux[1]!.length <= matchStart) return `${aux[0]} …?`;
  return undefined;
}

export class RuledOutDetector {
  private readonly order: Map<string, number>;
  /**
   * All patterns as one alternation: most messages ("no", "still failing") match none, and one test of this regex
   * is much cheaper than running every pattern (the benchmark profile had `explain` at ~56 µs a turn).
   */
  private readonly anyRule: RegExp | undefined;

  constructor(
    private readonly rules: readonly RuledOutRule[],
    causeOrder: readonly string[],
    /** The language's grammar (default English's). */
    readonly grammar: Grammar = ENGLISH_GRAMMAR,
  ) {
    this.order = new Map(causeOrder.map((c, i) => [c, i]));
    // Patterns are independent (no back-references), so their alternation matches exactly when one of them does.
    this.anyRule = rules.length > 0 ? new RegExp(rules.map((r) => `(?:${r.regex.source})`).join('|'), 'i') : undefined;
  }

  /** Every pattern match in the text, with the cue that blocks it if any (for debugging and tests). */
  explain(text: string): RuledOutMatch[] {
    return this.explainNormalized(normalizeFor(this.grammar, text));
  }

  /** explain() of a text already normalised (analyze() normalises once for both the matching and the masking). */
  private explainNormalized(normalized: string): RuledOutMatch[] {
    if (normalized === '' || !this.anyRule?.test(normalized)) return [];
    const found: Array<{ rule: RuledOutRule; match: string; start: number; end: number }> = [];
    for (const rule of this.rules) {
      rule.regex.lastIndex = 0;
      // Cheap rejection first: most rules do not match at all.
      if (!rule.regex.test(normalized)) continue;
      rule.regex.lastIndex = 0;
      for (const m of normalized.matchAll(rule.regex)) found.push({ rule, match: m[0], start: m.index, end: m.index + m[0].length });
    }
    if (found.length === 0) return [];
    const starts = clauseStarts(normalized, this.grammar);
    return found.map(({ rule, match, start, end }) => {
      const blockedBy = rule.negatable ? blockingCue(normalized, starts, start, found.filter((f) => f.start < start), this.grammar) : undefined;
      return { cause: rule.cause, pattern: rule.pattern, match, start, end, ...(blockedBy ? { blockedBy } : {}) };
    });
  }

  /**
   * Runs the alternation and every pattern once on each sample, so V8 compiles them now (start-up) rather than on
   * the first people's messages: the alternation alone took 1.4-2.8 s on its first test. V8 compiles a pattern
   * separately for one-byte and two-byte strings, so pass one of each (e.g. one with an emoji). Nothing is detected.
   */
  warmUp(samples: readonly string[]): void {
    for (const sample of samples) {
      this.anyRule?.test(sample);
      for (const rule of this.rules) {
        rule.regex.lastIndex = 0;
        rule.regex.test(sample);
        rule.regex.lastIndex = 0;
      }
    }
  }

  /** Cause ids the text says are not the problem, in the article's order. */
  detect(text: string): string[] {
    return this.analyze(text).ruledOut;
  }

  /**
   * The ruled-out causes, and the normalised text with the ruled-out phrases removed (maskPhrases): the classifier
   * ranks what is left, so "plenty of storage but it keeps asking for my password" is classified as "but it keeps asking for my
   * password" and a bare "my wifi is fine" leaves nothing that names a cause.
   */
  analyze(text: string): { ruledOut: string[]; masked: string } {
    const normalized = normalizeFor(this.grammar, text);
    const matches = this.explainNormalized(normalized).filter((m) => !m.blockedBy);
    if (matches.length === 0) return { ruledOut: [], masked: text };
    const found = new Set(matches.map((m) => m.cause));
    const ruledOut = [...found].sort((a, b) => (this.order.get(a) ?? 1e9) - (this.order.get(b) ?? 1e9));
    return { ruledOut, masked: maskPhrases(normalized, matches, this.grammar) };
  }
}
