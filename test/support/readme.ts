/**
 * The sections and code blocks of the README and the docs, for tests that run what they tell a
 * user to run, as written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./providerHost";

/** A fenced code block: its language tag and its text. */
interface CodeBlock {
  readonly lang: string;
  readonly text: string;
}

/**
 * The text of a `## <heading>` section, up to the next `## `, of the README or of another
 * Markdown file of the repository (`file`, relative to its root).
 */
export function docSection(heading: string, file = "README.md"): string {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
  const section = text.split(`\n## ${heading}\n`)[1]?.split("\n## ")[0];
  if (!section) throw new Error(`${file} has no "## ${heading}" section`);
  return section;
}

/** The fenced code blocks of `section`, in order. */
export function codeBlocks(section: string): CodeBlock[] {
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({
    lang: lang!,
    text: text!,
  }));
}
