/** Fills `{name}` placeholders; a missing value shows as `<name>` (as `explain` prints them). */
export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `<${name}>`);
}
