import packageJson from "../package.json" with { type: "json" };

/** The released version, from the package manifest (bundlers inline it). */
export const VERSION: string = packageJson.version;
