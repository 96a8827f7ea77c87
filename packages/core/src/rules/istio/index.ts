import type { CheckRule } from "../types.js";
import { istioAuthorizationAllowsAll } from "./authorization-allows-all.js";
import { istioDestinationRuleTlsNotMutual } from "./destination-rule-tls.js";
import { istioJwtNotRequired } from "./jwt-not-required.js";
import { istioMtlsNotStrict } from "./mtls-not-strict.js";
import { istioNamespaceInjectionNotEnabled, istioSidecarInjectionDisabled } from "./sidecar-injection.js";

export const istioRules: readonly CheckRule[] = [
  istioMtlsNotStrict,
  istioDestinationRuleTlsNotMutual,
  istioAuthorizationAllowsAll,
  istioSidecarInjectionDisabled,
  istioNamespaceInjectionNotEnabled,
  istioJwtNotRequired,
];
