import { describe, expect, it } from "vitest";
import { imageVersion } from "../../../src/rules/hygiene/images.js";
import { ruleHits } from "../../helpers/validate.js";

const podWithImages = (...images: string[]) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
${images.map((image, i) => `  - name: c${i}\n    image: ${image}\n`).join("")}`;

describe("imageVersion", () => {
  it("tells a registry port from a tag and reads the digest", () => {
    expect(imageVersion("nginx")).toEqual({});
    expect(imageVersion("localhost:5000/app")).toEqual({});
    expect(imageVersion("localhost:5000/app:1.2")).toEqual({ tag: "1.2" });
    expect(imageVersion("ghcr.io/o/app:1.2@sha256:abc")).toEqual({ tag: "1.2", digest: "sha256:abc" });
    expect(imageVersion("app@sha256:abc")).toEqual({ digest: "sha256:abc" });
  });
});

describe("latest-image-tag", () => {
  it("flags an untagged image and :latest, at the image field", () => {
    const yaml = podWithImages("nginx", "registry.local:5000/team/app:latest", "nginx:1.27");
    expect(ruleHits(yaml, "latest-image-tag")).toEqual([
      '7:5 Container "c0" uses image "nginx" without a tag, i.e. :latest.',
      '9:5 Container "c1" uses image "registry.local:5000/team/app:latest" with the mutable tag :latest.',
    ]);
  });

  it("passes images pinned by digest, whatever the tag", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    expect(ruleHits(podWithImages(`nginx@${digest}`, `nginx:latest@${digest}`), "latest-image-tag")).toEqual(
      [],
    );
  });

  it("checks init containers in a CronJob's pod template", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: fetch
            image: curlimages/curl
          containers:
          - name: run
            image: app:2.0
`;
    expect(ruleHits(yaml, "latest-image-tag")).toEqual([
      '12:13 Container "fetch" uses image "curlimages/curl" without a tag, i.e. :latest.',
    ]);
  });
});

describe("missing-image-digest", () => {
  it("flags tag-only images and passes digests", () => {
    const yaml = podWithImages("nginx:1.27", `nginx:1.27@sha256:${"b".repeat(64)}`);
    expect(ruleHits(yaml, "missing-image-digest")).toEqual([
      '7:5 Container "c0" uses image "nginx:1.27" by tag, not by digest.',
    ]);
  });

  it("is opt-in: the recommended profile does not run it", () => {
    expect(ruleHits(podWithImages("nginx:1.27"), "missing-image-digest", { profile: "recommended" })).toEqual(
      [],
    );
  });
});

describe("mutable-image-not-always-pulled", () => {
  it("flags a tag pulled only if absent, explicitly or by default, in a Deployment", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: default
        image: nginx:1.27
      - name: explicit
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
      - name: never
        image: nginx
        imagePullPolicy: Never
`;
    expect(ruleHits(yaml, "mutable-image-not-always-pulled")).toEqual([
      '8:9 Container "default" runs image "nginx:1.27" by tag with the default imagePullPolicy IfNotPresent: a node that already has the tag keeps running its old copy.',
      '12:9 Container "explicit" runs image "nginx:1.27" by tag with imagePullPolicy IfNotPresent: a node that already has the tag keeps running its old copy.',
      '15:9 Container "never" runs image "nginx" by tag with imagePullPolicy Never: a node that already has the tag keeps running its old copy.',
    ]);
  });

  it("passes Always, :latest and untagged images (which default to Always), and digests with any policy", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: nginx:1.27
    imagePullPolicy: Always
  - name: b
    image: nginx:latest
  - name: c
    image: nginx
  - name: d
    image: nginx@sha256:${"c".repeat(64)}
    imagePullPolicy: IfNotPresent
  - name: e
    image: nginx:1.27@sha256:${"c".repeat(64)}
    imagePullPolicy: Always
`;
    expect(ruleHits(yaml, "mutable-image-not-always-pulled")).toEqual([]);
  });
});
