import { defineConfig } from "tsup";
import { actionBundle } from "../tsup.shared.js";

export default defineConfig(actionBundle());
