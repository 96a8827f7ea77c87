import { isScalar, type Node, type YAMLMap } from "yaml";
import type {
  AllowedSource,
  BaseImagePolicy,
  GitHubWorkflowClaim,
  TrustedSigner,
  ValueMatcher,
} from "../rules/base-image/types.js";
import {
  choice,
  fail,
  type JsonSchema,
  list,
  object,
  type Place,
  positiveInteger,
  type Spec,
  type SpecValue,
  string,
  textMap,
  transform,
} from "./spec.js";

/**
 * The `base-images:` section: where Dockerfiles may build from, how old and how attested their base
 * images may be, and who is trusted to sign them. Key names follow cosign's flags where it has one.
 */

const GLOB_CHARS = /[*?[\]{}()!]/;

/** A glob on a path that names a tag or digest can never match a repository path. */
function versionProblem(value: string, what: string): string | undefined {
  const last = value.slice(value.lastIndexOf("/") + 1);
  const digest = /@sha(256|512):/.test(value);
  // A colon after the last slash is a tag; with no slash it is a registry's port, in brackets a class.
  const tag = value.includes("/") && last.includes(":") && !last.includes("[");
  if (!digest && !tag) return undefined;
  const name = value.slice(0, value.length - last.length) + last.replace(/[:@].*$/, "");
  return `"${value}" names a tag or digest; ${what} match the name without them, e.g. ${name}`;
}

const registryGlob = string(
  "A glob on the registry host (with its port, if any): `ghcr.io`, `*.dkr.ecr.*.amazonaws.com`, `localhost:5000`. Docker Hub is `docker.io`.",
  {
    pattern: "^[^/]+$",
    check: (value) =>
      value.includes("/")
        ? `"${value}" is not a registry host; put the path under repositories, e.g. registry: ${value.slice(0, value.indexOf("/"))}, repositories: [${value.slice(value.indexOf("/") + 1)}]`
        : undefined,
  },
);

const repositoryGlob = string(
  "A glob on the repository path inside the registry, without tag or digest: `acme/**`, `library/*`.",
  { check: (value) => versionProblem(value, "repository globs") },
);

const allowedSource: Spec<AllowedSource> = object(
  "A registry, and optionally repositories in it, that base images may come from.",
  {
    registry: registryGlob,
    repositories: list(repositoryGlob, "Repository globs in the registry; when absent, every repository."),
  },
  { required: ["registry"] },
);

/** `nginx` is `docker.io/library/nginx` once normalised: a pattern without a registry would never match. */
function imagePatternProblem(value: string): string | undefined {
  const segments = value.split("/");
  const first = segments[0]!;
  const isHost = GLOB_CHARS.test(first) || /[.:]/.test(first) || first === "localhost";
  if (!isHost) {
    const normalised = `docker.io/${segments.length === 1 ? "library/" : ""}${value}`;
    return `"${value}" does not start with a registry; patterns match normalised names, e.g. ${normalised} for Docker Hub`;
  }
  if (segments.length === 1 && value !== "**")
    return `"${value}" names no repository; patterns match registry/repository, e.g. ${value}/**`;
  return versionProblem(value, "image patterns");
}

const imagePattern = string(
  "A glob on the image's normalised name, registry and repository without tag or digest: `ghcr.io/acme/**`, `docker.io/library/*`.",
  { check: imagePatternProblem },
);

/** Anchored and with the `u` flag, as the signature verifier compiles it, so both accept the same patterns. */
function regexpProblem(value: string): string | undefined {
  try {
    new RegExp(value, "u");
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, "");
    return `"${value}" is not a valid regular expression: ${reason}`;
  }
}

const regexp = (description: string) =>
  string(`${description} A regular expression (JavaScript syntax) that must match the whole value.`, {
    check: regexpProblem,
  });

/** `.bulwark.yaml` name -> Fulcio's claim name, for cosign's `--certificate-github-workflow-*` flags. */
const GITHUB_CLAIMS: Record<string, GitHubWorkflowClaim> = {
  "workflow-repository": "githubWorkflowRepository",
  "workflow-ref": "githubWorkflowRef",
  "workflow-trigger": "githubWorkflowTrigger",
  "workflow-sha": "githubWorkflowSha",
  "workflow-name": "githubWorkflowName",
};

