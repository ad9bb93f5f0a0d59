/**
 * Schemas for the operator-edited content in `dialogs/` and `intents/`.
 * Every file is validated against these at load time; see loadContent.ts / loadIntents.ts.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: lower-case letters, digits and _');
const text = z.string().trim().min(1, 'must not be empty');

// ---------- dialogs/causes.yaml ----------
const CauseSchema = z.strictObject({
  /** Route id, e.g. storage_full. Must also be an intent in intents/. */
  id,
  /** Short name, e.g. "Insufficient iCloud storage". */
  name: text,
  /** Noun phrase for clarifying questions: "Is it about {topic}, or {topic}?" e.g. "your iCloud storage". */
  topic: text,
  /** One sentence: why this cause makes a backup fail. */
  explanation: text,
  /** The solution id that addresses this cause (the dialog starts there). */
  solution: id,
});

export const CausesFileSchema = z.strictObject({
  /** In the source article's order: this order decides the route when causes are ruled out. */
  causes: z.array(CauseSchema).min(1),
});

// ---------- dialogs/solutions.yaml ----------
const StepSchema = z.strictObject({
  /** The instruction, with exact Settings paths ("Go to Settings > General > Software Update."). */
  text,
  /** Optional extra detail shown under the step (e.g. the iOS 15+ path). */
  detail: text.optional(),
});

const ConfirmSchema = z.strictObject({
  /** Asked before the steps of a destructive solution, e.g. "This removes saved Wi-Fi passwords. Go ahead?" */
  prompt: text,
  /** Said when the person chooses to skip it. */
  skipped: text,
});

const SolutionSchema = z.strictObject({
  id,
  /** Its number in the article (1..8). */
  number: z.number().int().positive(),
  title: text,
  /** One sentence on why it is worth trying; also used to introduce it after a previous solution failed. */
  why: text,
  steps: z.array(StepSchema).min(1),
  note: text.optional(),
  /** A warning shown with the steps (and, with `confirm`, before them). */
  warning: text.optional(),
  /** Present for destructive solutions: the person must confirm before seeing the steps, and may skip. */
  confirm: ConfirmSchema.optional(),
  /** True for the last resort (contact Apple Support): the walk always ends here. Exactly one solution has it. */
  final: z.boolean().optional(),
});

export const SolutionsFileSchema = z.strictObject({
  /** In the source article's order. */
  solutions: z.array(SolutionSchema).min(1),
});

// ---------- dialogs/answers.yaml ----------
const AnswerSchema = z.strictObject({
  /** The intent (from intents/) that asks this question. */
  intent: id,
  /** The question as shown to people, e.g. `What does "iCloud backup failed" mean?` */
  question: text,
  answer: text,
  /**
   * When the intent is a route intent (a cause or backup_failed), the answer is only given when the text is phrased
   * as a question ("why is my iCloud storage full?"), not for a complaint ("my storage is full").
   */
  onlyWhenAsked: z.boolean().optional(),
  /** Answers that depend on the solution the person is on: solution id → answer. */
  perSolution: z.record(id, text).optional(),
});

export const AnswersFileSchema = z.strictObject({
  answers: z.array(AnswerSchema).min(1),
});

