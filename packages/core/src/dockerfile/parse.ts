import {
  Arg,
  Copy,
  DockerfileParser,
  Env,
  From,
  type Instruction,
  Keyword,
  type Property,
  Run,
  User,
} from "dockerfile-ast";
import { ConfigError } from "../errors.js";
import type { Region } from "../findings/types.js";
import { formatImageReference, parseImageReference } from "../images/reference.js";
import type { SourceFile } from "../manifests/types.js";
import { type Binding, expandWord, type Lookup } from "./expand.js";
import type {
  DockerfileModel,
  DockerfileProblem,
  ImageSource,
  ImageUse,
  PlatformFlag,
  Stage,
  StageBase,
  UserInstruction,
} from "./model.js";
import { DEFAULT_PLATFORM, formatPlatform, normalizePlatform, parsePlatform } from "./platform.js";

export interface DockerfileParseOptions {
  /** `--build-arg` values: they override the defaults of the ARGs they name (and only of declared ARGs). */
  buildArgs?: Readonly<Record<string, string>>;
  /**
   * The run's platform, `os/architecture[/variant]`: images whose FROM names none (or none known) are
   * read for it, and it is the target platform ($TARGETPLATFORM, $TARGETARCH, ...) unless build args say otherwise.
   */
  platform?: string;
}

/**
 * Set by BuildKit from the target and build platforms, so usable in FROM without an ARG. The target
 * is the platform the run reads images for; the machine that builds is unknown.
 */
const TARGET_ARGS = ["TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"];
const BUILD_ARGS = ["BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT"];
const PLATFORM_ARGS = [...TARGET_ARGS, ...BUILD_ARGS];

const KEYWORDS = new Set<string>(Object.values(Keyword));
const SCRATCH = "scratch";

interface RangeLike {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** LSP ranges (0-based, UTF-16 columns) as 1-based Regions, the end column exclusive. */
function regionOf(range: RangeLike): Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/**
 * Variables in one scope; a name not in `bindings` is unset, or `fallback` when that is not certain.
 * A child scope (a stage built on a stage) starts with its parent's bindings and fallback.
 */
class Scope {
  private readonly bindings: Map<string, Binding>;
  private readonly fallback: ((name: string) => Binding) | undefined;

  constructor(parent?: Scope, fallback?: (name: string) => Binding) {
    this.bindings = new Map(parent?.bindings);
    this.fallback = fallback ?? parent?.fallback;
  }

  readonly lookup: Lookup = (name) => this.bindings.get(name) ?? this.fallback?.(name);

  set(name: string, binding: Binding): void {
    this.bindings.set(name, binding);
  }

