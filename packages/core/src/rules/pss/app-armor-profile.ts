import { isObject } from "../../manifests/workloads.js";
import type { Violation } from "../types.js";
import { allHolders, forbiddenSettings, podAnnotations, profileText, shown } from "./context.js";
import { pssRule } from "./rule.js";

/** The deprecated per-container annotation that predates the appArmorProfile field. */
const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

const ALLOWED_TYPES: readonly unknown[] = ["RuntimeDefault", "Localhost"];

function allowedAnnotationValue(value: unknown): boolean {
  return (
    typeof value === "string" &&
    (value === "" || value === "runtime/default" || value.startsWith("localhost/"))
  );
}

export const appArmorProfile = pssRule({
  check: "appArmorProfile",
  level: "baseline",
  since: 0,
  title: "AppArmor must not be disabled or overridden",
  description:
    "The runtime's default AppArmor profile confines what a container can do on the node. The pod and its " +
    "containers may set `securityContext.appArmorProfile.type` only to `RuntimeDefault` or `Localhost`, and " +
    "the deprecated `container.apparmor.security.beta.kubernetes.io/*` annotations only to `runtime/default`, " +
    "`localhost/<profile>` or an empty value. Both forms are checked at every policy version.",
  remediation:
    "Remove the `Unconfined` profile: set `appArmorProfile.type` to `RuntimeDefault` (or `Localhost` with a " +
    "profile loaded on the nodes), and drop or fix the AppArmor annotations.",
  evaluate(pod) {
    const fields = forbiddenSettings(allHolders(pod), {
      keys: ["appArmorProfile"],
      allowed: (profile) => isObject(profile) && ALLOWED_TYPES.includes(profile.type),
      reportAt: ["type"],
      message: (holder, profile) =>
        `${holder.subject} sets ${profileText("AppArmor", profile)}; only RuntimeDefault or Localhost is allowed.`,
    });
    const annotated = Object.entries(podAnnotations(pod)).flatMap(([key, value]): Violation[] =>
      key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value)
        ? [
            {
              path: ["metadata", "annotations", key],
              message: `Annotation ${key} sets AppArmor profile ${shown(value)}; only runtime/default or localhost/<profile> is allowed.`,
            },
          ]
        : [],
    );
    return [...fields, ...annotated];
  },
});
