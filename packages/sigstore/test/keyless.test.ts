import { createHash, generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  fulcioHandler,
  type HandlerFn,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  rekorHandler,
} from "@sigstore/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../../oci/test/support/images.js";
import {
  BundleVerifier,
  type IdentityPolicy,
  keylessSigning,
  signImage,
  trustedRootFromJSON,
  verifyImage,
} from "../src/index.js";

/**
 * The DSSE bundles (cosign 3 format) this signs against the mock Rekor fail sigstore-js's entry-body
 * check ("signature count mismatch"): the mock v1 log appears to store the proposed `dsse` entry as
 * is. So keyless runs here use the legacy format (message signatures, `hashedrekord` entries); the
 * bundle format is covered with keys and with real public-good bundles.
 */
const FORMAT = "legacy" as const;
const ISSUER = "https://token.actions.githubusercontent.com";
const WORKFLOW_REF = "acme/shop/.github/workflows/release.yml@refs/heads/main";

/** A GitHub Actions ID token as the runner hands it out: real claim names, unsigned (the mock reads it). */
function githubToken(overrides: Record<string, string> = {}): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: ISSUER,
    aud: "sigstore",
    sub: "repo:acme/shop:ref:refs/heads/main",
    repository: "acme/shop",
    repository_owner: "acme",
    ref: "refs/heads/main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    event_name: "push",
    workflow: "release",
    job_workflow_ref: WORKFLOW_REF,
    runner_environment: "github-hosted",
    iat: now,
    exp: now + 300,
    ...overrides,
  };
  return `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.c2lnbmF0dXJl`;
}

const keyPair = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const der = (key: ReturnType<typeof keyPair>["publicKey"]) => key.export({ type: "spki", format: "der" });

describe("keyless signing against mock Fulcio and Rekor on 127.0.0.1", () => {
  let server: Server;
  let base: string;
  let trustedRoot: ReturnType<typeof trustedRootFromJSON>;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [caKeys, ctKeys, tlogKeys] = [keyPair(), keyPair(), keyPair()];
    const ctLog = await initializeCTLog(ctKeys);
    const ca = await initializeCA(caKeys, ctLog);
    const tlog = await initializeTLog(base, tlogKeys);
    // The mock's SAN comes from one claim; real Fulcio prefixes the server URL to job_workflow_ref.
    const handlers = [fulcioHandler(ca, { subjectClaim: "job_workflow_ref" }), rekorHandler(tlog)];
    server.on("request", (request, response) => {
      const handler = handlers.find((h) => request.url?.startsWith(h.path));
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", async () => {
        if (!handler) {
          response.writeHead(404).end();
          return;
        }
        const result = await (handler.fn as HandlerFn)(body);
        response.writeHead(result.statusCode, { "content-type": result.contentType ?? "application/json" });
        response.end(result.response);
      });
    });
    const start = "2000-01-01T00:00:00Z";
    const log = (url: string, key: Buffer, id: Buffer) => ({
      baseUrl: url,
      hashAlgorithm: "SHA2_256",
      publicKey: {
        rawBytes: key.toString("base64"),
        keyDetails: "PKIX_ECDSA_P256_SHA_256",
        validFor: { start },
      },
      logId: { keyId: id.toString("base64") },
    });
    trustedRoot = trustedRootFromJSON(
      JSON.stringify({
        mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        tlogs: [
          log(base, der(tlogKeys.publicKey), createHash("sha256").update(der(tlogKeys.publicKey)).digest()),
        ],
        ctlogs: [log(base, der(ctKeys.publicKey), Buffer.from(ctLog.logID.buffer))],
        certificateAuthorities: [
          {
            subject: { organization: "mock", commonName: "mock" },
            uri: base,
            certChain: {
              certificates: [{ rawBytes: Buffer.from(ca.rootCertificate.buffer).toString("base64") }],
            },
            validFor: { start },
          },
        ],
        timestampAuthorities: [],
      }),
    );
  });
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

  const policy: IdentityPolicy = {
    identity: WORKFLOW_REF,
    issuer: ISSUER,
    claims: {
      sourceRepositoryURI: "https://github.com/acme/shop",
      sourceRepositoryRef: "refs/heads/main",
      buildTrigger: "push",
      runnerEnvironment: "github-hosted",
      buildSignerURI: `https://github.com/${WORKFLOW_REF}`,
    },
  };
  const verify = async (image: string, p: IdentityPolicy = policy) => {
    try {
      return (
        await verifyImage(image, {
          verifier: new BundleVerifier({ trustedRoot, signer: { kind: "identity", ...p } }),
        })
      ).signatures[0]?.identity?.claims.buildTrigger;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  };

  it("signs with a Fulcio certificate for the token's identity, logged in Rekor, and verifies the policy end to end", async () => {
    const image = `oci-layout:${await buildImage("v1")}:v1`;
    const method = keylessSigning({
      identityToken: async () => githubToken(),
      fulcioURL: base,
      rekorURL: base,
    });
    const signed = await signImage(image, { method, format: FORMAT });
    expect(signed.tlogIndexes).toHaveLength(1);
    expect(await verify(image)).toBe("push");
    expect(
      await verify(image, { ...policy, claims: { ...policy.claims, buildTrigger: "pull_request_target" } }),
    ).toBe("IDENTITY_MISMATCH");
    expect(await verify(image, { ...policy, identity: { regexp: "acme/shop/" } })).toBe("IDENTITY_MISMATCH");
    expect(await verify(image, { ...policy, issuer: "https://accounts.google.com" })).toBe(
      "IDENTITY_MISMATCH",
    );
  });

  it("refuses a signature whose token came from another trigger or runner", async () => {
    // Other content, so the payload differs from the first test's.
    const image = `oci-layout:${await buildImage("v1", "other.txt", "another image\n")}:v1`;
    const token = githubToken({ event_name: "pull_request_target", runner_environment: "self-hosted" });
    await signImage(image, {
      method: keylessSigning({
        identityToken: async () => token,
        fulcioURL: base,
        rekorURL: base,
      }),
      format: FORMAT,
    });
    expect(await verify(image)).toBe("IDENTITY_MISMATCH");
  });
});
