/**
 * Dialog acts: what a reply does while the bot waits at a solution step (fixed, not_fixed, doing_it, question, …;
 * the list is DIALOG_ACTS in content/loadActs.ts). A softmax classifier trained with the intent machinery
 * (features.ts, softmaxRegression.ts, temperature calibration, trainer.ts) on intents/acts/train, persisted like the
 * intent model (models/act-model.json), with:
 *   - emoji as words: every pictographic character becomes a token ("👍🏻" → "emoji1f44d", skin tone and variation
 *     selector dropped), so 👍 / 👎 / 🙏 / ✅ are learned from the data like any word;
 *   - a confidence threshold: below it the act is `unknown` (the dialogs' honest "didn't understand");
 *   - replies of two acts ("yes it worked, but how do I stop it happening again?"): the reply is cut into sentences and
 *     "but / and now / though" clauses; when at least two parts are each confidently a different act (small talk
 *     parts such as "ok" or "thanks" aside), the reading is that sequence, in order.
 */
import { dirname, join } from 'node:path';
import { type ActData, actsAsIntentData, type DialogAct, isDialogAct, loadActs } from '../content/loadActs';
import { trainingHash } from '../content/loadIntents';
import { silentLog, type Log } from '../logging/log';
import { loadModel, saveModel } from './modelStore';
import { emojiAsWords } from '../text/emoji';
import type { IntentModel } from './intentModel';
import type { QuestionKind } from './isQuestion';
export { emojiAsWords } from '../text/emoji';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig, trainModel } from './trainer';
import { ENGLISH_GRAMMAR } from './englishGrammar';
import { type Grammar, normalizeFor, SHORT_FIRST_CLAUSE } from './grammar';
import { runOnSplit } from './actSegmentation';

/** Confidence at which a part of a correction, read alone, says that it worked or that it didn't (saysNow). */
const SAYS_NOW = 0.8;

/** Confidence at which a request to leave the walk after a short answer is read as one (answerThenLeaving). */
const SURE_LEAVING = 0.8;

/** Default confidence below which a reply's act is unknown (docs/nlu.md: chosen on the training folds' coverage). */
const DEFAULT_ACT_THRESHOLD = 0.4;

export interface ActPart {
  act: DialogAct;
  confidence: number;
  /** The classifier's probability that this part is a question (a reply phrased as one is a question unless this is tiny). */
  question: number;
  /** The part of the reply this act was read from (the whole reply for a one-act reading). */
  text: string;
  /** A correction that says it worked ("sorry i meant it DID work, i was looking at the old date"): see `saysNow`. */
  saysNow?: 'fixed';
  /** How this part alone asks something (set by the turn's understanding, in the reply's language; multi-part readings). */
  questionKind?: QuestionKind;
}

export interface ActReading {
  /** The first act, or `unknown` when the classifier is not sure enough. */
  act: DialogAct | 'unknown';
  confidence: number;
  /** Every act of the reply, in order (one for most replies; empty when unknown). */
  parts: ActPart[];
  /** The best act whatever its confidence (for reports and the low-confidence list). */
  best: DialogAct;
}

/** Anything that reads a reply's dialog act (the trained ActClassifier, or a stub in engine tests). */
export interface ActReader {
  read(text: string): ActReading;
}

export function replyParts(text: string, grammar: Grammar = ENGLISH_GRAMMAR): string[] {
  return text
    .split(grammar.actSplit)
    .filter((p): p is string => p !== undefined)
    .map((p) => p.trim().replace(grammar.actLead, (_m, now?: string) => (now ? `${now} ` : '')))
    .filter((p) => /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(p));
}

export class ActClassifier implements ActReader {
  constructor(
    readonly model: IntentModel,
    readonly threshold = DEFAULT_ACT_THRESHOLD,
    /** The language's grammar (where a reply's second act starts); default English's. */
    readonly grammar: Grammar = ENGLISH_GRAMMAR,
  ) {}

  /** Every act with its probability, best first (one part, no splitting). */
  rank(text: string): Array<{ act: DialogAct; confidence: number }> {
    return this.model
      .rank(emojiAsWords(text))
      .filter((s): s is { intent: DialogAct; confidence: number } => isDialogAct(s.intent))
      .map((s) => ({ act: s.intent, confidence: s.confidence }));
  }

  read(text: string): ActReading {
    const ranking = this.rank(text);
    const whole = { ...ranking[0]!, question: questionShare(ranking) };
    const parts = this.sequence(text) ?? this.answerThenLeaving(text);
    if (parts) return { act: parts[0]!.act, confidence: Math.min(...parts.map((p) => p.confidence)), parts, best: parts[0]!.act };
    if (whole.confidence < this.threshold) return { act: 'unknown', confidence: whole.confidence, parts: [], best: whole.act };
    const saysNow = whole.act === 'correction' ? this.saysNow(text) : undefined;
    return { act: whole.act, confidence: whole.confidence, parts: [{ ...whole, text, ...(saysNow ? { saysNow } : {}) }], best: whole.act };
  }

