/**
 * The format of dialogs/tests/*.yaml: conversations written by support operators, run against the real bot.
 * See dialogs/tests/README.md for the operator's guide.
 */
import { SUPPORTED_LANGUAGES } from '../content/i18n/languages';
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const oneOrMore = z.union([text, z.array(text).min(1)]);

/** Channels a test can run on: msteams renders buttons as hero cards, the others as suggested actions. */
const CHANNELS = ['webchat', 'msteams', 'emulator', 'directline', 'test'] as const;

/** How a conversation may end (the session's outcome). */
export const ENDINGS = { happily: 'resolved', escalated: 'escalated', cancelled: 'cancelled', handed_off: 'handed_off' } as const;

const TurnSchema = z
  .strictObject({
    // ---- what the person does (exactly one) ----
    /** The person types this (may be empty or blank, to test what the bot says to an empty message). */
    user: z.string().optional(),
    /** The person clicks the button with this title (it must have been offered in the bot's previous reply). */
    click: text.optional(),
    /** The person opens the chat (the bot's welcome). */
    join: z.literal(true).optional(),
    /**
     * The activity's `locale` (es-ES, fr, de-DE…), or `none` for an activity without one. Default: the test's language
     * (its folder: dialogs/tests/es/ → es); the English tests of dialogs/tests/*.yaml send none.
     */
    locale: z.union([z.literal('none'), z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, 'must be a locale such as es, es-ES or fr-FR, or none')]).optional(),
    /** The language the bot answers this turn in, when the person switched ("english please"): the checks read its content. */
    answersIn: z.enum(SUPPORTED_LANGUAGES).optional(),

    // ---- what the bot must do in its reply ----
    /** Text fragments the reply must contain (case and **bold** ignored). */
    says: oneOrMore.optional(),
    /** Text fragments the reply must not contain. */
    doesNotSay: oneOrMore.optional(),
    /** The solution shown (its id, e.g. check_internet, or its number), or `none` when no solution may be shown. */
    solution: z.union([z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a solution id (snake_case), a number or "none"'), z.number().int().positive()]).optional(),
    /** Buttons the reply must offer (their titles). */
    buttons: z.array(text).min(1).optional(),
    /** Buttons the reply must not offer. */
    noButtons: z.array(text).min(1).optional(),
    /** How the buttons are drawn: `hero card` (Microsoft Teams) or `suggested actions` (Web Chat…). */
    card: z.enum(['hero card', 'suggested actions']).optional(),
    /**
     * A sentence of dialogs/prompts.yaml the reply must contain, by its name (e.g. outOfScope, help, cancelled); a
     * nested one by its dotted name (csat.askBot).
     */
    prompt: z.union([text, z.array(text).min(1)]).optional(),
    /**
     * true: the bot answered (it did not say it doesn't know, didn't understand, or "did you mean"); false: it did not;
     * an entry id of dialogs/knowledge.yaml (e.g. faq_without_icloud): the reply contains that entry's answer.
     */
    answered: z.union([z.boolean(), z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be true, false or an entry id of dialogs/knowledge.yaml (snake_case)')]).optional(),
    /** The CSAT rating ("Did I help?") recorded in this turn: up (👍), down (👎), or none (nothing recorded). */
    rated: z.enum(['up', 'down', 'none']).optional(),
    /** The one-line CSAT comment recorded in this turn contains this text (masked as it is stored). */
    commented: text.optional(),
    /** true: the reply asks whether the fix worked (prompts.didItWork). */
    asksIfFixed: z.boolean().optional(),
    /** true: a hand-off to a person started (the handoff.initiate event was sent); false: it did not. */
    handoff: z.boolean().optional(),
    /**
     * What the agent is told when a hand-off starts this turn (the handoff.initiate event's context): each solution id
     * with its outcome (offered, fixed, not_fixed, skipped) as listed for the agent.
     */
    agentSees: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a solution id (snake_case)'), z.enum(['offered', 'fixed', 'not_fixed', 'skipped'])).optional(),
    /** The solution (id) the person skipped in this turn (a destructive step declined). */
    skipped: text.optional(),
    /** How the conversation ended after this turn: happily (fixed), escalated, cancelled or handed_off. */
    ended: z.enum(Object.keys(ENDINGS) as [keyof typeof ENDINGS, ...(keyof typeof ENDINGS)[]]).optional(),
  })
  .superRefine((turn, ctx) => {
    const actions = [turn.user !== undefined, turn.click !== undefined, turn.join !== undefined].filter(Boolean).length;
    if (actions !== 1) {
      ctx.addIssue({ code: 'custom', message: 'each turn needs exactly one of "user" (typed text), "click" (a button) or "join: true"' });
    }
  });

const ConversationTestSchema = z.strictObject({
  /** What the conversation shows, in a sentence. */
  name: text,
  /** Defaults to webchat. */
  channel: z.enum(CHANNELS).optional(),
  turns: z.array(TurnSchema).min(1),
});

export const ConversationTestFileSchema = z.strictObject({
  tests: z.array(ConversationTestSchema).min(1),
});

export type Turn = z.infer<typeof TurnSchema>;
export type ConversationTest = z.infer<typeof ConversationTestSchema>;
