import type { InputRule } from "./types.js";

const input = (rule: Omit<InputRule, "scope" | "category" | "references">): InputRule => ({
  ...rule,
  scope: "input",
  category: "input",
  references: [],
});

/** Problems with the input itself. They are always on: a file that could not be read was not checked. */
export const inputRules: readonly InputRule[] = [
  input({
    id: "invalid-yaml",
    title: "File is not valid YAML",
    severity: "error",
    description:
      "The document could not be parsed, so nothing in it was checked. Kubernetes would reject it too.",
    remediation:
      "Fix the syntax error at the reported line (duplicate keys count as errors, as in `kubectl`).",
  }),
  input({
    id: "unsafe-yaml",
    title: "Document rejected as unsafe to expand",
    severity: "error",
    description:
      'The document nests too deeply, or its anchors and aliases expand to an enormous tree (a "billion laughs" bomb) or refer to themselves. It was not checked.',
    remediation: "Write the values out, or use fewer nested aliases.",
  }),
  input({
    id: "input-too-large",
    title: "File too large to check",
    severity: "error",
    description: "The file is over the configured size limit and was not checked.",
    remediation: "Split the file, exclude it, or raise `limits.max-file-size` in `.bulwark.yaml`.",
  }),
  input({
    id: "unreadable-file",
    title: "File is not readable text",
    severity: "error",
    description:
      "The file is binary, not valid UTF-8, or could not be read (for example a link that leaves the workspace). It was not checked.",
    remediation: "Store manifests as UTF-8 text inside the repository, or exclude the file.",
  }),
  input({
    id: "unrendered-template",
    title: "Template not rendered",
    severity: "warning",
    description:
      "The file holds template syntax such as `{{ .Values.x }}` and is not valid YAML until rendered.",
    remediation:
      "Validate the rendered output instead: `helm template . | bulwark validate - --source chart/`.",
  }),
  input({
    id: "expired-exemption",
    title: "Exemption in the config has expired",
    severity: "warning",
    description:
      "An exemption in `.bulwark.yaml` is past its `expires` date. It no longer suppresses anything, so the findings it covered are reported again; this finding points at the exemption so it is cleaned up or renewed deliberately.",
    remediation:
      "Fix the findings and delete the exemption, or move `expires` to a later date with a reason that still holds.",
  }),
];