  /**
   * What a correction says now, read by the classifier once the correcting words are left out: the clauses from the
   * last (the later word stands: "thought it worked but it failed"), each from its whole down to its last word
   * ("wait sorry i meant | it did work"); the first sure fixed or not fixed decides. 'fixed' only when that is fixed.
   */
  private saysNow(text: string): 'fixed' | undefined {
    const clauses = normalizeFor(this.grammar, text).split(this.grammar.boundary).filter((c): c is string => c !== undefined && c.trim() !== '');
    for (const clause of clauses.reverse()) {
      const words = clause.trim().split(/\s+/);
      for (let from = 0; from < words.length; from += 1) {
        // Never past a negation inside the clause: "it has not | worked after all" does not say it worked (a leading
        // "no" is the answer word: "no wait | it did back up").
        if (from > 1 && this.grammar.negation.test(words[from - 1]!)) break;
        const top = this.rank(words.slice(from).join(' '))[0]!;
        if ((top.act === 'fixed' || top.act === 'not_fixed') && top.confidence >= SAYS_NOW) return top.act === 'fixed' ? 'fixed' : undefined;
      }
    }
    return undefined;
  }

  /**
   * "no sirvió, pásame con una persona", "didn't work, get me a person": a short answer of the step before a comma, then
   * a confident request that leaves the walk (a person, stop). Only that pair: a comma after a short clause is too
   * often no new act ("tried it prior, same error"). Undefined otherwise.
   */
  private answerThenLeaving(text: string): ActPart[] | undefined {
    const [, first, rest] = SHORT_FIRST_CLAUSE.exec(text) ?? [];
    if (!first || !rest) return undefined;
    const [answer, leaving] = [first, rest].map((piece) => {
      const ranking = this.rank(piece);
      return { ...ranking[0]!, question: questionShare(ranking), text: piece };
    });
    const answers = answer!.act === 'not_fixed' || answer!.act === 'already_tried';
    const leaves = leaving!.act === 'human' || leaving!.act === 'cancel';
    return answers && leaves && answer!.confidence >= this.threshold && leaving!.confidence >= SURE_LEAVING ? [answer!, leaving!] : undefined;
  }

  /** Two or more confident, different acts in the reply's parts, in order; undefined for a one-act reply. */
  private sequence(text: string): ActPart[] | undefined {
    const rank = (piece: string): Array<{ act: DialogAct; confidence: number }> => this.rank(piece);
    const pieces = replyParts(text, this.grammar).flatMap((piece) => runOnSplit(piece, rank, this.grammar) ?? [piece]);
    if (pieces.length < 2) return undefined;
    const read: ActPart[] = [];
    for (const piece of pieces) {
      const ranking = this.rank(piece);
      const top = { ...ranking[0]!, question: questionShare(ranking) };
      if (top.act === 'small_talk') continue;
      if (top.confidence < this.threshold) return undefined;
      if (read.length > 0 && read[read.length - 1]!.act === top.act) continue;
      read.push({ ...top, text: piece });
    }
    return read.length >= 2 ? read : undefined;
  }
}

const questionShare = (ranking: ReadonlyArray<{ act: DialogAct; confidence: number }>): number => ranking.find((s) => s.act === 'question')?.confidence ?? 0;

/** Trains the act model on intents/acts/train (emoji as words), with the intent trainer's cross-validated calibration. */
export function trainActModel(data: ActData, config: TrainConfig = DEFAULT_TRAIN_CONFIG, grammar: Grammar = ENGLISH_GRAMMAR): IntentModel {
  return trainModel(actsAsIntentData(data, emojiAsWords), [], config, grammar).model;
}

export interface LoadActClassifierOptions {
  /** intents/acts (train/ and test/ under it). */
  actsDir: string;
  /** Where the act model is saved (default next to the intent model: models/act-model.json). */
  modelPath: string;
  threshold?: number;
  log?: Pick<Log, 'info' | 'warn'>;
  /** Save a newly trained model (default true). */
  save?: boolean;
  trainConfig?: TrainConfig;
  /** The language's grammar (default English's): its stemmer for training, where a reply's second act starts. */
  grammar?: Grammar;
}

/** The act model's file next to the intent model's (models/nlu-model.json → models/act-model.json). */
export function actModelPathFor(intentModelPath: string): string {
  return join(dirname(intentModelPath), 'act-model.json');
}

/**
 * The act classifier: the saved model when it was trained on the current intents/acts/train files (one hash check,
 * no YAML parsing), otherwise trained now (about 2 s on one core) and saved — `npm run train` does it ahead of time.
 */
export function loadActClassifier(options: LoadActClassifierOptions): ActClassifier {
  const log = options.log ?? silentLog;
  const saved = loadModel(options.modelPath);
  if (saved.status === 'ok' && saved.model.meta.trainingHash === trainingHash(options.actsDir)) {
    return new ActClassifier(saved.model, options.threshold, options.grammar);
  }
  const why = saved.status === 'ok' ? 'trained on other act data' : saved.status === 'missing' ? 'missing' : `unusable (${saved.reason})`;
  log.info({}, `dialog-act model at ${options.modelPath} is ${why}; training now (run "npm run train" ahead of time to avoid this)`);
  const model = trainActModel(loadActs(options.actsDir), options.trainConfig, options.grammar);
  if (options.save !== false) {
    try {
      saveModel(model, options.modelPath);
    } catch (err) {
      log.warn({}, `dialog-act model could not be saved to ${options.modelPath}: ${String(err)}`);
    }
  }
  return new ActClassifier(model, options.threshold, options.grammar);
}
