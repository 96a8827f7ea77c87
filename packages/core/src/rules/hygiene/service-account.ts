import type { ManifestObject } from "../../manifests/types.js";
import { type PodView, podOf, WORKLOAD_KINDS } from "../../manifests/workloads.js";
import { lastOf } from "../../memo.js";
import type { CorpusViolation } from "../types.js";
import { corpusRule, k8sDocs } from "./define.js";

/** How a pod ends up with (or without) an API token, and who decided it. */
interface TokenMount {
  mounted: boolean;
  /** The pod's own `automountServiceAccountToken`, when it sets one. */
  podSetting?: boolean;
  /** The ServiceAccount object found in the input, when there is one. */
  account?: ManifestObject;
}

interface PodToken {
  object: ManifestObject;
  pod: PodView;
  accountName: string;
  token: TokenMount;
}

/** The service account a pod runs as: `serviceAccountName`, the deprecated `serviceAccount`, or `default`. */
function accountNameOf(pod: PodView): string {
  for (const field of ["serviceAccountName", "serviceAccount"]) {
    const value = pod.spec[field];
    if (typeof value === "string" && value !== "") return value;
  }
  return "default";
}

/** ServiceAccounts by name. An object without a namespace matches any (the deploy tool chooses it). */
function accountFinder(
  objects: readonly ManifestObject[],
): (name: string, namespace?: string) => ManifestObject | undefined {
  const byName = new Map<string, ManifestObject[]>();
  for (const object of objects) {
    if (object.kind !== "ServiceAccount" || object.apiVersion !== "v1") continue;
    const accounts = byName.get(object.name);
    if (accounts) accounts.push(object);
    else byName.set(object.name, [object]);
  }
  return (name, namespace) =>
    byName
      .get(name)
      ?.find((a) => a.namespace === undefined || namespace === undefined || a.namespace === namespace);
}

/**
 * The pod's setting wins; without one, the ServiceAccount's applies; without either, Kubernetes mounts
 * the token. A ServiceAccount that is not in the input is assumed to keep the default. Both rules of
 * this file read it: it is worked out once per scan.
 */
const podTokens = lastOf((objects: readonly ManifestObject[]): readonly PodToken[] => {
  const findAccount = accountFinder(objects);
  return objects.flatMap((object) => {
    const pod = podOf(object);
    if (!pod) return [];
    const accountName = accountNameOf(pod);
    const podSetting = pod.spec.automountServiceAccountToken;
    let token: TokenMount;
    if (typeof podSetting === "boolean") {
      token = { mounted: podSetting, podSetting };
    } else {
      const account = findAccount(accountName, object.namespace);
      token = {
        mounted: account?.value.automountServiceAccountToken !== false,
        ...(account ? { account } : {}),
      };
    }
    return [{ object, pod, accountName, token }];
  });
});

const serviceAccountDocs = [
  k8sDocs("Service Accounts", "concepts/security/service-accounts/"),
  k8sDocs(
    "Opt out of API credential automounting",
    "tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting",
  ),
];

export const automountedServiceAccountToken = corpusRule({
  id: "automounted-service-account-token",
  title: "Service account token mounted into the pod",
  kinds: [...WORKLOAD_KINDS, "ServiceAccount"],
  severity: "warning",
  description:
    "Unless told otherwise, Kubernetes mounts an API token for the pod's service account into every " +
    "container. Most applications never call the Kubernetes API, yet anyone who compromises the container " +
    "gets that token and every permission bound to the account. The pod's `automountServiceAccountToken` " +
    "decides; when the pod does not set it, the ServiceAccount's setting applies (looked up among the " +
    "objects being validated; an account that is not among them is assumed to mount the token).",
  remediation:
    "Set `automountServiceAccountToken: false` in the pod spec, or on its ServiceAccount. Pods that call " +
    "the API keep the token: suppress the finding for them with a reason.",
  references: serviceAccountDocs,
  check(objects) {
    return podTokens(objects).flatMap(({ object, pod, accountName, token }): CorpusViolation[] => {
      if (!token.mounted) return [];
      const path = [...pod.templatePath, "spec", "automountServiceAccountToken"];
      const message =
        token.podSetting === true
          ? "The pod sets automountServiceAccountToken: true, so every container holds a Kubernetes API token."
          : token.account
            ? `Neither the pod nor its ServiceAccount "${accountName}" sets automountServiceAccountToken: false, so every container holds a Kubernetes API token.`
            : `The pod does not set automountServiceAccountToken: false, so every container holds a token of service account "${accountName}".`;
      return [{ object, path, message }];
    });
  },
});

export const defaultServiceAccount = corpusRule({
  id: "default-service-account",
  title: "Pod runs as the default service account",
  kinds: [...WORKLOAD_KINDS, "ServiceAccount"],
  severity: "warning",
  description:
    "Every pod of a namespace that names no service account runs as `default`, so a permission granted to " +
    "one of them is granted to all, and audit logs cannot tell them apart. Pods that do not mount the API " +
    "token (see `automounted-service-account-token`) are not reported: without the token the identity " +
    "cannot be used from inside the pod.",
  remediation:
    "Create a ServiceAccount for the workload and set `serviceAccountName`, or set " +
    "`automountServiceAccountToken: false` if it does not call the Kubernetes API.",
  references: serviceAccountDocs,
  check(objects) {
    return podTokens(objects).flatMap(({ object, pod, accountName, token }): CorpusViolation[] => {
      if (!token.mounted || accountName !== "default") return [];
      const field = typeof pod.spec.serviceAccountName === "string" ? "serviceAccountName" : "serviceAccount";
      const named = typeof pod.spec[field] === "string";
      return [
        {
          object,
          path: [...pod.templatePath, "spec", named ? field : "serviceAccountName"],
          message: named
            ? 'The pod runs as the "default" service account, with its API token mounted.'
            : 'The pod names no service account, so it runs as "default", with its API token mounted.',
        },
      ];
    });
  },
});