const githubClaims = object(
  "GitHub workflow claims the keyless certificate must carry, each compared exactly (cosign's `--certificate-github-workflow-*` flags).",
  {
    "workflow-repository": string("The repository whose workflow signed, owner/name: `acme/base-images`."),
    "workflow-ref": string("The git ref the workflow ran on: `refs/heads/main`, `refs/tags/v1.2.3`."),
    "workflow-trigger": string(
      "The event that started the workflow: `push`, `release`, `workflow_dispatch`.",
    ),
    "workflow-sha": string("The commit the workflow ran on (40 hex digits)."),
    "workflow-name": string("The workflow's name as GitHub shows it."),
  },
  { minProperties: 1 },
);

const signerFields = object(
  "Images and the signer trusted for them: a keyless identity (identity and issuer, exact or as regular expressions, optionally GitHub claims) or a public key.",
  {
    images: list(imagePattern, "The images this signer vouches for, as globs on their normalised names."),
    identity: string(
      "The certificate identity of a keyless signature, exactly (cosign's `--certificate-identity`): a workflow URI such as `https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main`, or an email address.",
    ),
    "identity-regexp": regexp(
      "The certificate identity of a keyless signature, as a pattern (cosign's `--certificate-identity-regexp`).",
    ),
    issuer: string(
      "The OIDC issuer of the identity, exactly (cosign's `--certificate-oidc-issuer`): `https://token.actions.githubusercontent.com` for GitHub Actions.",
    ),
    "issuer-regexp": regexp(
      "The OIDC issuer of the identity, as a pattern (cosign's `--certificate-oidc-issuer-regexp`).",
    ),
    github: githubClaims,
    key: string(
      "Path of a PEM public key, relative to this file, for signatures made with a key (cosign's `--key`).",
      {
        check: (value) =>
          /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
            ? `"${value}" is a key URI; only public key files are supported, so give the path of a PEM public key`
            : undefined,
      },
    ),
  },
  { required: ["images"] },
);

type SignerFields = SpecValue<typeof signerFields>;

const KEYLESS_FIELDS = ["identity", "identity-regexp", "issuer", "issuer-regexp", "github"] as const;

/** A complete object schema for one way to write a signer; `github` is optional where it appears. */
function signerVariant(description: string, keys: readonly string[]): JsonSchema {
  const fields = signerFields.schema.properties!;
  const all = ["images", ...keys];
  return {
    type: "object",
    description,
    properties: Object.fromEntries(all.map((key) => [key, fields[key]!])),
    required: all.filter((key) => key !== "github"),
    additionalProperties: false,
  };
}

/**
 * Exactly one signer kind, each value in exactly one form. The parser says which rule an entry
 * breaks; the schema lists the forms an entry can take, so editors state the same rules.
 */
const signer: Spec<TrustedSigner> = {
  schema: {
    description: signerFields.schema.description,
    anyOf: [
      signerVariant("A signer with a public key.", ["key"]),
      ...(["identity", "identity-regexp"] as const).flatMap((identity) =>
        (["issuer", "issuer-regexp"] as const).map((issuer) =>
          signerVariant(`A keyless signer given by ${identity} and ${issuer}.`, [identity, issuer, "github"]),
        ),
      ),
    ],
  },
  read(node, at) {
    const fields = signerFields.read(node, at);
    return toSigner(fields, at.file.resolve(node) as YAMLMap, at);
  },
};

