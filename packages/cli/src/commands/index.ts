import { baseImageCommand } from "./base-image.js";
import type { Command } from "./command.js";
import { validateCommand } from "./validate.js";

/** Every `bulwark` command, in the order `bulwark --help` lists them. */
export const COMMANDS: readonly Command[] = [validateCommand, baseImageCommand];
