import type { CheckRule } from "../types.js";
import { allowPrivilegeEscalation } from "./allow-privilege-escalation.js";
import { appArmorProfile } from "./app-armor-profile.js";
import { capabilitiesBaseline, capabilitiesRestricted } from "./capabilities.js";
import { hostNamespaces } from "./host-namespaces.js";
import { hostPorts } from "./host-ports.js";
import { hostProbesAndHostLifecycle } from "./host-probes-and-host-lifecycle.js";
import { privileged } from "./privileged.js";
import { procMount, procMountRestricted } from "./proc-mount.js";
import { runAsNonRoot, runAsUser } from "./run-as.js";
import { seLinuxOptions } from "./se-linux-options.js";
import { seccompProfileBaseline, seccompProfileRestricted } from "./seccomp-profile.js";
import { sysctls } from "./sysctls.js";
import { hostPathVolumes, restrictedVolumes } from "./volumes.js";
import { windowsHostProcess } from "./windows-host-process.js";

/**
 * Every Pod Security Standards check, in the order the reference evaluates them: baseline checks, then
 * restricted ones, each sorted by check id.
 */
export const pssRules: readonly CheckRule[] = [
  appArmorProfile,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  seLinuxOptions,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
];
