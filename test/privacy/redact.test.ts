import { looksSensitive, redact } from '../../src/privacy/redact';

describe('redact', () => {
  test.each([
    ['my password is hunter2', 'my password is •••'],
    ['my password is Hunter2!x', 'my password is •••'],
    ['password: "Tr0ub4dor&3"', 'password: "•••'],
    ['the code is 123456.', 'the code is •••'],
    ['passcode 1234', 'passcode •••'],
    ['my apple id is jane.doe@icloud.com', 'my apple id is •••'],
    ['card 4111 1111 1111 1111 please', 'card ••• please'],
    ['I typed Summer2024! and it failed', 'I typed ••• and it failed'],
  ])('%s → %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
    expect(looksSensitive(input)).toBe(true);
  });

  test.each([
    'it keeps asking for my password',
    'my password is right',
    'I changed my password last week',
    'password reset',
    'verification code sent',
    'I have iPhone12 on iOS 17.2',
    'order 1234 5678 9012 3456', // not a valid card number (Luhn)
  ])('leaves "%s" alone', (input) => {
    expect(redact(input)).toBe(input);
  });
});