// ---------- dialogs/prompts.yaml ----------
/** Every sentence the bot says that is not a cause, solution or answer. {placeholders} are filled in by the engine. */
const PromptsSchema = z.strictObject({
  welcome: text,
  /** Example problems shown as buttons under the welcome. */
  examples: z.array(text).min(1),
  didItWork: text,
  buttons: z.strictObject({
    yes: text,
    no: text,
    walkThrough: text,
    human: text,
    done: text,
    goAhead: text,
    skip: text,
    switchYes: text,
    switchNo: text,
    /** Offered while waiting for a person: leaves the hand-off queue. */
    leaveQueue: text,
    /** The last button of "Did you mean: A / B?". */
    neither: text,
  }),
  /** The word before the last of several causes listed ("your iCloud storage, your Wi-Fi or your software"); default "or". */
  or: text.optional(),
  /** The label before a solution's note ("Note: …"); default "Note:". */
  note: text.optional(),
  /** "Let's try {title}." style heading before a solution; {number} {title} {why}. */
  solutionIntro: text,
  /** Said before the next solution after a "no": {why}. */
  nextSolution: text,
  /** Step-by-step mode: {index} {total} {text}. */
  stepOf: text,
  stepsFinished: text,
  happyClose: text,
  backUpNow: text,
  /** After the final solution. */
  finalOffer: text,
  help: text,
  cancelled: text,
  startOver: text,
  whereWasI: text,
  notUnderstood: text,
  /**
   * A reply the bot is not sure of but that likely answers the question ("verified, last backup 2 min ago"): said
   * before the same question is asked again, instead of notUnderstood.
   */
  checkUnderstood: text,
  /** Low confidence: {a} {b} are cause topics. */
  clarify: text,
  clarifyNoneOfThese: text,
  outOfScope: text,
  greeting: text,
  thanks: text,
  /** {name} is the new cause's name. */
  offerSwitch: text,
  /** Said before a walk that skips ruled-out causes: {causes} lists them ("your iCloud storage"). */
  ruledOutAck: text,
  /** Said before the walk for a failure with no specific cause. */
  genericStart: text,
  /** The person said "no" when asked whether there is anything else. */
  goodbye: text,
  /** Two messages of one conversation were handled at once by different servers; the later one must be re-sent. */
  sendAgain: text,
  /** A question the knowledge base has no reliable answer for: says so and where to get one (the step follows). */
  unknownQuestion: text,
  /** Added to unknownQuestion when a person can be reached here (agents signed in, or hand-off to a contact centre). */
  unknownQuestionPerson: text,
  /** Two close knowledge-base answers: asked with the two questions as buttons. */
  didYouMean: text,
  /** After answering a question asked before any walk: what is going wrong with the backup? */
  askWhatsWrong: text,
  /** "ok" when asked whether the fix worked: the bot waits for a real answer. */
  takeYourTime: text,
  /** "No, and now it asks for my password": said before offering the new cause (the current solution did not fix it). */
  notFixedNoted: text,
  /** "Already tried that" at a solution: said before the next solution, {why}. */
  alreadyTried: text,
  /** Several causes named at once: the walk starts with the earliest in the article's order; {causes} are the others. */
  otherCausesLater: text,
  stayOnCurrent: text,
  resume: text,
  handoffStarting: text,
  /** Agent console on but no agent signed in: said honestly, with Apple Support's contacts; the request stays queued. */
  handoffNobodyAvailable: text,
  /** No agent accepted within HANDOFF_ACCEPT_TIMEOUT_SECONDS: Apple Support's contacts; the request stays queued. */
  handoffNoAnswer: text,
  /** Any message while waiting in the hand-off queue. */
  handoffStillWaiting: text,
  /** The person left the hand-off queue. */
  handoffLeftQueue: text,
  /** An external agent hub reported the hand-off failed: Apple Support's contacts. */
  handoffFailed: text,
  /** How the person sees an agent of an external contact-centre hub, e.g. "A support agent". */
  hubAgentName: text,
  /** {agent} is the agent's name. */
  agentJoined: text,
  /** A message from the agent: {agent} {text}. */
  agentMessage: text,
  /** {agent} is the agent's name. */
  agentLeft: text,
  /** The bot is back after a hand-off ended and asks whether there is anything else. */
  handedBack: text,
  tooLong: text,
  emptyMessage: text,
  /** Said when a turn fails with an error (src/server/createAdapter.ts); the person can send the message again. */
  turnFailed: text,
  /** Said when the conversation store cannot be reached (src/bots/supportBot.ts); nothing of the turn was saved. */
  storeUnavailable: text,
  nothingToGoBackTo: text,
  anythingElse: text,
  /** CSAT after a walk ends and after a hand-off ends (src/dialogs/csatDialog.ts). {agent} is the agent's name. */
  csat: z.strictObject({ askBot: text, askAgent: text, up: text, down: text, askComment: text, noComment: text, thanks: text }),
});

/**
 * Small talk: a recognised intent outside a walk (greeting, thanks…) → the prompt said, with the example buttons or not.
 * A new small-talk intent is a line here (and its training file), not a code change.
 */
const SmallTalkSchema = z.record(
  id,
  z.strictObject({
    /** The name of a prompt in `prompts:` (a sentence without placeholders). */
    reply: text,
    /** Show the example problems as buttons under it. */
    examples: z.boolean().optional(),
  }),
);

export const PromptsFileSchema = z.strictObject({ prompts: PromptsSchema, smallTalk: SmallTalkSchema.optional() });

// intents/train/*.yaml and intents/test/*.yaml: see intentSchemas.ts (provenance and topics).

// ---------- intents/ruled_out.yaml ----------
export const RuledOutFileSchema = z.strictObject({
  /** cause id → regular expressions (matched case-insensitively on normalised text) meaning "this cause is NOT the problem". */
  ruledOut: z.record(
    id,
    z.array(
      z.strictObject({
        pattern: text,
        /** If true (default), the match does not count when a negation ("don't", "not", "no") stands before it in the same clause. */
        negatable: z.boolean().optional(),
      }),
    ),
  ),
});

export type Cause = z.infer<typeof CauseSchema>;
export type Solution = z.infer<typeof SolutionSchema>;
export type Answer = z.infer<typeof AnswerSchema>;
export type Prompts = z.infer<typeof PromptsSchema>;
