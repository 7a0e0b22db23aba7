// The backend, as the UI sees it. Every value shown comes from here; the UI computes none.
import { invoke } from "@tauri-apps/api/core";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import type { LoadedProgress } from "./bindings/LoadedProgress";
import type { Plan } from "./bindings/Plan";
import type { PlanInput } from "./bindings/PlanInput";
import type { Progress } from "./bindings/Progress";

export interface Backend {
  getPlan(input: PlanInput): Promise<Plan>;
  loadProgress(): Promise<LoadedProgress>;
  saveProgress(progress: Progress): Promise<void>;
  copy(text: string): Promise<void>;
}

export const tauriBackend: Backend = {
  getPlan: (input) => invoke<Plan>("get_plan", { input }),
  loadProgress: () => invoke<LoadedProgress>("load_progress"),
  saveProgress: (progress) => invoke<void>("save_progress", { progress }),
  copy: (text) => writeText(text),
};

/** A message for an error thrown by `invoke`: commands reject with a sentence. */
export function errorText(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  return "Something went wrong talking to the app's backend.";
}
