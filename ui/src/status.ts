// How each finding status looks (icon, word, colour class): one table for every panel.
import type { Status } from "./bindings/Status";
import type { TestTargetKind } from "./bindings/TestTargetKind";
import targets from "./bindings/targets.json";

export const STATUS: Record<Status, { icon: string; word: string; look: string }> = {
  pass: { icon: "✓", word: "Pass", look: "ok" },
  warn: { icon: "⚠", word: "Warning", look: "warn" },
  fail: { icon: "✖", word: "Fail", look: "bad" },
  skip: { icon: "–", word: "Skipped", look: "warn" },
};

/** The connection test's and rehearsal's targets, with the core's labels and hints. */
export const TARGETS = targets as { id: TestTargetKind; label: string; hint: string; offered: boolean }[];

/** A target's label, as the core words it. */
export function targetLabel(id: TestTargetKind): string {
  return TARGETS.find((t) => t.id === id)?.label ?? id;
}
