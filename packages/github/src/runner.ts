/** What the runner hands a step through its environment (the contract every action relies on). */
export interface RunnerEnvironment {
  /** The checked-out repository: paths in findings are relative to it. */
  workspace: string;
  /** `GITHUB_OUTPUT`: where step outputs go. */
  outputFile?: string;
  /** `GITHUB_STEP_SUMMARY`: the job summary Markdown. */
  summaryFile?: string;
  /** `GITHUB_EVENT_PATH`: the webhook payload that triggered the run. */
  eventPath?: string;
}

export function runnerEnvironment(env: NodeJS.ProcessEnv, cwd: string): RunnerEnvironment {
  const value = (name: string) => env[name] || undefined;
  return {
    workspace: value("GITHUB_WORKSPACE") ?? cwd,
    outputFile: value("GITHUB_OUTPUT"),
    summaryFile: value("GITHUB_STEP_SUMMARY"),
    eventPath: value("GITHUB_EVENT_PATH"),
  };
}
