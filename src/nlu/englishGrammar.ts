/**
 * English's grammar for the NLU rules (grammar.ts): the reference behaviour, kept in code. Other languages write the
 * same things as data in intents/<lang>/grammar.yaml; English's switch phrases are data too (intents/grammar.yaml).
 */
import { words as stopWords } from 'natural/lib/natural/util/stopwords';
import type { Grammar } from './grammar';

/** Clause-boundary words ("so" not when it is an intensifier: "so slow"). */
const BOUNDARY_RE =
  /[.,;:!?()\n]+|\s-+\s|\b(?:but|and|though|although|however|yet|because|cause|cuz|since|while|whereas|plus|even though|except|otherwise|also|then)\b|\bso\b(?!\s+(?:much|many|bad|slow|fast|sure|good|far|long|weak|strong|full|little|often|annoying|frustrating|slowly|quickly)\b)/g;
/** A reply word at the start of a clause that is its own clause: "no I have space", "nope my wifi is fine". */
const LEADING_REPLY_RE =
  /^(?:no+|nope|nah|not really|yes|yeah|yep|ok|okay)\s+(?=(?:i|i'm|my|it|it's|its|the|we|there|there's|that|this|everything|all|storage|wifi|internet|icloud|ios|password|apple)\b)/;
const NEGATION_RE = /\b(?:not|no|never|without|can't|nor|neither|hardly|barely|lack|lacking|lacks)\b|n't\b/;
const OPEN_QUESTION_RE = /\bwhether\b|\b(?:check|checking|see|know|sure|wonder|wondering|unsure|ask|asking|find out|tell me|idk)\s+if\b|\b(?:do|does|did)\s+(?:i|we|you|it)\s+(?:still\s+|even\s+|really\s+)?$/;
const AUX_START_RE =
  /^(is|are|am|was|were|do|does|did|can|could|should|will|would|shall|may|might)\s+(?:i|you|we|it|my|the|there|this|that|your|our|icloud|storage|wifi|internet|ios|everything)\b/;

const AUXILIARIES = 'can|could|does|do|did|is|are|am|will|would|should|shall|may|might';
const FILLER = String.raw`(?:(?:so|but|and|ok|okay|hi|hey|hello|um|uh|well|also|then|and\s+so|please|sorry|quick\s+question|wait|hold\s+on|hang\s+on)[\s,]+)*`;
const STARTERS = [
  'what', "what's", 'whats', 'why', "why's", 'how', "how's", 'when', "when's", 'where', "where's", 'which', 'who', "who's", 'whose', 'whom',
  'can', 'could', 'does', 'do', 'did', 'is', 'are', 'am', 'will', 'would', 'should', 'shall', 'may', 'might',
  'any idea', 'anyone know', 'is there',
];
/**
 * "can't back up", "will not sync", "do not …" are complaints, not questions; so is an exclamation ("what a joke",
 * "what an awful app"), and an auxiliary followed by an adverb instead of its subject ("did exactly what you said",
 * "is literally stuck"): in a question the subject comes right after the auxiliary ("is family sharing on" has one).
 */
const NOT_A_QUESTION = String.raw`(?!'\w)(?!\s+not\b)(?<!\bwhat(?=\s+an?\b))(?<!\b(?:${AUXILIARIES})(?=\s+(?!family\b)[a-z]{3,}ly\b))`;
const QUESTION_START = new RegExp(`^${FILLER}(?:${STARTERS.map((s) => s.replace(/\s/g, '\\s+')).join('|')})\\b${NOT_A_QUESTION}`);

/**
 * An auxiliary with no subject after it ("(it) is working now thank you", "(it) did work", "(it) was fine", "(it) is
 * still failing"): then only a participle or a predicate word, and nothing after it but adverbs and thanks. A gerund
 * subject keeps its question ("is updating safe", "does resetting erase my phone": more than adverbs follow). Also the
 * imperative "do it" / "do that" (IMPERATIVE_DO).
 */
const SUBJECTLESS_AUX = /^(?:is|are|am|was|were|do|does|did|has|have|had)\s+/.source;
const SUBJECTLESS_ADVERB = /(?:still|now|already|just|finally|also|really|actually|definitely|def|totally|completely|all|seems)\s+/.source;
const SUBJECTLESS_PREDICATE =
  /(?:(?!\w*thing\b)[a-z]{2,}in[g']?|[a-z]{2,}ed|done|fine|ok|okay|good|great|back|successful|complete|better|sorted|gone|work|works|go|help|finish|succeed)\b/.source;
const SUBJECTLESS_TAIL =
  /(?:[\s,.!]+(?:now|again|up|through|thru|fine|ok|okay|good|great|well|properly|normally|perfectly|too|finally|already|after all|this time|at last|today|as well|thanks|thank you|thank u|thx|ty|tysm|yay|lol|yes|yeah))*/.source;
/** "do it", "just do that now": the imperative, whose object follows "do" ("do it" is no question: that is "does it"). */
const IMPERATIVE_DO = String.raw`^${FILLER}(?:just\s+|pls\s+|please\s+)?do\s+(?:it|that|this)\b`;
const SUBJECTLESS = new RegExp(
  `(?:${SUBJECTLESS_AUX.replace('^', `^${FILLER}`)}(?:${SUBJECTLESS_ADVERB})*${SUBJECTLESS_PREDICATE}|${IMPERATIVE_DO})${SUBJECTLESS_TAIL}[^a-z?]*$`,
);

/** Question words a misspelled first word of a clause is read as ("hw" → how, "waht" → what, "cna" → can). */
const CUE_WORDS = ['what', 'why', 'how', 'when', 'where', 'which', 'who', 'can', 'could', 'does', 'will', 'would', 'should'];
const KNOWN_SHORT = new Set<string>([...stopWords, ...CUE_WORDS, 'did', 'do', 'is', 'are', 'am']);
const CUE_SPOT = /(^|[,;.!?]\s*|\bbut\s+|\b(?:so|and|ok|okay|hi|hey|well|also|then|please|sorry)\s+)([a-z]+)\b/g;

const CARRY_ON = /^(?:(?:so|and|ok|okay|then|well)\s+)*(?:what now|now what|what next|what's next|whats next|what else|what else can i (?:do|try)|what (?:should|do|can) i (?:do|try) (?:now|next)|any other ideas|anything else|next)\b/;
const STUCK = new RegExp(
  [
    String.raw`\b(?:can't|cannot|can not|couldn't|don't|do not|doesn't|does not) (?:find|see|locate|have)\b`,
    String.raw`\b(?:isn't|is not|aren't|are not|not) (?:there|showing|shown|visible)\b`,
    String.raw`\bthere(?: is|'s) no\b`,
    String.raw`\b(?:greyed|grayed) out\b`,
    String.raw`\b(?:don't|do not) (?:know|remember) (?:how|where|what|which|my|the)\b`,
    String.raw`\bforgot (?:my|the)\b`,
    String.raw`\b(?:not sure|no idea|wondering|i wonder) (?:how|where|what|which|why|when|if|whether)\b`,
    String.raw`\b(?:tell|show) me (?:how|where|what|which)\b`,
    // "if I do X will Y happen to my Z": a condition, then an auxiliary and its subject.
    String.raw`^(?:(?:so|and|but|ok|okay)\s+)?if\b.{3,}?\b(?:will|would|does|do|is|are|can|could|should|won't|wouldn't)\s+(?:i|it|my|this|that|the|they|everything|anything|all|these|those|you|we)\b`,
  ].join('|'),
);

/**
 * Sentence ends and the clause words that start a second act ("…, but how…", "… and now it says…"), and "and" opening
 * a question ("still failing and is it bad that…", "… and how do I …"): an auxiliary with its subject, or a wh-word.
 */
const ACT_SPLIT =
  /(?<=[.!?…])\s+|\n+|\s*;\s*|,?\s+(?=but\s)|,?\s+(?=and now\s)|,?\s+(?=though\s)|,\s+(?=(?:how|what|where|why|when|will|would|does|do|is|can|could|should)\b)|,?\s+and\s+(?=(?:(?:is|are|does|do|can|will|should|would|could)\s+(?:it|i|this|that|my|the|there|you)\b)|(?:how|what|where|why|when)\s)/i;

/**
 * Inside a run-on reply (normalised), a question starts with a wh-word and, within two words, its auxiliary ("what else
 * could it be", "how much space does it use"; not an embedded clause: "no clue what that means"), a contracted one
 * ("where's", "what's"), or an auxiliary and its subject ("will i", "does it", "can someone"); "do it" / "did that" /
 * "do anything" is an imperative or a statement.
 */
const RUN_ON_AUX = 'is|are|am|was|were|do|does|did|can|could|should|will|would|shall|may|might|has|have';
const RUN_ON_QUESTION = new RegExp(
  String.raw`^(?:(?:what's|how's|where's|who's|why's|when's|is there|are there|any idea)\b|(?:how|what|why|when|where|which|who)(?:\s+[a-z']+){0,2}?\s+(?:${RUN_ON_AUX})\b|(?:${RUN_ON_AUX})\s+(?:i|you|we|they|he|she|it|my|the|this|that|these|those|your|our|anyone|someone|somebody|everything|icloud|apple)\b)(?<!\b(?:do|did)\s+(?:it|that|this|everything))`,
);
/** A reply that starts with a condition or a subordinate clause ("if i do x will y…", "before i do it is…"). */
const RUN_ON_DEPENDENT = /^(?:(?:so|and|but|ok|okay)\s+)?(?:if|before|after|once|unless|until|whether|when|while|in case)\b/;

export const ENGLISH_GRAMMAR: Grammar = {
  language: 'en',
  boundary: BOUNDARY_RE,
  leadingReply: LEADING_REPLY_RE,
  negation: NEGATION_RE,
  openQuestion: OPEN_QUESTION_RE,
  auxStart: AUX_START_RE,
  questionStart: QUESTION_START,
  subjectless: SUBJECTLESS,
  carryOn: CARRY_ON,
  stuck: STUCK,
  questionClauses: /[,;.!?]+|\s+-\s+|\s+(?=but\s)/,
  cueWords: CUE_WORDS,
  knownShort: KNOWN_SHORT,
  cueSpot: CUE_SPOT,
  actSplit: ACT_SPLIT,
  actLead: /^(?:but|and (now)|though)\s+/i,
  runOn: { question: RUN_ON_QUESTION, dependent: RUN_ON_DEPENDENT },
};
