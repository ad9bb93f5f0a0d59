/** `{name}` placeholders in content text (prompts.yaml). Anything between braces counts, so typos like `{ title }` are caught. */
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The placeholder names used in a template, in order of first appearance, without duplicates. */
export function placeholdersIn(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Replaces every `{name}` in the template with its value. Values are inserted as-is (a value containing `{x}` is not
 * expanded again). Throws when the template uses a name that has no value.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) {
      throw new Error(`template placeholder {${name}} has no value (given: ${Object.keys(values).join(', ') || 'none'})`);
    }
    return String(values[name]);
  });
}
