import type { Severity } from "../findings/types.js";
import type { FieldPath, ManifestObject } from "../manifests/types.js";
import type { PodView } from "../manifests/workloads.js";
import type { PssVersionNumber } from "./pss/version.js";

export type RuleCategory =
  | "pss"
  | "hygiene"
  | "rbac"
  | "network"
  | "istio"
  | "base-image"
  | "image-signature"
  | "input";

export type PssLevel = "baseline" | "restricted";

export interface RuleReference {
  title: string;
  url: string;
}

/** What a rule reports: the offending (or missing) field and a message; the engine adds the rest. */
export interface Violation {
  /** Path relative to the object (for pod rules: relative to the pod template, see PodRule). */
  path: FieldPath;
  message: string;
  /** Distinguishes two violations of one rule on the same path (e.g. a container name). */
  key?: string;
  /**
   * What the violation is about, when its path is no stable name for it (an entry of a list whose
   * entries have no name, such as an RBAC rule): the fingerprint then follows this instead of the
   * path, so entries added in front do not make the finding look new.
   */
  identity?: string;
}

export interface RuleContext {
  /** The resolved PSS version ("latest" already turned into a concrete version). */
  pssVersion: PssVersionNumber;
  /** The Kubernetes release the clusters run ("latest" already resolved). */
  kubernetesVersion: PssVersionNumber;
  /**
   * Whether the rule's findings on the object are suppressed, inline or by a config exemption: a
   * corpus rule reporting a group's problem reports it on a member that is not. The engine sets it;
   * without it, only inline suppressions count.
   */
  suppressed?(ruleId: string, object: ManifestObject): boolean;
}

export interface RuleMeta {
  /** Stable, kebab-case, unique. Users write it in config and inline annotations. */
  id: string;
  title: string;
  category: RuleCategory;
  severity: Severity;
  /** What the rule checks and why it matters (Markdown). */
  description: string;
  /** How to fix it (Markdown). */
  remediation: string;
  references: RuleReference[];
  /** For Pod Security Standards rules: the level and the check id exactly as the reference names it. */
  pss?: {
    level: PssLevel;
    check: string;
    /** The first policy version (v1.since) the check belongs to. */
    since: number;
    /** The baseline check this restricted check takes the place of once it applies (as in the reference). */
    replaces?: string;
  };
  /** Only the `all` profile turns it on (noisy or opinionated checks). */
  optIn?: boolean;
}

/**
 * Checks the pod of any workload (Pod, Deployment, CronJob, ...). Paths are relative to the pod template:
 * the mapping that holds the pod's `metadata` and `spec` (the object itself for a Pod).
 */
export interface PodRule extends RuleMeta {
  scope: "pod";
  check(pod: PodView, ctx: RuleContext): Violation[];
}

/** Checks one object of the listed kinds. Paths are relative to the object. */
export interface ObjectRule extends RuleMeta {
  scope: "object";
  /** Kinds this rule looks at; "*" for every kind. */
  kinds: readonly string[];
  check(object: ManifestObject, ctx: RuleContext): Violation[];
}

export interface CorpusViolation extends Violation {
  /** The object the violation is reported on; path is relative to it. */
  object: ManifestObject;
  /**
   * For a problem of a group of objects (a namespace, say) reported on one member: names the group.
   * The fingerprint then follows the group, not the member, so adding or reordering members does not
   * make the finding look new.
   */
  group?: string;
}

/** Looks at every object together (e.g. namespaces without a NetworkPolicy). */
export interface CorpusRule extends RuleMeta {
  scope: "corpus";
  /** The kinds the rule reads. Also what it gets in full: see `check`. */
  kinds: readonly string[];
  /**
   * `objects` is every scanned object, but only those of the kinds some active corpus rule declares
   * arrive whole; the others, and every workload, arrive as summaries (`corpusSummaryOf`): workloads
   * with their metadata, their pod template's metadata and the pod spec's scalar fields, others with
   * apiVersion, kind and metadata.
   */
  check(objects: readonly ManifestObject[], ctx: RuleContext): CorpusViolation[];
}

/** Reports input that could not be checked (syntax errors, alias bombs, oversized files). Always on. */
export interface InputRule extends RuleMeta {
  scope: "input";
}

export type CheckRule = PodRule | ObjectRule | CorpusRule;
export type Rule = CheckRule | InputRule;
