import { type Report, renderJson, renderMarkdown, renderSarif, renderText } from "@bulwark/core";
import type { OutputFormat } from "./options.js";

/** The report in the format the user asked for, by core's renderers. */
export function renderReport(report: Report, format: OutputFormat, options: { color: boolean }): string {
  switch (format) {
    case "text":
      return renderText(report, { color: options.color });
    case "json":
      return renderJson(report);
    case "sarif":
      return `${JSON.stringify(renderSarif([report]), null, 2)}\n`;
    case "markdown":
      // A file or a terminal has no size limit; the job summary passes its own.
      return renderMarkdown(report, { maxBytes: Number.POSITIVE_INFINITY });
  }
}
