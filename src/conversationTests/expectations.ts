/**
 * Checks one turn's reply against the turn's expectations. Checks that name content (solution, prompt, answered,
 * asksIfFixed) read the wording from dialogs/ (knowledge-base answers from dialogs/knowledge.yaml), so rewording a
 * sentence there does not break the tests.
 */
import type { DialogContent } from '../content/loadContent';
import type { CsatRecord } from '../dialogs/csatDialog';
import type { SessionState } from '../dialogs/session';
import type { KnowledgeBaseContent } from '../knowledge';
import { fill } from '../content/template';
import type { Reply } from './reply';
import { ENDINGS, type Turn } from './schema';

export interface Mismatch {
  /** The expectation key that failed (its line is reported). */
  key: keyof Turn;
  expected: string;
}

/** Lower case, no **bold**, straight quotes, single spaces: how the reply and expectations are compared. */
function normalize(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A prompt template as a pattern: its placeholders match anything. */
function templatePattern(template: string): RegExp {
  const parts = normalize(template).split(/\{[^{}]*\}/);
  return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?'));
}

/** Prompts that mean "I don't know / didn't understand / which one do you mean?". */
const NOT_ANSWERED_PROMPTS = ['unknownQuestion', 'notUnderstood', 'checkUnderstood', 'outOfScope', 'didYouMean'] as const;

/** A prompt of dialogs/prompts.yaml by name, nested ones by dotted name ("csat.askBot"); undefined if not a sentence. */
function promptTemplate(content: DialogContent, name: string): string | undefined {
  let value: unknown = content.prompts;
  for (const part of name.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Every prompt name a test may use: the sentences of prompts.yaml, nested ones dotted (csat.askBot). */
export function promptNames(content: DialogContent): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(content.prompts as unknown as Record<string, unknown>)) {
    if (typeof value === 'string') names.push(key);
    else if (value && typeof value === 'object' && !Array.isArray(value) && key !== 'buttons') {
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') names.push(`${key}.${sub}`);
    }
  }
  return names;
}

/** What else the turn left behind, besides its reply. */
export interface TurnFacts {
  /** The conversation's state after the turn. */
  session: SessionState | undefined;
  /** CSAT ratings recorded in this turn (new ones). */
  rated: CsatRecord[];
  /** CSAT comments recorded in this turn. */
  commented: string[];
}

export class ReplyChecker {
  private readonly headings: { id: string; number: number; heading: string }[];

  constructor(
    private readonly content: DialogContent,
    private readonly knowledge?: KnowledgeBaseContent,
  ) {
    this.headings = content.solutions.map((s) => ({
      id: s.id,
      number: s.number,
      heading: normalize(fill(content.prompts.solutionIntro, { number: s.number, title: s.title })),
    }));
  }

  /** The ids of the solutions whose heading ("Solution 2: Check the Internet Connection") is in the reply. */
  solutionsShown(reply: Reply): string[] {
    const text = normalize(reply.messages.join('\n'));
    return this.headings.filter((h) => text.includes(h.heading)).map((h) => h.id);
  }

  private hasPrompt(text: string, name: string): boolean {
    const template = promptTemplate(this.content, name);
    return template !== undefined && templatePattern(template).test(text);
  }

  /** Every expectation of the turn that the reply (and what the turn left behind) does not meet. */
  check(turn: Turn, reply: Reply, facts: TurnFacts): Mismatch[] {
    const text = normalize(reply.messages.join('\n'));
    const problems: Mismatch[] = [];
    const fail: Fail = (key, expected) => void problems.push({ key, expected });
    this.checkWords(turn, reply, text, fail);
    this.checkButtons(turn, reply, fail);
    this.checkAnswered(turn, reply, text, fail);
    this.checkFlow(turn, reply, text, facts.session, fail);
    checkCsat(turn, facts, fail);
    return problems;
  }

  /** says, doesNotSay, solution, prompt: what the reply's text holds. */
  private checkWords(turn: Turn, reply: Reply, text: string, fail: Fail): void {
    for (const fragment of [turn.says ?? []].flat()) {
      if (!text.includes(normalize(fragment))) fail('says', `the bot says "${fragment}"`);
    }
    for (const fragment of [turn.doesNotSay ?? []].flat()) {
      if (text.includes(normalize(fragment))) fail('doesNotSay', `the bot does not say "${fragment}"`);
    }
    if (turn.solution !== undefined) {
      const shown = this.solutionsShown(reply);
      if (turn.solution === 'none') {
        if (shown.length > 0) fail('solution', 'no solution is shown');
      } else {
        const wanted = this.headings.find((h) => h.id === turn.solution || h.number === turn.solution);
        if (!wanted || !shown.includes(wanted.id)) {
          fail('solution', `solution ${wanted ? `${wanted.number} (${wanted.id})` : String(turn.solution)} is shown`);
        }
      }
    }
    for (const name of [turn.prompt ?? []].flat()) {
      if (!this.hasPrompt(text, name)) fail('prompt', `the bot says prompts.${name}: "${String(promptTemplate(this.content, name))}"`);
    }
  }

  /** buttons, noButtons, card. */
  private checkButtons(turn: Turn, reply: Reply, fail: Fail): void {
    const titles = reply.buttons.map((b) => normalize(b.title));
    for (const button of turn.buttons ?? []) {
      if (!titles.includes(normalize(button))) fail('buttons', `a button [${button}]`);
    }
    for (const button of turn.noButtons ?? []) {
      if (titles.includes(normalize(button))) fail('noButtons', `no button [${button}]`);
    }
    if (turn.card && reply.card !== turn.card) fail('card', `the buttons are drawn as ${turn.card}`);
  }

  /** answered: an answer (or a given knowledge-base entry's), or the bot saying it has none. */
  private checkAnswered(turn: Turn, reply: Reply, text: string, fail: Fail): void {
    if (turn.answered === undefined) return;
    const dontKnow = NOT_ANSWERED_PROMPTS.some((name) => this.hasPrompt(text, name));
    const answered = !dontKnow && reply.messages.length > 0;
    if (typeof turn.answered === 'string') {
      const entry = this.knowledge?.entry(turn.answered);
      if (!entry || !text.includes(normalize(entry.answer))) {
        fail('answered', `the answer of knowledge-base entry ${turn.answered} ("${entry?.title ?? '?'}", dialogs/knowledge.yaml)`);
      }
    } else if (answered !== turn.answered) {
      fail('answered', turn.answered ? 'an answer (not "I don\'t have a reliable answer", "I didn\'t understand" or "Did you mean")' : 'the bot says it has no answer');
    }
  }

  /** asksIfFixed, handoff, skipped, ended: where the conversation went. */
  private checkFlow(turn: Turn, reply: Reply, text: string, session: SessionState | undefined, fail: Fail): void {
    if (turn.asksIfFixed !== undefined && this.hasPrompt(text, 'didItWork') !== turn.asksIfFixed) {
      fail('asksIfFixed', turn.asksIfFixed ? `the bot asks "${this.content.prompts.didItWork}"` : `the bot does not ask "${this.content.prompts.didItWork}"`);
    }
    if (turn.handoff !== undefined && reply.events.includes('handoff.initiate') !== turn.handoff) {
      fail('handoff', turn.handoff ? 'a hand-off to a person starts (handoff.initiate event)' : 'no hand-off starts');
    }
    if (turn.agentSees) checkAgentSees(turn.agentSees, reply, fail);
    if (turn.skipped) {
      const record = session?.solutions.find((s) => s.solutionId === turn.skipped);
      if (record?.outcome !== 'skipped') fail('skipped', `solution ${turn.skipped} is skipped (it is ${record?.outcome ?? 'not in the walk'})`);
    }
    if (turn.ended) {
      const outcome = ENDINGS[turn.ended];
      if (session?.outcome !== outcome) fail('ended', `the conversation ends ${turn.ended} (outcome ${outcome}; it is ${session?.outcome ?? 'still going'})`);
    }
  }
}

type Fail = (key: keyof Turn, expected: string) => void;

/** agentSees: each solution with its outcome, in what the hand-off tells the agent. */
function checkAgentSees(expected: NonNullable<Turn['agentSees']>, reply: Reply, fail: Fail): void {
  const seen = reply.agentSees;
  const missing = Object.entries(expected).filter(([id, outcome]) => !seen?.some((s) => s.solutionId === id && s.outcome === outcome));
  if (missing.length === 0) return;
  const told = seen ? seen.map((s) => `${s.solutionId}: ${s.outcome}`).join(', ') || 'no solutions' : 'no hand-off started';
  fail('agentSees', `the agent is told ${missing.map(([id, outcome]) => `${id}: ${outcome}`).join(', ')} (told: ${told})`);
}

/** rated, commented: the CSAT records this turn left. */
function checkCsat(turn: Turn, facts: TurnFacts, fail: Fail): void {
  if (turn.rated !== undefined) {
    const scores = facts.rated.map((r) => r.score);
    const ok = turn.rated === 'none' ? scores.length === 0 : scores.length === 1 && scores[0] === turn.rated;
    if (!ok) {
      const got = scores.length === 0 ? 'nothing was recorded' : `recorded: ${scores.join(', ')}`;
      fail('rated', turn.rated === 'none' ? `no CSAT rating is recorded (${got})` : `a CSAT rating ${turn.rated === 'up' ? '👍 up' : '👎 down'} is recorded (${got})`);
    }
  }
  if (turn.commented !== undefined && !facts.commented.some((c) => normalize(c).includes(normalize(turn.commented!)))) {
    fail('commented', `a CSAT comment containing "${turn.commented}" is recorded (${facts.commented.length === 0 ? 'none was' : `recorded: "${facts.commented.join('", "')}"`})`);
  }
}
