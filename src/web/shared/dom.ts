/** Small DOM helpers shared by the pages: every text from the server goes in with textContent, never as HTML. */

/** The element with this id; throws when the page lacks it (a page and its script out of step). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}`);
  return node as T;
}

type Child = Node | string | null | undefined | false;

/** `<tag class="className">text</tag>`, with children appended after the text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: string | number | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  append(node, ...children);
  return node;
}

/** Appends the children that are there (skips null, undefined and false). */
function append(parent: Node, ...children: Child[]): void {
  for (const child of children) if (child !== null && child !== undefined && child !== false) parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
}

/** Replaces all children of `parent`. */
export function fill(parent: Node, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with these attributes (and text, for <text> and <title>). */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A table with a header row and body rows; `numeric` header indexes get class="num". */
export function table(className: string, headers: readonly string[], rows: readonly HTMLTableRowElement[], numeric: ReadonlySet<number> = new Set(), caption?: string): HTMLTableElement {
  const head = el('tr');
  headers.forEach((title, i) => {
    const th = el('th', numeric.has(i) ? 'num' : null, title);
    th.scope = 'col';
    head.appendChild(th);
  });
  return el('table', className, null, caption === undefined ? null : el('caption', null, caption), el('thead', null, null, head), el('tbody', null, null, ...rows));
}

/** A row of cells: a string or number becomes a text cell (class="num" for numbers), a Node is wrapped in a cell. */
export function row(...cells: (string | number | Node)[]): HTMLTableRowElement {
  return el('tr', null, null, ...cells.map((cell) => (cell instanceof Node ? el('td', null, null, cell) : el('td', typeof cell === 'number' ? 'num' : null, cell))));
}

/** A submit handler that does not reload the page. */
export function onSubmit(form: HTMLFormElement, handler: (event: SubmitEvent) => void): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handler(event as SubmitEvent);
  });
}
