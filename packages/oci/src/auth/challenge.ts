/** One challenge from a WWW-Authenticate header: `Bearer realm="...",service="...",scope="..."`. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/;
const PARAM = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/;

/** Parses a WWW-Authenticate header into its challenges; scheme names are lowercased. */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = header;
  while (rest.trim() !== "") {
    const param = PARAM.exec(rest);
    const current = challenges.at(-1);
    if (param && current) {
      current.params[param[1]!.toLowerCase()] =
        param[2] !== undefined ? param[2].replace(/\\(.)/g, "$1") : param[3]!;
      rest = rest.slice(param[0].length);
      continue;
    }
    const scheme = TOKEN.exec(rest);
    if (!scheme) break;
    challenges.push({ scheme: scheme[1]!.toLowerCase(), params: {} });
    rest = rest.slice(scheme[0].length).replace(/^\s*,/, "");
  }
  return challenges;
}
