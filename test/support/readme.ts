/**
 * The README's sections and code blocks, for tests that run what the README tells a user to run,
 * as written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./providerHost";

/** A fenced code block: its language tag and its text. */
interface CodeBlock {
  readonly lang: string;
  readonly text: string;
}

/** The text of the README's `## <heading>` section, up to the next `## `. */
export function readmeSection(heading: string): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.split(`\n## ${heading}\n`)[1]?.split("\n## ")[0];
  if (!section) throw new Error(`README.md has no "## ${heading}" section`);
  return section;
}

/** The fenced code blocks of `section`, in order. */
export function codeBlocks(section: string): CodeBlock[] {
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({
    lang: lang!,
    text: text!,
  }));
}