function toSigner(fields: SignerFields, map: YAMLMap, at: Place): TrustedSigner {
  const images = fields.images;
  if (fields.key !== undefined) {
    const keyless = KEYLESS_FIELDS.find((name) => fields[name] !== undefined);
    if (keyless) {
      fail(
        keyNode(map, keyless),
        at,
        `"${keyless}" is for keyless signatures and this entry has a key; give each kind of signer its own entry`,
      );
    }
    return { kind: "key", images, key: fields.key };
  }
  const identity = oneOf(fields, "identity", map, at);
  const issuer = oneOf(fields, "issuer", map, at);
  if (identity === undefined && issuer === undefined && fields.github === undefined) {
    fail(
      map,
      at,
      "give identity or identity-regexp and issuer or issuer-regexp for keyless signatures, or key for a public key",
    );
  }
  if (identity === undefined)
    fail(
      map,
      at,
      "give identity or identity-regexp too: the certificate identity a keyless signature must have",
    );
  if (issuer === undefined) {
    fail(
      map,
      at,
      "give issuer or issuer-regexp too: the OIDC issuer of the identity, e.g. https://token.actions.githubusercontent.com",
    );
  }
  const claims = Object.entries(fields.github ?? {}).map(([name, value]) => [GITHUB_CLAIMS[name]!, value]);
  return {
    kind: "identity",
    images,
    identity,
    issuer,
    ...(claims.length > 0 ? { claims: Object.fromEntries(claims) } : {}),
  };
}

/** `name` or `name-regexp`, never both. */
function oneOf(
  fields: SignerFields,
  name: "identity" | "issuer",
  map: YAMLMap,
  at: Place,
): ValueMatcher | undefined {
  const exact = fields[name];
  const pattern = fields[`${name}-regexp`];
  if (exact !== undefined && pattern !== undefined)
    fail(keyNode(map, `${name}-regexp`), at, `give ${name} or ${name}-regexp, not both`);
  return pattern !== undefined ? { regexp: pattern } : exact;
}

/** The key node of `key` in a mapping the object spec has already read (so it is there). */
function keyNode(map: YAMLMap, key: string): Node | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.key as Node | undefined;
}

const baseImageFields = object(
  "The base-image policy for Dockerfiles (`bulwark base-image`, the check-base-image action): where images may come from, how old they may be, their provenance and who must have signed them.",
  {
    "allowed-sources": list(
      allowedSource,
      "Where base images may come from; images from elsewhere are reported (`base-image-not-allowed`). When absent, anywhere.",
    ),
    "max-age-days": positiveInteger(
      "The oldest a base image may be, in days since it was built (`base-image-too-old`). Default 180.",
    ),
    "allowed-builders": list(
      string(
        "A glob on a SLSA builder id or, for signed bundles, a signer identity: `https://github.com/docker/buildkit/**`, `https://github.com/acme/*/.github/workflows/release.yml@refs/tags/*`.",
      ),
      "Builders trusted to build base images, by SLSA provenance builder id (`base-image-builder-not-allowed`). For provenance from a verified sigstore bundle (GitHub artifact attestations, `cosign attest`), by the signer's certificate identity instead, such as `https://github.com/acme/app/.github/workflows/release.yml@refs/tags/**`: GitHub's predicate names only the runner, the same for every repository. When absent, any.",
    ),
    attestations: object("Attestations base images must carry.", {
      provenance: choice(
        ["required", "optional"] as const,
        "`required`: an image without SLSA provenance is an error; `optional` (the default): it is a note.",
        { noun: "requirement" },
      ),
    }),
    signers: list(
      signer,
      "Who is trusted to sign which images. An image matched by some entry must be signed by one of the entries that match it.",
    ),
    "build-args": textMap(
      "Values for ARGs the Dockerfiles use in image references, as `--build-arg` gives them; values given to the run win.",
      "The value of the build arg.",
    ),
  },
);

export const baseImages: Spec<BaseImagePolicy> = transform(baseImageFields, (value) => ({
  ...(value["allowed-sources"] ? { allowedSources: value["allowed-sources"] } : {}),
  ...(value["max-age-days"] !== undefined ? { maxAgeDays: value["max-age-days"] } : {}),
  ...(value["allowed-builders"] ? { allowedBuilders: value["allowed-builders"] } : {}),
  ...(value.attestations ? { attestations: value.attestations } : {}),
  ...(value.signers ? { signers: value.signers } : {}),
  ...(value["build-args"] ? { buildArgs: value["build-args"] } : {}),
}));
