/**
 * The reading of a sure dialog act (the act classifier's, TurnUnderstanding.act): what each act does at a step, and
 * replies of two acts or more, each done in the order said.
 */
import type { DialogAct } from '../content/loadActs';
import type { ActPart } from '../nlu/dialogActs';
import type { QuestionKind } from '../nlu/isQuestion';
import type { InterpretContext, Interpretation } from './interpretation';
import type { RuleReader } from './ruleReading';
import type { TurnUnderstanding } from './turnUnderstanding';

/** Acts that answer "did it work?" (or say what happened instead). */
const ANSWER_ACTS: readonly DialogAct[] = ['fixed', 'not_fixed', 'doing_it', 'already_tried', 'new_symptom_or_cause'];
/**
 * Below this probability of "question" (the act classifier's) a reply that starts like a question is not one
 * ("did that last night already"). Never for fixed / not_fixed: a question is never read as yes or no.
 */
const NOT_A_QUESTION = 0.02;

export class ActInterpreter {
  constructor(private readonly rules: RuleReader) {}

  /** The reading of a sure dialog act (two acts or more: each done, in the order said). */
  fromActs(u: TurnUnderstanding, ctx: InterpretContext): Interpretation | undefined {
    const parts = u.act!.parts;
    if (parts.length < 2) return this.ofAct(parts[0]!, u, ctx, u.questionKind);
    const q = parts.findIndex(asks);
    const others = parts.filter((p) => !asks(p));
    if (q < 0) return this.ofAnswers(others, u, ctx, u.questionKind);
    if (others.length === 0) return { kind: 'question' };
    const answer = this.ofAnswers(others, u, ctx, 'none');
    const answers = answer.kind === 'command' || answer.kind === 'acknowledgement' || answer.kind === 'alreadyTried' || answer.kind === 'newCause';
    const question = parts.filter(asks).map((p) => p.text).join(' ');
    return answers ? { kind: 'both', answer, question, questionFirst: q < parts.indexOf(others[0]!) } : { kind: 'question' };
  }

  /**
   * Several answer-like acts in order. "no, and now it asks for my password": "that didn't fix it", then the new cause
   * (newCause with afterNotFixed); otherwise the later answer is what stands now ("nope. it just stops" is a no).
   */
  private ofAnswers(parts: readonly ActPart[], u: TurnUnderstanding, ctx: InterpretContext, kind: QuestionKind): Interpretation {
    if (parts.length === 1) return this.ofAct(parts[0]!, u, ctx, kind);
    const readings = parts.map((p) => ({ act: p.act, reading: this.ofAct(p, u, ctx, kind) }));
    const failed = (r: Interpretation): boolean => (r.kind === 'command' && r.command === 'deny') || r.kind === 'alreadyTried';
    const cause = readings.findIndex((r) => r.reading.kind === 'newCause');
    if (cause > 0 && readings.slice(0, cause).some((r) => failed(r.reading))) {
      return { ...(readings[cause]!.reading as Extract<Interpretation, { kind: 'newCause' }>), afterNotFixed: true };
    }
    const answering = readings.filter((r) => ANSWER_ACTS.includes(r.act));
    return (answering[answering.length - 1] ?? readings[readings.length - 1]!).reading;
  }

  /**
   * One act's meaning. A question is never an answer: a reply that starts as a question ("hw can i check…",
   * "is the next one going to delete stuff") is a question whatever act the classifier leans to, unless it asks
   * for a person, to stop, to skip, or says it cannot find something.
   */
  private ofAct(part: ActPart, u: TurnUnderstanding, ctx: InterpretContext, kind: QuestionKind): Interpretation {
    const act = part.act;
    if (kind === 'asks' && phrasedAsQuestion(part)) return { kind: 'question' };
    switch (act) {
      case 'fixed':
        return { kind: 'command', command: 'affirm' };
      case 'not_fixed':
        return kind === 'tag' ? { kind: 'question' } : { kind: 'command', command: 'deny' };
      case 'doing_it':
        return { kind: 'acknowledgement' };
      case 'already_tried':
        return { kind: 'alreadyTried' };
      case 'skip':
        return { kind: 'command', command: 'skip' };
      case 'cant_do':
        return { kind: 'cantDo' };
      case 'question':
        return { kind: 'question' };
      case 'new_symptom_or_cause':
        return this.rules.complaint(u.nlu, ctx) ?? (u.nlu.ruledOut.length > 0 ? { kind: 'ruledOut' } : { kind: 'command', command: 'deny' });
      case 'correction':
        return this.correction(part, u, ctx, kind);
      case 'human':
        return this.rules.asksAboutApple(u.text) ? { kind: 'question' } : { kind: 'command', command: 'human_agent' };
      case 'small_talk':
        return { kind: 'smallTalk' };
      case 'off_topic':
        return { kind: 'offTopic' };
      case 'cancel':
        // Handled as a global command before the dialog (globalCommand); here only when that did not apply.
        return this.rules.read(u.text, u.nlu, ctx, kind);
    }
  }

  /**
   * "oops meant yes", "accidentally hit no", "wait it failed after all": the person takes back their last answer, so the
   * walk goes back to it (and asks again) — whatever yes or no word the correction holds ("hit no" is not a no). A
   * correction that says it worked now (the act reader's saysNow) is a yes; one that names a new cause offers it.
   */
  private correction(part: ActPart, u: TurnUnderstanding, ctx: InterpretContext, kind: QuestionKind): Interpretation {
    if (part.saysNow === 'fixed') return { kind: 'command', command: 'affirm' };
    const reading = this.rules.read(u.text, u.nlu, ctx, kind);
    return reading.kind === 'newCause' ? reading : { kind: 'command', command: 'go_back' };
  }
}

/**
 * An answer-like act phrased as a question is a question, unless the classifier all but rules that out ("did that
 * last night already") — never for fixed / not_fixed: a question is never read as yes or no.
 */
function phrasedAsQuestion(part: ActPart): boolean {
  const surelyNot = part.question < NOT_A_QUESTION && part.act !== 'fixed' && part.act !== 'not_fixed';
  return [...ANSWER_ACTS, 'small_talk', 'correction'].includes(part.act) && !surelyNot;
}

/** A part of a reply of several acts that asks something: a question act, or an answer act phrased as a question. */
function asks(part: ActPart): boolean {
  return part.act === 'question' || part.act === 'cant_do' || (part.questionKind === 'asks' && phrasedAsQuestion(part));
}
