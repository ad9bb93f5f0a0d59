/**
 * The dialog-act part of `npm run eval`: the held-out replies of intents/acts/test read at a solution step
 * (Solution 1, no cause in context) by the reply interpreter as the dialogs use it — once with the rules alone (the
 * reading before the act classifier) and once with the act classifier — and by the classifier alone. Per act recall
 * and precision, the confusion, replies of two acts, and the count that must be 0: a question read as not_fixed.
 */
import { basename } from 'node:path';
import type { DialogContent } from '../content/loadContent';
import { type ActHeldOutExample, type DialogAct, loadActHeldOut, loadActs } from '../content/loadActs';
import { failedBefore } from '../dialogs/answerBeforeCommand';
import { ReplyInterpreter, actsOf } from '../dialogs/replyInterpreter';
import { TurnUnderstander } from '../dialogs/turnUnderstanding';
import type { KnowledgeIndex } from '../knowledge';
import { ActClassifier, trainActModel } from '../nlu/dialogActs';
import { evaluateActs, formatActReports, predictActs } from '../nlu/evaluateActs';
import { questionKind } from '../nlu/isQuestion';
import type { Recognizer } from '../nlu/types';

/**
 * Held-out files written blind, for the next round's measure (v4 and later): the eval prints no reply of theirs. v3 was
 * partly seen in stop 23 and is a development set since.
 */
const BLIND_FILE = /_v([4-9]|\d{2,})\.yaml$/;

export interface ActEvalInputs {
  actsDir: string;
  content: DialogContent;
  recognizer: Recognizer;
  knowledge: KnowledgeIndex;
  /** The dialogs' thresholds (config.nlu). */
  thresholds: { confidence: number; answer: number };
}

/** Reads a held-out reply at Solution 1 as the dialogs do: global commands, then the reply interpreter. */
export function stepReader(inputs: ActEvalInputs): (understander: TurnUnderstander) => (text: string) => Array<DialogAct | 'unknown'> {
  const { content, knowledge } = inputs;
  const solution = content.solutions[0]!;
  const answers = (text: string): boolean => knowledge.retrieve(text, { solutionId: solution.id }).kind === 'answer';
  const interpreter = new ReplyInterpreter(content, inputs.thresholds, questionKind, answers);
  return (understander) => (text) => {
    const u = understander.understand({ text, origin: 'typed' })!;
    const global = interpreter.globalCommand(u, true);
    // "still failing get me a person": the walk records the step as not fixed first (answerBeforeCommand.ts).
    if (global && failedBefore(u, global)) return [u.act!.parts[0]!.act, ...actsOf({ kind: 'command', command: global }, false)];
    if (global) return actsOf({ kind: 'command', command: global }, false);
    // "oops meant yes": the walk takes it back as a correction (troubleshootDialog: earlierFixed), before the interpreter.
    if (u.act?.act === 'correction' && u.act.parts[0]?.saysNow === 'fixed') return ['correction'];
    return actsOf(interpreter.interpret(u, { currentCauses: [], solutionId: solution.id }), answers(text));
  };
}

/** The held-out replies per file (heldout.yaml, heldout_mobile.yaml, …: other writers), then all of them together. */
function heldOutGroups(heldOut: readonly ActHeldOutExample[]): Array<{ name: string; examples: ActHeldOutExample[] }> {
  const byFile = new Map<string, ActHeldOutExample[]>();
  for (const ex of heldOut) byFile.set(ex.file, [...(byFile.get(ex.file) ?? []), ex]);
  const groups = [...byFile].map(([file, examples]) => ({ name: basename(file), examples }));
  return groups.length > 1 ? [...groups, { name: 'all held-out files', examples: [...heldOut] }] : groups;
}

export function actReport(inputs: ActEvalInputs): string {
  const data = loadActs(inputs.actsDir);
  const heldOut = loadActHeldOut(inputs.actsDir, data);
  const model = trainActModel(data);
  const classifier = new ActClassifier(model);
  const readAtStep = stepReader(inputs);
  const rulesOnly = readAtStep(new TurnUnderstander(inputs.recognizer, questionKind, undefined, 10_000));
  const withActs = readAtStep(new TurnUnderstander(inputs.recognizer, questionKind, classifier, 10_000));
  const alone = (t: string): DialogAct[] => classifier.read(t).parts.map((p) => p.act);
  const replies = data.acts.reduce((a, act) => a + act.utterances.length, 0);
  const out = [
    `Dialog acts: ${replies} training replies in ${data.acts.length} acts (intents/acts/train), ${heldOut.length} held out (intents/acts/test); cross-validated accuracy ${((model.meta.cvAccuracy ?? 0) * 100).toFixed(1)}%, threshold ${classifier.threshold}`,
  ];
  for (const group of heldOutGroups(heldOut)) {
    const rows = [
      { name: 'rules only (no act classifier)', report: evaluateActs(predictActs(group.examples, rulesOnly)) },
      { name: 'act classifier alone', report: evaluateActs(predictActs(group.examples, alone)) },
      { name: 'interpreter with act classifier', report: evaluateActs(predictActs(group.examples, withActs)) },
    ];
    // A blind file (heldout_v4.yaml and later): its figures only, none of its replies (they stay unseen by who tunes).
    const blind = group.examples.some((ex) => BLIND_FILE.test(basename(ex.file)));
    out.push('', `--- held-out replies: ${group.name} (${group.examples.length})${blind ? ' (blind: figures only)' : ''}`, formatActReports(rows, 30, !blind));
  }
  return out.join('\n');
}
