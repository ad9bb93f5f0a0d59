/**
 * Masks what must not be stored in transcripts shown to agents or written to logs:
 * anything that looks like a password, a payment card number or an email address.
 */
const MASK = '•••';

/** "my password is hunter2", "pw: x", "passcode 123456", "the code is 123456" → the secret part masked. */
const SECRET_AFTER_KEYWORD =
  /\b(password|passwd|pass ?word|pw|pwd|passcode|pass ?code|pin|verification code|2fa code|code)(\s*(?:is|was|=|:|-)?\s*)(["'“‘]?)(\S+)/gi;
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

export function redact(text: string): string {
  return text
    .replace(SECRET_AFTER_KEYWORD, (whole, keyword: string, sep: string, open: string, secret: string) => {
      // The whole token is masked, punctuation included ("Hunter2!x", "hunter2."), so nothing of a secret is left.
      const word = secret.replace(/[.,!?;:"'”’)]+$/, '').toLowerCase();
      if (WORDS_THAT_ARE_NOT_SECRETS.has(word) && !open) return whole;
      if (!sep.trim() && !/\d/.test(secret) && !open) return whole; // "password reset", "code sent": no separator, no digits
      return `${keyword}${sep}${open}${MASK}`;
    })
    .replace(CARD_NUMBER, (m) => (luhnValid(m.replace(/\D/g, '')) ? MASK : m))
    .replace(EMAIL, MASK)
    .replace(PASSWORD_LIKE_TOKEN, MASK);
}

/** True when the text contains something redact() would mask. */
export function looksSensitive(text: string): boolean {
  return redact(text) !== text;
}
