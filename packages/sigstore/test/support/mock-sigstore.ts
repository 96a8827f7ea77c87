import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  fulcioHandler,
  type HandlerFn,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  rekorHandler,
} from "@sigstore/mock";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const WORKFLOW_REF = "acme/shop/.github/workflows/release.yml@refs/heads/main";

/**
 * `@sigstore/mock`'s Fulcio and Rekor behind one `node:http` server on 127.0.0.1, with the trusted
 * root that names them, for keyless tests in any package. `extra` serves further paths (a GitHub
 * token endpoint) from the same server.
 */
export interface MockSigstore {
  url: string;
  /** The `trusted_root.json` document for this instance. */
  trustedRoot: Record<string, unknown>;
  close(): Promise<void>;
}

type TLog = Parameters<typeof rekorHandler>[0];
type Extra = (request: IncomingMessage) => { status: number; body: string } | undefined;

export interface MockSigstoreOptions {
  /**
   * Log `dsse` entries in the canonical form real Rekor stores instead of the proposed entry as sent.
   * `@sigstore/mock` 0.12 logs the proposal verbatim (`rekor/tlog.js`, `log`), which has no
   * `spec.signatures`, so `@sigstore/verify` refuses every DSSE bundle it witnessed.
   */
  canonicalDsse?: boolean;
}

export async function startMockSigstore(
  extra?: Extra,
  options: MockSigstoreOptions = {},
): Promise<MockSigstore> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [caKeys, ctKeys, tlogKeys] = [keyPair(), keyPair(), keyPair()];
  const ctLog = await initializeCTLog(ctKeys);
  const ca = await initializeCA(caKeys, ctLog);
  const mockLog = await initializeTLog(url, tlogKeys);
  const tlog: TLog = options.canonicalDsse
    ? {
        publicKey: mockLog.publicKey,
        log: (entry) => mockLog.log(canonicalDsseEntry(entry)),
        logV2: (entry) => mockLog.logV2(entry),
      }
    : mockLog;
  // The mock's SAN comes from one claim; real Fulcio prefixes the server URL to job_workflow_ref.
  const handlers = [fulcioHandler(ca, { subjectClaim: "job_workflow_ref" }), rekorHandler(tlog)];
  server.on("request", (request, response) => {
    const answered = extra?.(request);
    if (answered) {
      response.writeHead(answered.status, { "content-type": "application/json" }).end(answered.body);
      return;
    }
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
  const log = (key: Buffer, id: Buffer) => ({
    baseUrl: url,
    hashAlgorithm: "SHA2_256",
    publicKey: {
      rawBytes: key.toString("base64"),
      keyDetails: "PKIX_ECDSA_P256_SHA_256",
      validFor: { start },
    },
    logId: { keyId: id.toString("base64") },
  });
  const tlogKey = der(tlogKeys.publicKey);
  const trustedRoot = {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [log(tlogKey, createHash("sha256").update(tlogKey).digest())],
    ctlogs: [log(der(ctKeys.publicKey), Buffer.from(ctLog.logID.buffer))],
    certificateAuthorities: [
      {
        subject: { organization: "mock", commonName: "mock" },
        uri: url,
        certChain: {
          certificates: [{ rawBytes: Buffer.from(ca.rootCertificate.buffer).toString("base64") }],
        },
        validFor: { start },
      },
    ],
    timestampAuthorities: [],
  };
  return {
    url,
    trustedRoot,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GitHub Actions ID token as the runner hands it out: real claim names, unsigned (the mock reads it). */
export function githubToken(overrides: Record<string, string> = {}): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: GITHUB_ISSUER,
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
const der = (key: KeyObject) => key.export({ type: "spki", format: "der" });

interface ProposedDsse {
  apiVersion: string;
  kind: "dsse";
  spec: { proposedContent: { envelope: string; verifiers: string[] } };
}

const isProposedDsse = (entry: object): entry is ProposedDsse =>
  (entry as { kind?: unknown }).kind === "dsse" && "proposedContent" in ((entry as ProposedDsse).spec ?? {});

/**
 * What Rekor's dsse v0.0.1 type keeps of a proposal, as in the entries of public-good bundles: hashes
 * of the canonical envelope and of the payload, and each signature with its verifier (base64 PEM).
 */
function canonicalDsseEntry(entry: object): object {
  if (!isProposedDsse(entry)) return entry;
  const { envelope, verifiers } = entry.spec.proposedContent;
  const parsed = JSON.parse(envelope) as { payload: string; signatures: { sig: string }[] };
  const sha256 = (data: Buffer | string) => ({
    algorithm: "sha256",
    value: createHash("sha256").update(data).digest("hex"),
  });
  return {
    apiVersion: entry.apiVersion,
    kind: entry.kind,
    spec: {
      envelopeHash: sha256(canonicalJSON(parsed)),
      payloadHash: sha256(Buffer.from(parsed.payload, "base64")),
      signatures: parsed.signatures.map((s, i) => ({
        signature: s.sig,
        verifier: verifiers[i] ?? verifiers[0],
      })),
    },
  };
}

/** JSON with object keys sorted, enough of RFC 8785 for an envelope of strings. */
function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJSON(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
