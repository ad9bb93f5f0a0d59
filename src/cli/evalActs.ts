/**
 * The dialog-act part of `npm run eval`: the held-out replies of intents/acts/test read at a solution step
 * (Solution 1, no cause in context) by the reply interpreter as the dialogs use it — once with the rules alone (the
 * reading before the act classifier) and once with the act classifier — and by the classifier alone. Per act recall
 * and precision, the confusion, replies of two acts, and the count that must be 0: a question read as not_fixed.
 */
import type { DialogContent } from '../content/loadContent';
import { loadActHeldOut, loadActs } from '../content/loadActs';
import { ReplyInterpreter, actsOf } from '../dialogs/replyInterpreter';
import { TurnUnderstander } from '../dialogs/turnUnderstanding';
import type { KnowledgeIndex } from '../knowledge';
import { ActClassifier, trainActModel } from '../nlu/dialogActs';
import { evaluateActs, formatActReports, predictActs } from '../nlu/evaluateActs';
import { questionKind } from '../nlu/isQuestion';
import type { Recognizer } from '../nlu/types';

export interface ActEvalInputs {
  actsDir: string;
  content: DialogContent;
  recognizer: Recognizer;
  knowledge: KnowledgeIndex;
  /** The dialogs' thresholds (config.nlu). */
  thresholds: { confidence: number; answer: number };
}

export function actReport(inputs: ActEvalInputs): string {
  const { content, recognizer, knowledge } = inputs;
  const data = loadActs(inputs.actsDir);
  const heldOut = loadActHeldOut(inputs.actsDir, data);
  const model = trainActModel(data);
  const classifier = new ActClassifier(model);
  const solution = content.solutions[0]!;
  const answers = (text: string): boolean => knowledge.retrieve(text, { solutionId: solution.id }).kind === 'answer';
  const interpreter = new ReplyInterpreter(content, inputs.thresholds, questionKind, answers);
  const readAtStep = (understander: TurnUnderstander) => (text: string) => {
    const u = understander.understand({ text, origin: 'typed' })!;
    const global = interpreter.globalCommand(u, true);
    if (global) return actsOf({ kind: 'command', command: global }, false);
    return actsOf(interpreter.interpret(u, { currentCauses: [], solutionId: solution.id }), answers(text));
  };
  const rulesOnly = new TurnUnderstander(recognizer, questionKind, undefined, 10_000);
  const withActs = new TurnUnderstander(recognizer, questionKind, classifier, 10_000);
  const rows = [
    { name: 'rules only (no act classifier)', report: evaluateActs(predictActs(heldOut, readAtStep(rulesOnly))) },
    { name: 'act classifier alone', report: evaluateActs(predictActs(heldOut, (t) => classifier.read(t).parts.map((p) => p.act))) },
    { name: 'interpreter with act classifier', report: evaluateActs(predictActs(heldOut, readAtStep(withActs))) },
  ];
  const replies = data.acts.reduce((a, act) => a + act.utterances.length, 0);
  return [
    `Dialog acts: ${replies} training replies in ${data.acts.length} acts (intents/acts/train), ${heldOut.length} held out (intents/acts/test); cross-validated accuracy ${((model.meta.cvAccuracy ?? 0) * 100).toFixed(1)}%, threshold ${classifier.threshold}`,
    formatActReports(rows, 30),
  ].join('\n');
}
