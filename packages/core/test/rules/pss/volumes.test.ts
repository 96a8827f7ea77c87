import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-host-path-volumes", () => {
  it("flags a hostPath volume in a Deployment, at its hostPath field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
      volumes:
      - name: cache
        emptyDir: {}
      - name: docker
        hostPath:
          path: /var/run/docker.sock
`;
    expect(ruleHits(yaml, "pss-host-path-volumes")).toEqual(['13:9 Volume "docker" is a hostPath volume.']);
  });

  it("flags an empty hostPath mapping in a CronJob, and passes hostPath: null", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
          volumes:
          - name: a
            hostPath: {}
          - name: b
            hostPath: null
            emptyDir: {}
`;
    expect(ruleHits(yaml, "pss-host-path-volumes")).toEqual(['13:13 Volume "a" is a hostPath volume.']);
  });
});

describe("pss-restricted-volumes", () => {
  it("flags each restricted volume type, at the source field", () => {
    const yaml = pod(`  containers:
  - name: app
  volumes:
  - name: shared
    nfs: {server: nfs.example, path: /export}
  - name: repo
    gitRepo: {repository: "https://example.com/r.git"}
  - name: node
    hostPath: {path: /etc}
`);
    expect(ruleHits(yaml, "pss-restricted-volumes")).toEqual([
      '9:5 Volume "shared" uses the restricted volume type nfs.',
      '11:5 Volume "repo" uses the restricted volume type gitRepo.',
      '13:5 Volume "node" uses the restricted volume type hostPath.',
    ]);
  });

  it("flags restricted volumes in a Deployment's pod template", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
      volumes:
      - name: disk
        awsElasticBlockStore: {volumeID: vol-1}
`;
    expect(ruleHits(yaml, "pss-restricted-volumes")).toEqual([
      '11:9 Volume "disk" uses the restricted volume type awsElasticBlockStore.',
    ]);
  });

  it("passes every allowed source, and a volume without a source (the API makes it an emptyDir)", () => {
    const yaml = pod(`  containers:
  - name: app
  volumes:
  - {name: a, configMap: {name: c}}
  - {name: b, csi: {driver: d}}
  - {name: c, downwardAPI: {}}
  - {name: d, emptyDir: {}}
  - {name: e, ephemeral: {}}
  - {name: f, image: {reference: "registry.example/data:1"}}
  - {name: g, persistentVolumeClaim: {claimName: c}}
  - {name: h, projected: {sources: []}}
  - {name: i, secret: {secretName: s}}
  - name: j
`);
    expect(messages(yaml, "pss-restricted-volumes")).toEqual([]);
  });

  it("passes a volume that also names an allowed source, as the reference does", () => {
    const yaml = pod(`  containers:
  - name: app
  volumes:
  - name: odd
    emptyDir: {}
    hostPath: {path: /}
`);
    expect(messages(yaml, "pss-restricted-volumes")).toEqual([]);
    expect(messages(yaml, "pss-host-path-volumes")).toEqual(['Volume "odd" is a hostPath volume.']);
  });
});
