import { volumesOf } from "../../manifests/workloads.js";
import { isSet } from "./context.js";
import { pssRule } from "./rule.js";

export const hostPathVolumes = pssRule({
  check: "hostPathVolumes",
  level: "baseline",
  since: 0,
  title: "hostPath volumes are not allowed",
  description:
    "A hostPath volume mounts a file or directory of the node into the pod, which can expose the node's " +
    "credentials, the container runtime socket or system binaries.",
  remediation:
    "Replace the hostPath volume with an emptyDir, a configMap or secret, or a persistentVolumeClaim.",
  evaluate(pod) {
    return volumesOf(pod).flatMap((volume) =>
      isSet(volume.value.hostPath)
        ? [
            {
              path: [...volume.path, "hostPath"],
              message: `Volume "${volume.name}" is a hostPath volume.`,
            },
          ]
        : [],
    );
  },
});

/** The inline volume sources the restricted policy allows. */
const ALLOWED_SOURCES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
] as const;

/** The other inline volume sources, in the order the reference names them when it rejects a volume. */
const RESTRICTED_SOURCES = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "fc",
  "azureFile",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "storageos",
] as const;

export const restrictedVolumes = pssRule({
  check: "restrictedVolumes",
  replaces: "hostPathVolumes",
  level: "restricted",
  since: 0,
  title: "Only restricted volume types are allowed",
  description:
    "Restricted pods may use only these volume sources: configMap, csi, downwardAPI, emptyDir, ephemeral, " +
    "image, persistentVolumeClaim, projected and secret. Other inline sources (hostPath, nfs, iscsi, " +
    "gitRepo and the other in-tree drivers) reach outside the pod's own storage. As in the reference, a " +
    "volume that also names an allowed source passes, and a volume with no source at all passes (the API " +
    "server turns it into an emptyDir).",
  remediation:
    "Use one of the allowed volume sources; for network or cloud storage, use a persistentVolumeClaim (the " +
    "PersistentVolume holds the driver settings) or a CSI volume.",
  evaluate(pod) {
    return volumesOf(pod).flatMap((volume) => {
      if (ALLOWED_SOURCES.some((source) => isSet(volume.value[source]))) return [];
      // A volume without any source is defaulted to an emptyDir by the API server, so it passes.
      const source = RESTRICTED_SOURCES.find((s) => isSet(volume.value[s]));
      if (!source) return [];
      return [
        {
          path: [...volume.path, source],
          message: `Volume "${volume.name}" uses the restricted volume type ${source}.`,
        },
      ];
    });
  },
});
