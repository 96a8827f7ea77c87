import { isCalendarDate } from "../config/date.js";
import { globMatcher } from "../config/glob.js";
import { CONFIG_FILE_NAME, type Exemption, type ObjectSelector } from "../config/types.js";
import type { Finding, ObjectRef, Suppression } from "../findings/types.js";

/** The config's exemptions, compiled once per run and split by date into those that apply and those expired. */
export interface ExemptionSet {
  /** The suppression the first live exemption matching the finding grants. */
  suppression(finding: Finding): Suppression | undefined;
  /** Whether a live exemption covers the rule's findings on an object written in a file. */
  exempts(ruleId: string, path: string, object: ObjectRef): boolean;
  /** Exemptions past their `expires` date: they suppress nothing and are reported. */
  expired: Exemption[];
}

/** `today` is YYYY-MM-DD; an exemption applies through its `expires` day and stops the day after. */
export function compileExemptions(exemptions: readonly Exemption[], today: string): ExemptionSet {
  // Skipping the expiry check would make every exemption permanent, so a missing or malformed date is
  // refused; a caller that omits it (the type requires it) only gets away with that when nothing expires.
  if (!isCalendarDate(today) && (today !== undefined || exemptions.some((exemption) => exemption.expires))) {
    throw new Error(
      `"today" must be a YYYY-MM-DD date to check exemption expiry, got ${JSON.stringify(today)}`,
    );
  }
  const expired = exemptions.filter(
    (exemption) => exemption.expires !== undefined && exemption.expires < today,
  );
  const live = exemptions
    .filter((exemption) => !expired.includes(exemption))
    .map((exemption) => ({ exemption, matches: exemptionMatcher(exemption) }));
  const find = (ruleId: string, path: string, object: ObjectRef | undefined) =>
    live.find((candidate) => candidate.matches(ruleId, path, object))?.exemption;
  return {
    expired,
    suppression(finding) {
      const found = find(finding.ruleId, finding.location.path, finding.object);
      if (!found) return undefined;
      return { kind: "config", reason: found.reason, ...(found.expires ? { expires: found.expires } : {}) };
    },
    exempts: (ruleId, path, object) => find(ruleId, path, object) !== undefined,
  };
}

function exemptionMatcher(
  exemption: Exemption,
): (ruleId: string, path: string, object: ObjectRef | undefined) => boolean {
  const anyRule = exemption.rules.includes("*");
  const inPaths = exemption.paths ? globMatcher(exemption.paths) : () => true;
  const objectMatchers = exemption.objects?.map(selectorMatcher);
  return (ruleId, path, object) =>
    (anyRule || exemption.rules.includes(ruleId)) &&
    inPaths(path) &&
    (!objectMatchers || (object !== undefined && objectMatchers.some((matches) => matches(object))));
}

/** Every field the selector gives must match; a namespace pattern never matches an object that states none. */
function selectorMatcher(selector: ObjectSelector): (object: ObjectRef) => boolean {
  const fields = (["kind", "namespace", "name"] as const).flatMap((field) => {
    const pattern = selector[field];
    return pattern === undefined ? [] : [{ field, matches: globMatcher([pattern]) }];
  });
  return (object) =>
    fields.every(({ field, matches }) => {
      const value = object[field];
      return value !== undefined && matches(value);
    });
}

/** What the engine turns into an `expired-exemption` finding, at the exemption in the config file. */
export interface ExpiredExemptionProblem {
  ruleId: "expired-exemption";
  message: string;
  path: string;
  line: number;
  column: number;
}

export function expiredExemptionProblem(exemption: Exemption): ExpiredExemptionProblem {
  // Exemptions built in code rather than read from a file have no source: point at the usual file.
  const { path, line, column } = exemption.source ?? { path: CONFIG_FILE_NAME, line: 1, column: 1 };
  return {
    ruleId: "expired-exemption",
    message: `The exemption of ${exemption.rules.join(", ")} ("${exemption.reason}") expired on ${exemption.expires}; the findings it covered are reported again. Fix them and remove the exemption, or renew it with a later date.`,
    path,
    line,
    column,
  };
}