  get(name: string): Binding | undefined {
    return this.bindings.get(name);
  }
}

/**
 * Reads a Dockerfile into its stages and every image the build pulls, with ARGs expanded the way
 * BuildKit does: ARGs before the first FROM are usable in FROM lines; inside a stage an ARG must be
 * declared again (it then inherits the global value); `--build-arg` overrides declared ARGs only.
 */
export function parseDockerfile(file: SourceFile, options: DockerfileParseOptions = {}): DockerfileModel {
  // Editors do not count a byte-order mark, so columns are measured without it.
  const text = file.text.startsWith("\uFEFF") ? file.text.slice(1) : file.text;
  const dockerfile = DockerfileParser.parse(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const buildArgs = options.buildArgs ?? {};
  const instructions = dockerfile.getInstructions();
  const problems: DockerfileProblem[] = [];

  const froms = instructions.filter((i): i is From => i instanceof From);
  if (froms.length === 0) {
    const first = instructions[0];
    problems.push({
      message: first
        ? `This is not a Dockerfile: it has no FROM instruction (line ${first.getRange().start.line + 1} reads "${first.getTextContent().trim().slice(0, 80)}").`
        : "This is not a Dockerfile: it is empty.",
      region: first
        ? regionOf(first.getInstructionRange())
        : regionOf({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
    });
    return { path: file.path, stages: [], images: [], problems };
  }

  const platform = options.platform ?? DEFAULT_PLATFORM;
  const meta = metaScope(dockerfile.getInitialARGs(), buildArgs, escapeChar, platform);
  const stageNames = froms.map((from) => stageNameOf(from));
  const stages: Stage[] = [];
  const scopes: Scope[] = [];
  const images: ImageUse[] = [];
  const sink: ReferenceSink = { images, stageNames, problems, platform };

  for (const instruction of instructions) {
    problems.push(...instructionProblems(instruction, stages.length > 0));
    if (instruction instanceof From) {
      const index = stages.length;
      const name = stageNames[index];
      const base = fromBase(instruction, index, meta, escapeChar, sink);
      stages.push({
        index,
        ...(name !== undefined ? { name } : {}),
        region: regionOf(instruction.getInstructionRange()),
        base,
      });
      scopes.push(stageScope(base, scopes));
      continue;
    }
    const index = stages.length - 1;
    const scope = scopes[index];
    if (!scope) continue;
    if (instruction instanceof Arg) {
      for (const property of instruction.getProperties())
        declareStageArg(property, scope, meta, buildArgs, escapeChar);
    } else if (instruction instanceof Env) {
      for (const property of instruction.getProperties()) {
        const raw = property.getUnescapedValue();
        const value =
          raw === null ? { ok: true as const, value: "" } : expandWord(raw, scope.lookup, escapeChar);
        scope.set(property.getName(), bindingOf(value));
      }
    } else if (instruction instanceof User) {
      stages[index]!.user = userOf(instruction, scope, escapeChar);
    } else if (instruction instanceof Copy) {
      const flag = instruction.getFromFlag();
      const value = flag?.getValue();
      const range = flag?.getValueRange();
      if (value && range) fromReference("copy-from", index, { value, range }, sink);
    } else if (instruction instanceof Run) {
      for (const flag of instruction.getFlags()) {
        if (flag.getName() !== "mount") continue;
        const type = flag.getOption("type")?.getValue();
        const from = flag.getOption("from");
        const value = from?.getValue();
        const range = from?.getValueRange();
        if (type !== "tmpfs" && value && range) {
          fromReference("mount-from", index, { value, range }, sink);
        }
      }
    }
  }
  return { path: file.path, stages, images, problems };
}

/** ARGs before the first FROM, with the platform arguments BuildKit sets itself. */
function metaScope(
  args: readonly Arg[],
  buildArgs: Readonly<Record<string, string>>,
  escapeChar: string,
  runPlatform: string,
): Scope {
  const scope = new Scope();
  const automatic = platformArgs(runPlatform);
  for (const name of PLATFORM_ARGS) {
    const value = Object.hasOwn(buildArgs, name) ? buildArgs[name] : automatic.get(name);
    scope.set(name, value !== undefined ? { kind: "value", value } : unknownPlatformArg(name, runPlatform));
  }
  for (const arg of args) {
    for (const property of arg.getProperties()) {
      const name = property.getName();
      // `ARG TARGETARCH` without a value keeps what BuildKit sets.
      const automatic = PLATFORM_ARGS.includes(name) ? scope.get(name) : undefined;
      scope.set(name, argBinding(property, scope, buildArgs, escapeChar, automatic ?? noDefault(name)));
    }
  }
  return scope;
}

/** The TARGET* arguments BuildKit would set for a build targeting the run's platform (none if it is not one). */
function platformArgs(runPlatform: string): Map<string, string> {
  const parsed = parsePlatform(runPlatform);
  if (!parsed) return new Map();
  const target = normalizePlatform(parsed);
  return new Map([
    ["TARGETPLATFORM", formatPlatform(target)],
    ["TARGETOS", target.os],
    ["TARGETARCH", target.architecture],
    ["TARGETVARIANT", target.variant ?? ""],
  ]);
}

function unknownPlatformArg(name: string, runPlatform: string): Binding {
  const why = TARGET_ARGS.includes(name)
    ? `$${name} comes from the run's platform, "${runPlatform}", which is not os/architecture[/variant]`
    : `$${name} depends on the machine that builds; pass it with --build-arg ${name}=...`;
  return { kind: "unknown", why };
}

/** Inside a stage, an ARG takes the build arg, else its own default, else the global value. */
function declareStageArg(
  property: Property,
  scope: Scope,
  meta: Scope,
  buildArgs: Readonly<Record<string, string>>,
  escapeChar: string,
): void {
  const name = property.getName();
  scope.set(name, argBinding(property, scope, buildArgs, escapeChar, meta.get(name) ?? noDefault(name)));
}

/** An ARG's binding: the build arg of its name, else its own default, else `withoutDefault`. */
function argBinding(
  property: Property,
  scope: Scope,
  buildArgs: Readonly<Record<string, string>>,
  escapeChar: string,
  withoutDefault: Binding,
): Binding {
  const name = property.getName();
  // Own keys only: `ARG toString` must not find Object.prototype.toString.
  if (Object.hasOwn(buildArgs, name)) return { kind: "value", value: buildArgs[name]! };
  const raw = property.getUnescapedValue();
  return raw === null ? withoutDefault : bindingOf(expandWord(raw, scope.lookup, escapeChar));
}

function noDefault(name: string): Binding {
  return { kind: "unset", why: `ARG ${name} has no default; pass it with --build-arg ${name}=...` };
}

function bindingOf(expansion: ReturnType<typeof expandWord>): Binding {
  return expansion.ok
    ? { kind: "value", value: expansion.value }
    : { kind: "unknown", why: expansion.reasons.join("; ") };
}

/**
 * A stage starts with what its base leaves: an earlier stage's variables, nothing after scratch, and
 * whatever ENV an image has, which Bulwark does not know.
 */
function stageScope(base: StageBase, scopes: readonly Scope[]): Scope {
  if (base.kind === "stage") return new Scope(scopes[base.stage]);
  if (base.kind === "scratch") return new Scope();
  return new Scope(undefined, (name) => ({
    kind: "unknown",
    why: `$${name} is not declared in this stage; it may come from the base image's ENV`,
  }));
}

function stageNameOf(from: From): string | undefined {
  const args = from.getArguments();
  return args.length >= 3 && args[1]!.getValue().toLowerCase() === "as"
    ? args[2]!.getValue().toLowerCase()
    : undefined;
}

/** What a FROM builds on: scratch, an earlier stage (by its expanded name), or an image. */
function fromBase(
  from: From,
  index: number,
  meta: Scope,
  escapeChar: string,
  sink: ReferenceSink,
): StageBase {
  const image = from.getArguments()[0];
  const { platform, platformFlag } = platformOf(from, meta, escapeChar, sink.platform);
  const common = {
    source: "from" as const,
    stage: index,
    platform,
    ...(platformFlag ? { platformFlag } : {}),
  };
  if (!image) {
    const use: ImageUse = {
      ...common,
      text: "",
      region: regionOf(from.getInstructionRange()),
      status: "invalid",
      reason: "FROM names no image",
    };
    sink.images.push(use);
    return { kind: "image", image: use };
  }
  const arg = { value: image.getValue(), range: image.getRange() };
  const expanded = expandWord(arg.value, meta.lookup, escapeChar);
  if (!expanded.ok) {
    const use: ImageUse = {
      ...common,
      text: arg.value,
      region: regionOf(arg.range),
      status: "unresolved",
      reason: expanded.reasons.join("; "),
    };
    sink.images.push(use);
    return { kind: "image", image: use };
  }
  if (expanded.value === SCRATCH) return { kind: "scratch" };
  // Only an earlier stage counts: BuildKit registers a stage's name after reading its FROM.
  const stage = sink.stageNames.slice(0, index).lastIndexOf(expanded.value);
  if (stage >= 0) return { kind: "stage", stage };
  return { kind: "image", image: externalImage(common, arg, expanded.value, sink) };
}

/**
 * The platform a FROM pulls its image for: its `--platform`, expanded with the global ARGs, when that
 * names one; otherwise the run's platform, and the flag says why.
 */
function platformOf(
  from: From,
  meta: Scope,
  escapeChar: string,
  runPlatform: string,
): { platform: string; platformFlag?: PlatformFlag } {
  const flag = from.getPlatformFlag();
  if (!flag) return { platform: runPlatform };
  const text = flag.getValue() ?? "";
  const region = regionOf(flag.getValueRange() ?? flag.getRange());
  const expanded = expandWord(text, meta.lookup, escapeChar);
  const parsed = expanded.ok ? parsePlatform(expanded.value) : undefined;
  if (parsed) return { platform: formatPlatform(parsed), platformFlag: { text, region } };
  const unresolved = expanded.ok
    ? `"${expanded.value}" is not a platform: expected os/architecture[/variant], such as linux/arm64`
    : expanded.reasons.join("; ");
  return { platform: runPlatform, platformFlag: { text, region, unresolved } };
}

function userOf(user: User, scope: Scope, escapeChar: string): UserInstruction | undefined {
  const arg = user.getArguments()[0];
  if (!arg) return undefined;
  const expanded = expandWord(arg.getValue(), scope.lookup, escapeChar);
  return {
    text: arg.getValue(),
    ...(expanded.ok ? { value: expanded.value } : {}),
    region: regionOf(arg.getRange()),
  };
}

/**
 * Where the images and problems of one file are collected, with the stage names they are checked
 * against and the run's platform, which images without a FROM --platform are pulled for.
 */
interface ReferenceSink {
  images: ImageUse[];
  stageNames: readonly (string | undefined)[];
  problems: DockerfileProblem[];
  platform: string;
}

/**
 * `COPY --from=` and `RUN --mount=...,from=`: a stage by name (any stage, case-insensitively), for COPY
 * also by index, else an image. BuildKit expands no variables here: it rejects them in `--from` and
 * would take a mount's `$X` literally, so either way the reference is unresolved.
 */
function fromReference(
  source: "copy-from" | "mount-from",
  stage: number,
  arg: { value: string; range: RangeLike },
  sink: ReferenceSink,
): void {
  const { value } = arg;
  if (value === SCRATCH || sink.stageNames.includes(value.toLowerCase())) return;
  if (source === "copy-from" && /^[+-]?\d+$/.test(value)) {
    if (Number(value) < 0 || Number(value) >= sink.stageNames.length) {
      sink.problems.push({
        message: `COPY --from=${value} names stage ${value}, but the Dockerfile has ${sink.stageNames.length} stage(s), numbered from 0.`,
        region: regionOf(arg.range),
      });
    }
    return;
  }
  if (value.includes("$")) {
    sink.images.push({
      source,
      stage,
      platform: sink.platform,
      text: value,
      region: regionOf(arg.range),
      status: "unresolved",
      reason: `BuildKit does not expand variables in ${source === "copy-from" ? "COPY --from" : "RUN --mount from="}; use a stage (FROM ${value} AS name) and refer to it by name`,
    });
    return;
  }
  externalImage({ source, stage, platform: sink.platform }, arg, value, sink);
}

/** Normalises an image reference and records its use; text no registry would accept is invalid. */
function externalImage(
  where: { source: ImageSource; stage: number; platform: string; platformFlag?: PlatformFlag },
  arg: { value: string; range: RangeLike },
  value: string,
  sink: ReferenceSink,
): ImageUse {
  const base = { ...where, text: arg.value, region: regionOf(arg.range) };
  let use: ImageUse;
  try {
    const reference = parseImageReference(value);
    use = { ...base, status: "resolved", value, reference, name: formatImageReference(reference) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    use = {
      ...base,
      status: "invalid",
      reason: value === "" ? "the reference expands to nothing" : error.message,
    };
  }
  sink.images.push(use);
  return use;
}

/** Unknown instructions, instructions before the first FROM, heredocs that never end. */
function instructionProblems(instruction: Instruction, inStage: boolean): DockerfileProblem[] {
  const problems: DockerfileProblem[] = [];
  const keyword = instruction.getKeyword();
  const region = regionOf(instruction.getInstructionRange());
  if (!KEYWORDS.has(keyword)) {
    problems.push({
      message: `Unknown instruction "${instruction.getInstruction()}": the build would fail here.`,
      region,
    });
  } else if (!inStage && keyword !== Keyword.ARG && keyword !== Keyword.FROM) {
    problems.push({ message: `${keyword} before the first FROM: only ARG may come before it.`, region });
  }
  if (instruction instanceof Run || instruction instanceof Copy) {
    for (const heredoc of instruction.getHeredocs()) {
      if (heredoc.getDelimiterRange() === null) {
        problems.push({
          message: `The heredoc <<${heredoc.getName()} is never closed by a "${heredoc.getName()}" line: the rest of the file became its content and was not read as instructions.`,
          region: regionOf(heredoc.getStartRange()),
        });
      }
    }
  }
  return problems;
}
