/**
 * The one masking step for everything stored for later (transcripts, Direct Line activities, analytics texts, CSAT
 * comments, hand-off messages) or shown to agents: anything that looks like a password, a payment card number, an
 * IBAN, an email address, a phone number or a street address.
 *
 * Phone numbers are found by libphonenumber-js (Google's libphonenumber metadata: which lengths and prefixes are
 * possible in each country), not by a hand-written pattern, which either misses national formats or masks error codes,
 * versions and dates; IBANs are validated by ibantools (country length and mod-97 check digits). Street addresses have no
 * such library in JavaScript, so they are a pattern: a house number, one to five words and a street word, or a postcode.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

const MASK = '•••';

/** "my password is hunter2", "pw: x", "passcode 123456", "the code is 123456" → the secret part masked ("error code -1009" is not a secret). */
const SECRET_AFTER_KEYWORD =
  /(?<!\berror\s*)\b(password|passwd|pass ?word|pw|pwd|passcode|pass ?code|pin|verification code|2fa code|code)(\s*(?:is|was|=|:|-)?\s*)(["'“‘]?)(\S+)/gi;
/** 13–19 digits, optionally separated by spaces or dashes (card numbers). */
const CARD_NUMBER = /\b(?:\d[ -]?){12,18}\d\b/g;
const EMAIL = /\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b/gi;
/** A lone token with lower case, upper case, a digit and a symbol, 8+ characters: typical of a typed password. */
const PASSWORD_LIKE_TOKEN = /(?<=^|\s)(?=\S*[a-z])(?=\S*[A-Z])(?=\S*\d)(?=\S*[^\sA-Za-z0-9])\S{8,}(?=\s|$)/g;

const WORDS_THAT_ARE_NOT_SECRETS = new Set(['is', 'was', 'right', 'correct', 'wrong', 'fine', 'ok', 'okay', 'changed', 'reset', 'again', 'prompt', 'popup', 'box', 'field', 'for', 'keeps', 'every', 'and', 'but', 'the', 'my', 'a', 'an', 'to', 'it', 'that']);

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * National formats are read as these countries' numbers ("07700 900123" UK, "555-123-4567" US, "06 12 34 56 78" FR);
 * international ones ("+44 …", "+1 …") for every country.
 */
const PHONE_COUNTRIES = ['US', 'GB', 'FR'] as const;
/** Fewer digits than this without a leading '+' is an error code, an order number or a date, not a phone number. */
const MIN_NATIONAL_PHONE_DIGITS = 9;

const PHONE_LIKE_DIGITS = /(?:\d[\s()./-]{0,3}){8}/;

/** Masks phone numbers libphonenumber-js finds as possible numbers. */
function maskPhoneNumbers(text: string): string {
  // The finder costs ~50 µs a country: run it only where 8+ digits stand together (a phone number has more).
  if (!PHONE_LIKE_DIGITS.test(text)) return text;
  const spans: Array<[number, number]> = [];
  for (const country of PHONE_COUNTRIES) {
    // extended = libphonenumber's POSSIBLE leniency: a plausible length for the country, whether or not the range is assigned (555 numbers).
    for (const found of findPhoneNumbersInText(text, { defaultCountry: country, extended: true })) {
      // Digits inside a word ("MARKER560545484c…", a serial number) are not a phone number.
      if (/[\p{L}\d]/u.test(text.charAt(found.startsAt - 1) + text.charAt(found.endsAt))) continue;
      const raw = text.slice(found.startsAt, found.endsAt);
      const international = /^\s*(\+|00)/.test(raw) || text.slice(Math.max(0, found.startsAt - 1), found.startsAt) === '+';
      if (!international && raw.replace(/\D/g, '').length < MIN_NATIONAL_PHONE_DIGITS) continue;
      // "+1 (555) …": the '+' and country code may sit just before what the finder returned.
      const prefix = /\+\d{1,3}\s*$/.exec(text.slice(0, found.startsAt));
      spans.push([prefix ? prefix.index : found.startsAt, found.endsAt]);
    }
  }
  return maskSpans(text, spans);
}

/** An IBAN: two letters, two check digits, then 11–30 letters/digits, possibly in groups of four. */
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b/gi;

function maskIbans(text: string): string {
  return text.replace(IBAN_CANDIDATE, (candidate) => {
    // The pattern may run into the next word ("… 32 please"): drop trailing groups until the check digits agree.
    const groups = candidate.split(' ');
    for (let n = groups.length; n >= 1; n--) {
      const head = groups.slice(0, n).join(' ');
      const electronic = electronicFormatIBAN(head.toUpperCase());
      if (electronic && isValidIBAN(electronic)) return `${MASK}${candidate.slice(head.length)}`;
    }
    return candidate;
  });
}

/** Words that never sit between a house number and a street name ("3 times on the road", "2 TB drive"). */
const NOT_A_STREET_NAME = "(?!(?:a|an|the|and|or|of|on|in|to|at|for|from|my|is|it|times?|gb|tb|mb|kb|days?|hours?|minutes?|weeks?|months?|years?|am|pm|percent)\\b)";
const NAME_WORDS = `(?:\\s+${NOT_A_STREET_NAME}[A-Za-z][A-Za-z'’.-]*){1,4}?`;
/** "221B Baker Street", "10 Downing St", "1600 Amphitheatre Parkway": street words that are rarely anything else. */
const STREET_ADDRESS = new RegExp(
  `\\b\\d{1,5}[a-z]?,?${NAME_WORDS}\\s+(?:street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|parkway|pkwy|highway|hwy|terrace|crescent)\\b\\.?`,
  'gi',
);
/** "1 Infinite Loop", "12 Oak Drive", "4 Privet Dr": ordinary words ("way", "drive") count only when capitalised, as in an address. */
const CAPITALISED_STREET_ADDRESS = /\b\d{1,5}[a-z]?,?(?:\s+[A-Z][a-z'’.-]+){1,4}?\s+(?:Drive|Dr|Way|Court|Ct|Place|Pl|Close|Square|Sq|Walk|Row|Grove|Gardens|Mews|Loop)\b\.?/g;
/** "12 rue de la Paix", "5 calle Mayor", "Hauptstraße 5". */
const CONTINENTAL_ADDRESS =
  /\b\d{1,5}\s*,?\s+(?:rue|avenue|boulevard|chemin|allée|impasse|calle|rua)(?:\s+[A-Za-zÀ-ÿ'’-]+){1,5}|\b[A-ZÄÖÜ][a-zäöüß-]*(?:straße|strasse|weg|gasse|platz|allee)\s+\d{1,5}[a-z]?\b/g;
/** UK postcodes ("SW1A 1AA", "M1 1AE"; not "M2 8GB") and US ZIP codes after a state ("CA 94043", "NY 10001-1234"). */
const POSTCODE =
  /\b(?:[A-Z]{1,2}\d[A-Z\d]? (?!\d(?:GB|TB|MB|KB)\b)\d[A-Z]{2}|(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]) \d{5}(?:-\d{4})?)\b/g;

function maskAddresses(text: string): string {
  return text.replace(STREET_ADDRESS, MASK).replace(CAPITALISED_STREET_ADDRESS, MASK).replace(CONTINENTAL_ADDRESS, MASK).replace(POSTCODE, MASK);
}

/** Replaces the given (possibly overlapping) [start, end) spans with one mask each. */
function maskSpans(text: string, spans: Array<[number, number]>): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    out += text.slice(at, Math.max(at, start)) + (start >= at ? MASK : '');
    at = end;
  }
  return out + text.slice(at);
}

export function redact(text: string): string {
  const masked = text
    .replace(SECRET_AFTER_KEYWORD, (whole, keyword: string, sep: string, open: string, secret: string) => {
      // The whole token is masked, punctuation included ("Hunter2!x", "hunter2."), so nothing of a secret is left.
      const word = secret.replace(/[.,!?;:"'”’)]+$/, '').toLowerCase();
      if (WORDS_THAT_ARE_NOT_SECRETS.has(word) && !open) return whole;
      if (!sep.trim() && !/\d/.test(secret) && !open) return whole; // "password reset", "code sent": no separator, no digits
      return `${keyword}${sep}${open}${MASK}`;
    })
    .replace(CARD_NUMBER, (m) => (luhnValid(m.replace(/\D/g, '')) ? MASK : m))
    .replace(EMAIL, MASK);
  return maskAddresses(maskPhoneNumbers(maskIbans(masked))).replace(PASSWORD_LIKE_TOKEN, MASK);
}

/** True when the text contains something redact() would mask. */
export function looksSensitive(text: string): boolean {
  return redact(text) !== text;
}

/**
 * An activity as it may be stored: `text` and every string inside `value` (card submissions) masked with redact().
 * Everything else (ids, channelData, attachments' metadata) is kept as it is.
 */
export function maskedActivity<T extends { text?: string; value?: unknown }>(activity: T): T {
  const masked = { ...activity };
  if (typeof masked.text === 'string') masked.text = redact(masked.text);
  if (masked.value !== undefined) masked.value = maskStrings(masked.value);
  return masked;
}

function maskStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, depth + 1)]));
}
