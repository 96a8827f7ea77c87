import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { DEFAULT_CONFIG } from "../../src/config/types.js";
import { ConfigError } from "../../src/errors.js";
import { DEFAULT_LIMITS } from "../../src/manifests/limits.js";

const PATH = ".bulwark.yaml";

/** The ConfigError message parseConfig throws for `text` (which includes path:line:column). */
function errorOf(text: string): string {
  try {
    parseConfig(text, PATH);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig: valid files", () => {
  it("gives the defaults for an empty file or one with only comments", () => {
    expect(parseConfig("", PATH)).toEqual(DEFAULT_CONFIG);
    expect(parseConfig("# nothing configured yet\n", PATH)).toEqual(DEFAULT_CONFIG);
    expect(parseConfig("exemptions: []\nrules: {}\n", PATH)).toEqual(DEFAULT_CONFIG);
  });

  it("reads every section into the config, with defaults for what is absent", () => {
    const text = `profile: pss-restricted
pss-version: v1.30
kubernetes-version: v1.33
rules:
  pss-privileged: warning
paths:
  include: ["deploy/**"]
  exclude: ["deploy/legacy/**", "**/*.tmpl.yaml"]
exemptions:
  - rules: [pss-privileged]
    paths: [deploy/node-agent/**]
    objects:
      - {kind: DaemonSet, namespace: kube-*, name: agent}
    reason: The node agent needs the host's devices.
    expires: 2030-12-31
  - rules: ["*"]
    reason: Vendored chart, checked upstream.
limits:
  max-file-size: 8MiB
  max-depth: 64
`;
    expect(parseConfig(text, PATH)).toEqual({
      profile: "pss-restricted",
      pssVersion: "v1.30",
      kubernetesVersion: "v1.33",
      rules: { "pss-privileged": { enabled: true, severity: "warning" } },
      include: ["deploy/**"],
      exclude: ["deploy/legacy/**", "**/*.tmpl.yaml"],
      exemptions: [
        {
          rules: ["pss-privileged"],
          paths: ["deploy/node-agent/**"],
          objects: [{ kind: "DaemonSet", namespace: "kube-*", name: "agent" }],
          reason: "The node agent needs the host's devices.",
          expires: "2030-12-31",
          source: { path: PATH, line: 10, column: 5 },
        },
        {
          rules: ["*"],
          reason: "Vendored chart, checked upstream.",
          source: { path: PATH, line: 16, column: 5 },
        },
      ],
      limits: { ...DEFAULT_LIMITS, maxFileBytes: 8 * 1024 * 1024, maxDepth: 64 },
      baseImages: {},
    });
  });

  it("does not share arrays or objects with DEFAULT_CONFIG", () => {
    const config = parseConfig("limits: {max-depth: 10}\n", PATH);
    expect(config.limits).not.toBe(DEFAULT_CONFIG.limits);
    expect(DEFAULT_CONFIG.limits.maxDepth).toBe(DEFAULT_LIMITS.maxDepth);
  });

  it("accepts every form of a rule setting", () => {
    const text = `rules:
  pss-privileged: off
  unsafe-yaml: note
  invalid-yaml: {severity: warning}
`;
    expect(parseConfig(text, PATH).rules).toEqual({
      "pss-privileged": { enabled: false },
      "unsafe-yaml": { severity: "note" },
      "invalid-yaml": { severity: "warning" },
    });
    const forms: [string, object][] = [
      ["off", { enabled: false }],
      ["false", { enabled: false }],
      ["on", { enabled: true }],
      ["true", { enabled: true }],
      ["error", { enabled: true, severity: "error" }],
      ["note", { enabled: true, severity: "note" }],
      ["{enabled: false}", { enabled: false }],
      ["{enabled: true, severity: note}", { enabled: true, severity: "note" }],
      ["{severity: warning}", { severity: "warning" }],
    ];
    for (const [yaml, expected] of forms) {
      expect(parseConfig(`rules: {pss-privileged: ${yaml}}\n`, PATH).rules["pss-privileged"], yaml).toEqual(
        expected,
      );
    }
  });

  it("reads sizes in bytes and with binary or decimal units", () => {
    const sizes: [string, number][] = [
      ["1048576", 1048576],
      ["64MiB", 64 * 1024 * 1024],
      ["512 KiB", 512 * 1024],
      ["1.5GiB", 1.5 * 1024 ** 3],
      ["2MB", 2_000_000],
      ["100B", 100],
    ];
    for (const [yaml, bytes] of sizes) {
      expect(parseConfig(`limits: {max-file-size: ${yaml}}\n`, PATH).limits.maxFileBytes, yaml).toBe(bytes);
    }
  });

  it("follows anchors and aliases", () => {
    const text = `exemptions:
  - rules: [pss-privileged]
    paths: &agents [agents/**]
    reason: agents
  - rules: [invalid-yaml]
    paths: *agents
    reason: generated
`;
    expect(parseConfig(text, PATH).exemptions.map((e) => e.paths)).toEqual([["agents/**"], ["agents/**"]]);
  });
});

