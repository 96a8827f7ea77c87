import * as core from "@actions/core";
import { verbatim } from "./commands.js";
import type { Logger } from "./logger.js";

/** The logger actions hand to library code: the runner's log, with warnings and errors as annotations. */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(verbatim(message)),
  warning: (message) => core.warning(message),
  error: (message) => core.error(message),
};
