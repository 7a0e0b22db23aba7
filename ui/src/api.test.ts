import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { errorText, tauriBackend } from "./api";
import { emptyProgress } from "./wizard";

afterEach(() => clearMocks());

describe("tauri backend", () => {
  it("calls the app's commands and the clipboard plugin with the right arguments", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "load_progress") return { progress: emptyProgress(), notice: null };
      return null;
    });
    await tauriBackend.getPlan({ domain: "acme.loopio.com", environment: "sandbox", app_variable: "" });
    await tauriBackend.loadProgress();
    await tauriBackend.saveProgress(emptyProgress());
    await tauriBackend.copy("loopio-sp");
    expect(calls.map((c) => c.cmd)).toEqual([
      "get_plan",
      "load_progress",
      "save_progress",
      "plugin:clipboard-manager|write_text",
    ]);
    expect(calls[0]?.args).toEqual({ input: { domain: "acme.loopio.com", environment: "sandbox", app_variable: "" } });
    expect(JSON.stringify(calls[3]?.args)).toContain("loopio-sp");
  });

  it("turns command rejections into sentences", () => {
    expect(errorText("Progress could not be saved: disk full")).toBe("Progress could not be saved: disk full");
    expect(errorText(new Error("boom"))).toBe("boom");
    expect(errorText(42)).toContain("Something went wrong");
  });
});
