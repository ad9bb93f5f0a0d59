/**
 * The "subject first" design: a first classifier decides what the message is about — this device's iCloud backup
 * failing (a cause or a generic failure), a question about it, a conversation reply, or a near-domain topic (restore,
 * sync, another app's backup, …, something else) — and only then the intent within that subject:
 *   p(intent) = p(subject(intent)) × p_flat(intent) / Σ p_flat(intents of that subject).
 * Both stages use the same features and trainer. Measured against the single-stage model in docs/nlu.md
 * (`npm run eval -- --design`).
 */
import type { IntentData, IntentDefinition } from '../content/loadIntents';
import type { IntentModel } from './intentModel';
import type { IntentRanker } from './recognizer';
import { BACKUP_FAILED, NONE, REPLY_INTENTS } from './routing';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig, trainModel } from './trainer';
import type { IntentScore } from './types';

/** The subject of an intent: backup (a cause or backup_failed), question, reply, or none / none_<topic>. */
function subjectOf(intent: IntentDefinition, causes: ReadonlySet<string>): string {
  if (causes.has(intent.route) || intent.route === BACKUP_FAILED) return 'subject_backup';
  if (intent.route === NONE) return intent.topic ? `subject_none_${intent.topic}` : 'subject_none';
  if (REPLY_INTENTS.has(intent.intent)) return 'subject_reply';
  return 'subject_question';
}

/** The training data regrouped by subject (one "intent" per subject). */
function subjectData(data: IntentData, causeOrder: readonly string[]): IntentData {
  const causes = new Set(causeOrder);
  const groups = new Map<string, IntentDefinition>();
  for (const intent of data.intents) {
    const subject = subjectOf(intent, causes);
    const group = groups.get(subject) ?? { intent: subject, route: subject, utterances: [], sources: [], file: intent.file };
    group.utterances.push(...intent.utterances);
    groups.set(subject, group);
  }
  return { ...data, intents: [...groups.values()].sort((a, b) => (a.intent < b.intent ? -1 : 1)) };
}

export class SubjectFirstRanker implements IntentRanker {
  private readonly subjectIndex: number[];

  constructor(
    private readonly subjects: IntentModel,
    private readonly flat: IntentModel,
    data: IntentData,
    causeOrder: readonly string[],
  ) {
    const causes = new Set(causeOrder);
    const byIntent = new Map(data.intents.map((i) => [i.intent, subjectOf(i, causes)]));
    this.subjectIndex = flat.labels.map((l) => subjects.labels.indexOf(byIntent.get(l)!));
  }

  get routes(): ReadonlyMap<string, string> {
    return this.flat.routes;
  }

  get routingFloor(): number {
    return this.flat.routingFloor;
  }

  get offTopicFactor(): number {
    return this.flat.offTopicFactor;
  }

  get topics(): ReadonlyMap<string, string> {
    return this.flat.topics;
  }

  rank(text: string): IntentScore[] {
    const ps = this.subjects.probabilities(text);
    const pf = this.flat.probabilities(text);
    const mass = new Float64Array(ps.length);
    pf.forEach((p, k) => (mass[this.subjectIndex[k]!] += p));
    const out = this.flat.labels.map((intent, k) => {
      const s = this.subjectIndex[k]!;
      return { intent, confidence: mass[s]! > 0 ? (ps[s]! * pf[k]!) / mass[s]! : 0 };
    });
    return out.sort((a, b) => b.confidence - a.confidence);
  }
}

/** Trains both stages. */
export function trainSubjectFirst(data: IntentData, causeOrder: readonly string[], flat: IntentModel, config: TrainConfig = DEFAULT_TRAIN_CONFIG): SubjectFirstRanker {
  const subjects = trainModel(subjectData(data, causeOrder), causeOrder, config).model;
  return new SubjectFirstRanker(subjects, flat, data, causeOrder);
}
