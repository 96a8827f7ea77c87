import type { SarifMessageInput, SarifRuleInput, SarifToolComponentInput } from "./shape.js";

/**
 * A result's message as plain text: its own text (or Markdown), else the rule's or the tool's
 * message string its `id` names, with `{0}`-style arguments filled in and embedded links
 * (`[here](1)`, SARIF's way to point at related locations) reduced to their text, followed by
 * `describeLink`'s words for the target when it has some.
 */
export function messageText(
  message: SarifMessageInput,
  rule: SarifRuleInput | undefined,
  component: SarifToolComponentInput | undefined,
  describeLink: (target: string) => string | undefined = () => undefined,
): string {
  const stored = message.id
    ? (rule?.messageStrings?.[message.id] ?? component?.globalMessageStrings?.[message.id])
    : undefined;
  const template =
    message.text ?? message.markdown ?? stored?.text ?? stored?.markdown ?? rule?.shortDescription?.text;
  if (template === undefined || template === null) return "(the tool gave no message)";
  return reduceLinks(fillArguments(template, message.arguments ?? []), describeLink);
}

/** `{0}` is the first argument; `{{` and `}}` are literal braces. An argument that is missing stays as written. */
function fillArguments(template: string, args: readonly string[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index: string | undefined) => {
    if (index === undefined) return match[0]!;
    return args[Number(index)] ?? match;
  });
}

/** `[text](target)` becomes `text` (and where it points); `\[` and `\]` are literal brackets. */
function reduceLinks(text: string, describeLink: (target: string) => string | undefined): string {
  return text
    .replace(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^()\s]+)\)/g, (_, label: string, target: string) => {
      const where = describeLink(target);
      return where ? `${label} (${where})` : label;
    })
    .replace(/\\([[\]])/g, "$1");
}
