import { readFileSync } from "node:fs";
import { ConfigError } from "@bulwark/core";
import { type Environment, type GitHubContext, parseContext } from "./context.js";

/** The context of the running workflow: its environment and the payload at `GITHUB_EVENT_PATH`. */
export function loadContext(env: Environment = process.env): GitHubContext {
  const path = env.GITHUB_EVENT_PATH;
  let payload: unknown = {};
  if (path) {
    try {
      payload = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new ConfigError(
        `cannot read the event payload at GITHUB_EVENT_PATH: ${(error as Error).message}`,
      );
    }
  }
  return parseContext(env, payload);
}
