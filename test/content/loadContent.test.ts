/** The real dialogs/ content: it loads, and it says what the source article says. */
import { join } from 'node:path';
import { loadDialogContent, type DialogContent } from '../../src/content/loadContent';
import { fill } from '../../src/content/template';
import type { Solution } from '../../src/content/schema';

const DIALOGS = join(__dirname, '..', '..', 'dialogs');

/** The intents listed in notes/intents.md (the shared inventory). */
const INVENTORY = new Set([
  'storage_full', 'network_unstable', 'apple_id', 'ios_outdated', 'network_settings', 'backup_corrupted', 'software_glitch',
  'backup_failed', 'faq_meaning', 'faq_without_icloud', 'human_agent', 'none',
  'greeting', 'thanks', 'help', 'cancel', 'start_over', 'affirm', 'deny', 'skip', 'repeat', 'go_back', 'where_was_i', 'walk_through',
  'ask_data_loss', 'ask_where_settings', 'ask_cant_find', 'ask_apple_id', 'ask_passcode', 'ask_backup_now',
]);

let content: DialogContent;
beforeAll(() => {
  content = loadDialogContent(DIALOGS, { knownIntents: INVENTORY });
});

function solution(id: string): Solution {
  const found = content.solution(id);
  if (!found) throw new Error(`no solution ${id}`);
  return found;
}

const stepTexts = (id: string): string[] => solution(id).steps.map((s) => s.text);
const stepDetails = (id: string): string[] => solution(id).steps.flatMap((s) => (s.detail ? [s.detail] : []));

/** Every string in the loaded content, for checks that apply to all text people see. */
function allTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allTexts);
  return [];
}

