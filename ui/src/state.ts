// The wizard's state that is not drawing: the defaults of a fresh profile, which are the core's
// (Progress::default, exported by a Rust test to bindings/default-progress.json), not the UI's.
import type { Progress } from "./bindings/Progress";
import defaults from "./bindings/default-progress.json";

/** A fresh profile's progress, as the core defines it. */
export function emptyProgress(): Progress {
  return structuredClone(defaults) as Progress;
}
