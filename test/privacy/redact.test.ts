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

describe('redact: phone numbers, IBANs and street addresses', () => {
  test.each([
    ['call me on +44 20 7946 0958 please', 'call me on ••• please'],
    ['my number is +1 (555) 123-4567', 'my number is •••'],
    ['text 07700 900123 if you can', 'text ••• if you can'],
    ['reach me at 555-123-4567', 'reach me at •••'],
    ['mon portable 06 12 34 56 78', 'mon portable •••'],
    ['ring 0044 20 7946 0958', 'ring •••'],
    ['my IBAN is GB82 WEST 1234 5698 7654 32 thanks', 'my IBAN is ••• thanks'],
    ['pay to DE89370400440532013000', 'pay to •••'],
    ['I live at 221B Baker Street, London', 'I live at •••, London'],
    ['send it to 10 Downing St. please', 'send it to ••• please'],
    ['ship to 1 Infinite Loop, Cupertino CA 95014', 'ship to •••, Cupertino •••'],
    ['12 rue de la Paix', '•••'],
    ['Hauptstraße 5 in Berlin', '••• in Berlin'],
    ['postcode SW1A 1AA', 'postcode •••'],
  ])('%s → %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
    expect(looksSensitive(input)).toBe(true);
  });

  test.each([
    'error 0x8007000E when backing up',
    'it says error code -1009',
    'error 4030 again',
    'the error code is 4030',
    'I am on iOS 17.4.1',
    'updated to iOS 18.0 yesterday',
    'I have 5 GB free',
    'only 50GB left of 2 TB',
    'my 2 TB drive is full',
    'it failed at 10:30 last night',
    'it runs at 2 am',
    'since 2024-03-15',
    'since 15/03/2024',
    'on March 15, 2024',
    'stuck at 95%',
    'iPhone 15 Pro',
    'iPhone 15 Pro Max 256GB',
    'MacBook M2 8GB',
    'it failed 3 times on the road',
    'backup of 12345678 bytes',
    'order 1234567',
    'serial F2LXK560545484QWE',
    'MARKER560545484c5642249042c248e3820d3a',
    'Settings > [your name] > iCloud > iCloud Backup',
    'there is 1 way to do it',
  ])('leaves "%s" alone', (input) => {
    expect(redact(input)).toBe(input);
  });
});

describe('logs', () => {
  test('error fields go through the same masking; other fields and text stay as the logger made them', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createLogger } = require('../../src/logging/logger') as typeof import('../../src/logging/logger');
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) }, { mask: redact });
    log.warn({ error: 'bad JSON near "call me on +44 20 7946 0958"', err: { message: 'jane@example.com is not valid' }, text: 'secret', requestId: 'r-1' }, 'failed');
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry.error).toBe('bad JSON near "call me on •••"');
    expect(entry.err).toEqual(expect.objectContaining({ message: '••• is not valid' }));
    expect(entry.text).toBe('[redacted]');
    expect(entry.requestId).toBe('r-1');
  });
});