describe('the real dialogs/ content', () => {
  it('loads without a knownIntents set too', () => {
    expect(loadDialogContent(DIALOGS).solutions).toHaveLength(8);
  });

  it('has the article\'s 8 solutions in order, numbered 1..8', () => {
    expect(content.solutions.map((s) => [s.number, s.id])).toEqual([
      [1, 'check_storage'],
      [2, 'check_internet'],
      [3, 'verify_apple_id'],
      [4, 'update_ios'],
      [5, 'reset_network_settings'],
      [6, 'toggle_icloud_backup'],
      [7, 'reset_all_settings'],
      [8, 'contact_apple_support'],
    ]);
    expect(content.solutions.map((s) => s.title)).toEqual([
      'Ensure Sufficient iCloud Storage',
      'Check the Internet Connection',
      'Verify Apple ID and Password',
      'Update iOS Software',
      'Reset Network Settings',
      'Disable iCloud Backup and Re-enable',
      'Reset All Settings',
      'Contact Apple Support',
    ]);
  });

  it('ends with Contact Apple Support as the only final solution', () => {
    expect(content.finalSolution.id).toBe('contact_apple_support');
    expect(content.finalSolution.final).toBe(true);
    expect(content.solutions.filter((s) => s.final).map((s) => s.id)).toEqual(['contact_apple_support']);
    expect(stepTexts('contact_apple_support').join(' ')).toContain('support.apple.com/contact');
    expect(stepTexts('contact_apple_support').join(' ')).toContain('Apple Support app');
  });

  it('uses the article\'s exact Settings paths', () => {
    expect(stepTexts('check_storage')[0]).toContain('Settings > [Your Name] > iCloud > Manage Account Storage');
    expect(stepTexts('verify_apple_id')[0]).toContain('Settings > [Your Name] > iCloud');
    expect(stepTexts('update_ios')[0]).toContain('Settings > General > Software Update');
    expect(stepTexts('update_ios')[1]).toContain('"Download and Install"');
    expect(stepTexts('reset_network_settings')[0]).toContain('Settings > General > Reset > Reset Network Settings');
    expect(stepTexts('toggle_icloud_backup')[0]).toContain('Settings > [Your Name] > iCloud > iCloud Backup');
    expect(stepTexts('reset_all_settings')[0]).toContain('Settings > General > Reset > Reset All Settings');
  });

  it('gives the current iOS 15+ Reset path next to the article\'s outdated one', () => {
    for (const id of ['reset_network_settings', 'reset_all_settings']) {
      expect(stepDetails(id).join(' ')).toContain('Settings > General > Transfer or Reset iPhone > Reset');
      expect(stepDetails(id).join(' ')).toMatch(/Don't choose "Erase All Content and Settings"/);
    }
    expect(stepDetails('toggle_icloud_backup').join(' ')).toContain('"Back Up This iPhone"');
    expect(stepDetails('check_storage').join(' ')).toContain('"Manage Storage"');
  });

  it('keeps the article\'s notes', () => {
    expect(solution('check_storage').note).toMatch(/upgrading your iCloud storage plan or deleting unnecessary data/);
    expect(solution('check_internet').note).toMatch(/resetting your router or contacting your internet service provider/);
  });

  it('warns about Wi-Fi passwords before resetting network settings, and asks first', () => {
    expect(solution('reset_network_settings').warning).toMatch(/Wi-Fi passwords/);
    expect(solution('reset_network_settings').confirm?.prompt).toMatch(/Wi-Fi passwords/);
  });

  it('warns that Reset All Settings resets settings to factory defaults but keeps data, and asks first', () => {
    const resetAll = solution('reset_all_settings');
    expect(resetAll.confirm).toBeDefined();
    expect(resetAll.warning).toMatch(/factory defaults/);
    expect(resetAll.warning).toMatch(/does not erase your data or media/);
  });

  it('asks for confirmation only before the two resets', () => {
    expect(content.solutions.filter((s) => s.confirm).map((s) => s.id)).toEqual(['reset_network_settings', 'reset_all_settings']);
  });

  it('writes each "why" as one sentence', () => {
    for (const s of content.solutions) {
      expect(s.why).toMatch(/[.!?]$/);
      expect(s.why).not.toMatch(/[.!?]\s+\S/);
    }
  });

  it('links each cause to the solution that addresses it', () => {
    expect(content.causes.map((c) => [c.id, c.solution])).toEqual([
      ['storage_full', 'check_storage'],
      ['network_unstable', 'check_internet'],
      ['apple_id', 'verify_apple_id'],
      ['ios_outdated', 'update_ios'],
      ['network_settings', 'reset_network_settings'],
      ['backup_corrupted', 'toggle_icloud_backup'],
      ['software_glitch', 'toggle_icloud_backup'],
    ]);
    expect(content.cause('apple_id')?.name).toBe('Incorrect Apple ID or password');
    expect(content.cause('nope')).toBeUndefined();
  });

  it('binds the article\'s 4 FAQs to their intents', () => {
    expect(content.answerFor('faq_meaning')?.question).toBe('What does "iCloud backup failed" mean?');
    expect(content.answerFor('faq_meaning')?.answer).toMatch(/couldn't be completed successfully/);
    expect(content.answerFor('backup_failed')).toMatchObject({
      question: 'Why does my iCloud backup keep failing?',
      onlyWhenAsked: true,
    });
    expect(content.answerFor('faq_without_icloud')?.answer).toMatch(/iTunes on your computer/);
    expect(content.answerFor('storage_full')).toMatchObject({ question: 'Why is my iCloud storage full?', onlyWhenAsked: true });
    expect(content.answerFor('faq_meaning')?.onlyWhenAsked).toBeUndefined();
  });

  it('answers follow-up questions, with step-specific answers where they differ', () => {
    for (const intent of ['ask_data_loss', 'ask_where_settings', 'ask_cant_find', 'ask_apple_id', 'ask_passcode', 'ask_backup_now']) {
      expect(content.answerFor(intent)?.answer).toBeTruthy();
    }
    const dataLoss = content.answerFor('ask_data_loss')?.perSolution ?? {};
    expect(dataLoss['reset_network_settings']).toMatch(/Wi-Fi/);
    expect(dataLoss['reset_all_settings']).toMatch(/data and media stay/);
    expect(dataLoss['verify_apple_id']).toMatch(/keep/);
    expect(content.answerFor('ask_cant_find')?.perSolution?.['reset_network_settings']).toContain('Transfer or Reset iPhone');
    expect(content.answerFor('ask_apple_id')?.answer).toContain('iforgot.apple.com');
    expect(content.answerFor('ask_backup_now')?.answer).toContain('Settings > [Your Name] > iCloud > iCloud Backup');
    expect(content.answerFor('ask_backup_now')?.answer).toContain('Back Up Now');
    expect(content.answerFor('human_agent')).toBeUndefined();
  });

  it('has the prompts the engine needs, with working placeholders', () => {
    const p = content.prompts;
    expect(p.examples).toEqual([
      'My backup says not enough storage',
      'Backup failed but I have space',
      'It keeps asking for my Apple ID password',
      'What does "iCloud backup failed" mean?',
    ]);
    expect(p.didItWork).toBe('Did that fix your backup?');
    expect(p.buttons).toMatchObject({ yes: 'Yes, it worked', no: 'No, still failing', human: 'Talk to a person', skip: 'Skip this one' });
    expect(p.anythingElse).toBe('Is there anything else I can help with?');
    expect(fill(p.solutionIntro, { number: 4, title: 'Update iOS Software' })).toContain('Update iOS Software');
    expect(fill(p.stepOf, { index: 1, total: 2, text: 'Go to Settings.' })).toMatch(/1.*2.*Go to Settings\./);
    expect(fill(p.clarify, { a: 'your iCloud storage', b: 'your Apple ID' })).toMatch(/your iCloud storage.*your Apple ID/);
    expect(fill(p.tooLong, { length: 5000, max: 1000 })).toMatch(/5000.*1000/);
    expect(p.backUpNow).toContain('Settings > [Your Name] > iCloud > iCloud Backup');
    for (const word of ['skip', 'repeat', 'go back', 'where was I?', 'start over', 'cancel', 'talk to a person']) {
      expect(p.help).toContain(word);
    }
  });

  it('only uses text that renders in Teams and Web Chat, with " > " in paths and no product plug', () => {
    const texts = allTexts(content);
    expect(texts.length).toBeGreaterThan(100);
    for (const t of texts) {
      expect(t).not.toMatch(/<\/?[a-z][^>]*>/i); // HTML
      expect(t).not.toMatch(/^#/m); // headings
      expect(t).not.toMatch(/\|/); // tables
      expect(t).not.toMatch(/\S>|>\S/); // Settings paths use " > "
      expect(t).not.toMatch(/MultCloud|Dropbox/i);
    }
  });
});
