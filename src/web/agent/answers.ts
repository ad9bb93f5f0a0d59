/** Answers at hand: search the bot's solutions and FAQs, insert one into the reply box. */
import { isPageLanguage } from '../../channels/webchat/pageLanguage';
import type { AnswerDoc } from '../../handoff/answerSearch';
import { byId, el, fill, onSubmit } from '../shared/dom';
import { api } from './api';
import { state } from './state';

const KIND: Record<AnswerDoc['kind'], string> = { faq: 'FAQ', solution: 'Solution', knowledge: 'Knowledge base' };

function insertIntoReply(text: string): void {
  const box = byId<HTMLTextAreaElement>('reply-text');
  box.value = box.value ? `${box.value.replace(/\s*$/, '\n\n')}${text}` : text;
  box.focus();
}

function answerItem(answer: AnswerDoc): HTMLElement {
  const title = el('span', 'answers__title', `${answer.title} `, el('span', 'answers__kind', KIND[answer.kind]));
  const snippet = el('span', 'answers__snippet', answer.text.length > 140 ? `${answer.text.slice(0, 140)}…` : answer.text);
  const insert = el('button', null, 'Insert');
  insert.type = 'button';
  insert.setAttribute('data-answer', answer.id);
  insert.addEventListener('click', () => insertIntoReply(answer.text));
  return el('li', null, null, el('div', null, null, title, snippet), insert);
}

async function searchAnswers(): Promise<void> {
  const q = byId<HTMLInputElement>('answers-query').value.trim();
  // In the person's language when the bot speaks it (else English).
  const code = state.selectedLanguage?.code;
  const language = isPageLanguage(code) ? code : 'en';
  const result = await api<{ answers: AnswerDoc[] }>('GET', `/answers?q=${encodeURIComponent(q)}&language=${language}`);
  const items = result.answers.map(answerItem);
  fill(byId('answers-list'), ...(items.length ? items : [el('li', null, 'Nothing matches; try other words.')]));
}

export function wireAnswers(): void {
  onSubmit(byId<HTMLFormElement>('answers-form'), () => void searchAnswers().catch(() => undefined));
}
