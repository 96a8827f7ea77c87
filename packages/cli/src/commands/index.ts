import { attestCommand } from "./attest.js";
import { baseImageCommand } from "./base-image.js";
import type { Command } from "./command.js";
import { signCommand } from "./sign.js";
import { validateCommand } from "./validate.js";
import { verifyCommand } from "./verify.js";

/** Every `bulwark` command, in the order `bulwark --help` lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  baseImageCommand,
  signCommand,
  attestCommand,
  verifyCommand,
];
