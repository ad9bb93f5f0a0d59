/**
 * Checks one turn's reply against the turn's expectations. Checks that name content (solution, prompt, answers,
 * asksIfFixed) read the wording from dialogs/, so rewording a sentence there does not break the tests.
 */
import type { DialogContent } from '../content/loadContent';
import type { SessionState } from '../dialogs/session';
import { fill } from '../content/template';
import type { Reply } from './reply';
import { ENDINGS, type Turn } from './schema';

export interface Mismatch {
  /** The expectation key that failed (its line is reported). */
  key: keyof Turn;
  expected: string;
}

/** Lower case, no **bold**, straight quotes, single spaces: how the reply and expectations are compared. */
export function normalize(text: string): string {
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

/** Prompts that mean "I don't know / didn't understand". */
const NOT_ANSWERED_PROMPTS = ['unknownQuestion', 'notUnderstood', 'outOfScope'] as const;

export class ReplyChecker {
  private readonly headings: { id: string; number: number; heading: string }[];

  constructor(private readonly content: DialogContent) {
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
    const template = (this.content.prompts as unknown as Record<string, unknown>)[name];
    return typeof template === 'string' && templatePattern(template).test(text);
  }

  /** Every expectation of the turn that the reply does not meet. `session` is the conversation's state after the turn. */
  check(turn: Turn, reply: Reply, session: SessionState | undefined): Mismatch[] {
    const text = normalize(reply.messages.join('\n'));
    const problems: Mismatch[] = [];
    const fail = (key: keyof Turn, expected: string): void => void problems.push({ key, expected });

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
    const titles = reply.buttons.map((b) => normalize(b.title));
    for (const button of turn.buttons ?? []) {
      if (!titles.includes(normalize(button))) fail('buttons', `a button [${button}]`);
    }
    for (const button of turn.noButtons ?? []) {
      if (titles.includes(normalize(button))) fail('noButtons', `no button [${button}]`);
    }
    if (turn.card && reply.card !== turn.card) fail('card', `the buttons are drawn as ${turn.card}`);
    for (const name of [turn.prompt ?? []].flat()) {
      if (!this.hasPrompt(text, name)) fail('prompt', `the bot says prompts.${name}: "${String((this.content.prompts as unknown as Record<string, unknown>)[name])}"`);
    }
    if (turn.answers) {
      const answer = this.content.answerFor(turn.answers);
      const variants = answer ? [answer.answer, ...Object.values(answer.perSolution ?? {})] : [];
      if (!variants.some((v) => text.includes(normalize(v)))) fail('answers', `the answer to "${answer?.question ?? turn.answers}" (dialogs/answers.yaml, intent ${turn.answers})`);
    }
    if (turn.answered !== undefined) {
      const dontKnow = NOT_ANSWERED_PROMPTS.some((name) => this.hasPrompt(text, name));
      const answered = !dontKnow && reply.messages.length > 0;
      if (answered !== turn.answered) {
        fail('answered', turn.answered ? 'an answer (not "I\'m not sure" or "I didn\'t understand")' : 'the bot says it has no answer');
      }
    }
    if (turn.asksIfFixed !== undefined && this.hasPrompt(text, 'didItWork') !== turn.asksIfFixed) {
      fail('asksIfFixed', turn.asksIfFixed ? `the bot asks "${this.content.prompts.didItWork}"` : `the bot does not ask "${this.content.prompts.didItWork}"`);
    }
    if (turn.handoff !== undefined && reply.events.includes('handoff.initiate') !== turn.handoff) {
      fail('handoff', turn.handoff ? 'a hand-off to a person starts (handoff.initiate event)' : 'no hand-off starts');
    }
    if (turn.skipped) {
      const record = session?.solutions.find((s) => s.solutionId === turn.skipped);
      if (record?.outcome !== 'skipped') fail('skipped', `solution ${turn.skipped} is skipped (it is ${record?.outcome ?? 'not in the walk'})`);
    }
    if (turn.ended) {
      const outcome = ENDINGS[turn.ended];
      if (session?.outcome !== outcome) fail('ended', `the conversation ends ${turn.ended} (outcome ${outcome}; it is ${session?.outcome ?? 'still going'})`);
    }
    return problems;
  }
}
