import { ConfigError } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import { type GitHubRun, githubProvenance } from "../src/index.js";

const RUN: GitHubRun = {
  serverUrl: "https://github.com",
  repository: "acme/shop",
  workflowRef: "acme/shop/.github/workflows/release.yml@refs/tags/v1.2.0",
  sha: "0123456789abcdef0123456789abcdef01234567",
  ref: "refs/tags/v1.2.0",
  eventName: "push",
  runId: "987654",
  runAttempt: "2",
  runnerEnvironment: "github-hosted",
};

describe("SLSA provenance v1 from a GitHub Actions run", () => {
  it("names the builder, workflow, source commit and run", () => {
    expect(githubProvenance(RUN)).toEqual({
      buildDefinition: {
        buildType: "https://actions.github.io/buildtypes/workflow/v1",
        externalParameters: {
          workflow: {
            ref: "refs/tags/v1.2.0",
            repository: "https://github.com/acme/shop",
            path: ".github/workflows/release.yml",
          },
        },
        internalParameters: { github: { event_name: "push", runner_environment: "github-hosted" } },
        resolvedDependencies: [
          { uri: "git+https://github.com/acme/shop@refs/tags/v1.2.0", digest: { gitCommit: RUN.sha } },
        ],
      },
      runDetails: {
        builder: { id: "https://github.com/acme/shop/.github/workflows/release.yml@refs/tags/v1.2.0" },
        metadata: { invocationId: "https://github.com/acme/shop/actions/runs/987654/attempts/2" },
      },
    });
  });

  it("refuses a run with missing facts or a workflow ref of another repository", () => {
    expect(() => githubProvenance({ ...RUN, sha: "" })).toThrow(ConfigError);
    expect(() =>
      githubProvenance({ ...RUN, workflowRef: "evil/repo/.github/workflows/x.yml@refs/heads/main" }),
    ).toThrow(/not <repository>/);
  });
});