describe("parseConfig: mistakes are ConfigErrors at their line and column", () => {
  it("carries the location as data as well as in the message", () => {
    try {
      parseConfig("profile: all\nprofiles: all\n", "conf/.bulwark.yaml");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).location).toEqual({ path: "conf/.bulwark.yaml", line: 2, column: 1 });
    }
  });

  const cases: [string, string, string][] = [
    [
      "unknown top-level key",
      "profile: all\nexemption: []\n",
      '2:1: unknown key "exemption" at the top level; did you mean "exemptions"?',
    ],
    [
      "unknown key with nothing close lists the valid ones",
      "colour: blue\n",
      '1:1: unknown key "colour" at the top level; valid keys: profile, pss-version, kubernetes-version, rules, paths, exemptions, limits, base-images',
    ],
    [
      "unknown nested key",
      "paths:\n  includes: [a]\n",
      '2:3: unknown key "includes" in paths; did you mean "include"?',
    ],
    [
      "unknown key in an exemption",
      "exemptions:\n  - rule: [pss-privileged]\n    reason: r\n",
      '2:5: unknown key "rule" in exemptions[0]; did you mean "rules"?',
    ],
    [
      "unknown key in an object selector",
      "exemptions:\n  - rules: ['*']\n    objects: [{kinds: Pod}]\n    reason: r\n",
      '3:16: unknown key "kinds" in exemptions[0].objects[0]; did you mean "kind"?',
    ],
    [
      "unknown rule id in rules",
      "rules:\n  pss-privilegd: off\n",
      '2:3: unknown rule "pss-privilegd" in rules; did you mean "pss-privileged"?',
    ],
    ["unknown rule id with nothing close", "rules:\n  xyzzy: off\n", '2:3: unknown rule "xyzzy" in rules'],
    [
      "an image-verification rule in rules",
      "rules:\n  image-signature-missing: off\n",
      '2:3: rule "image-signature-missing" in rules is an image-verification rule (verify-image, bulwark verify): verification fails closed, so .bulwark.yaml neither turns it off, changes its severity nor exempts from it',
    ],
    [
      "an image-verification rule in an exemption",
      "exemptions:\n  - rules: [image-identity-mismatch]\n    reason: r\n",
      '2:13: exemptions[0].rules[0]: rule "image-identity-mismatch" is an image-verification rule (verify-image, bulwark verify): verification fails closed, so .bulwark.yaml neither turns it off, changes its severity nor exempts from it',
    ],
    [
      "unknown rule id in an exemption",
      "exemptions:\n  - rules: [pss-privileged, privileged]\n    reason: r\n",
      '2:29: exemptions[0].rules[1]: unknown rule "privileged"; did you mean "pss-privileged"?',
    ],
    [
      "unknown profile",
      "profile: restricted\n",
      '1:10: profile: unknown profile "restricted"; did you mean "pss-restricted"?',
    ],
    [
      "a profile that is not a string",
      "profile: 3\n",
      "1:10: profile: expected a profile (a string), found number 3",
    ],
    [
      "unknown rule setting",
      "rules:\n  pss-privileged: warn\n",
      '2:19: rules.pss-privileged: unknown setting "warn"; did you mean "warning"?',
    ],
    [
      "a YAML 1.1 boolean is not a setting",
      "rules:\n  pss-privileged: no\n",
      '2:19: rules.pss-privileged: unknown setting "no"; valid settings: off, on, error, warning, note',
    ],
    [
      "a setting of the wrong type",
      "rules:\n  pss-privileged: 2\n",
      "2:19: rules.pss-privileged: expected off, on, error, warning, note or { enabled, severity }, found number 2",
    ],
    [
      "enabled that is not a boolean",
      "rules:\n  pss-privileged: {enabled: yes}\n",
      '2:29: rules.pss-privileged.enabled: expected true or false, found "yes"',
    ],
    [
      "an empty long form",
      "rules:\n  pss-privileged: {}\n",
      "2:19: rules.pss-privileged: give at least one of enabled, severity",
    ],
    [
      "turning off an input rule",
      "rules:\n  invalid-yaml: off\n",
      '2:17: rules.invalid-yaml: "invalid-yaml" reports input that was not checked and cannot be turned off; set its severity instead',
    ],
    [
      "disabling an input rule in the long form",
      "rules:\n  invalid-yaml: {enabled: false}\n",
      '2:17: rules.invalid-yaml: "invalid-yaml" reports input that was not checked and cannot be turned off; set its severity instead',
    ],
    ["rules as a list", "rules: [pss-privileged]\n", "1:8: rules: expected a mapping, found a list"],
    [
      "a glob list given as a string",
      "paths:\n  exclude: vendor/**\n",
      '2:12: paths.exclude: expected a non-empty list, found "vendor/**"',
    ],
    [
      "an empty list",
      "paths:\n  exclude: []\n",
      "2:12: paths.exclude: expected a non-empty list, found an empty one",
    ],
    [
      "an exemption without a reason",
      "exemptions:\n  - rules: [pss-privileged]\n    expires: 2030-01-01\n",
      '2:5: exemptions[0]: missing required key "reason": Why the exception is acceptable. Required: it is shown with every finding it suppresses.',
    ],
    [
      "a reason left blank",
      "exemptions:\n  - rules: ['*']\n    reason:\n",
      "3:12: exemptions[0].reason: expected a non-empty string, found nothing",
    ],
    [
      "an empty reason",
      "exemptions:\n  - rules: ['*']\n    reason: ' '\n",
      '3:13: exemptions[0].reason: expected a non-empty string, found " "',
    ],
    [
      "an exemption without rules",
      "exemptions:\n  - reason: r\n",
      '2:5: exemptions[0]: missing required key "rules": The rules it exempts (rule ids, or `*` for every rule).',
    ],
    [
      "a date that does not exist",
      "exemptions:\n  - rules: ['*']\n    reason: r\n    expires: 2025-02-30\n",
      '4:14: exemptions[0].expires: "2025-02-30" is not a date; write YYYY-MM-DD, e.g. 2030-12-31',
    ],
    [
      "a date in another format",
      "exemptions:\n  - rules: ['*']\n    reason: r\n    expires: 31/12/2030\n",
      '4:14: exemptions[0].expires: "31/12/2030" is not a date; write YYYY-MM-DD, e.g. 2030-12-31',
    ],
    [
      "an empty object selector",
      "exemptions:\n  - rules: ['*']\n    objects: [{}]\n    reason: r\n",
      "3:15: exemptions[0].objects[0]: give at least one of kind, namespace, name",
    ],
    [
      "exemptions as a mapping",
      "exemptions:\n  rules: ['*']\n",
      "2:3: exemptions: expected a list, found a mapping",
    ],
    [
      "an invalid PSS version",
      "pss-version: v2.1\n",
      '1:14: pss-version: "v2.1" is not a PSS version; write "latest" or v1.N, e.g. v1.30',
    ],
    [
      "a PSS version written as a number",
      "pss-version: 1.30\n",
      "1:14: pss-version: expected a non-empty string, found number 1.3",
    ],
    [
      "a size without a known unit",
      "limits:\n  max-file-size: 10 parsecs\n",
      '2:18: limits.max-file-size: expected a size such as 64MiB, 512KiB or a number of bytes, found "10 parsecs"',
    ],
    [
      "a zero limit",
      "limits:\n  max-depth: 0\n",
      "2:14: limits.max-depth: expected a whole number of at least 1, found number 0",
    ],
    [
      "a fractional limit",
      "limits:\n  max-expanded-nodes: 1.5\n",
      "2:23: limits.max-expanded-nodes: expected a whole number of at least 1, found number 1.5",
    ],
    ["a list at the top", "- profile: all\n", "1:1: expected a mapping, found a list"],
    [
      "a YAML syntax error",
      "rules:\n  pss-privileged: [off\n",
      "3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
    [
      "a duplicate key",
      "profile: all\nprofile: recommended\n",
      "2:1: YAML syntax error: Map keys must be unique",
    ],
    [
      "two documents",
      "profile: all\n---\nprofile: recommended\n",
      "2:1: YAML syntax error: Source contains multiple documents; please use YAML.parseAllDocuments()",
    ],
    ["an alias to nothing", "profile: *preferred\n", "1:10: alias *preferred refers to no anchor"],
  ];

  it.each(cases)("%s", (_name, text, message) => {
    expect(errorOf(text)).toBe(`${PATH}:${message}`);
  });
});
