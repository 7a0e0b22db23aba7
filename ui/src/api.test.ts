import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { copyText, errorCode, errorText, tauriBackend } from "./api";
import { emptyProgress } from "./wizard";

afterEach(() => clearMocks());

describe("tauri backend", () => {
  it("calls the app's commands with the right arguments", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "load_progress") return { progress: emptyProgress(), notice: null };
      return null;
    });
    await tauriBackend.getPlan({ domain: "acme.loopio.com", environment: "sandbox", app_variable: "", ticked: [], last_test: null, roles_plan: { mode: "same_for_all", role: "" } });
    await tauriBackend.loadProgress();
    await tauriBackend.saveProgress(emptyProgress());
    expect(calls.map((c) => c.cmd)).toEqual([
      "get_plan",
      "load_progress",
      "save_progress",
    ]);
    expect(calls[0]?.args).toEqual({ input: { domain: "acme.loopio.com", environment: "sandbox", app_variable: "", ticked: [], last_test: null, roles_plan: { mode: "same_for_all", role: "" } } });
  });

  it("reads the {code, message} every command rejects with", async () => {
    mockIPC((cmd) => {
      if (cmd === "save_progress") throw { code: "store.save_failed", message: "Progress could not be saved to /x (read-only)." };
      return null;
    });
    const err = await tauriBackend.saveProgress(emptyProgress()).catch((e: unknown) => e);
    expect(errorCode(err)).toBe("store.save_failed");
    expect(errorText(err)).toBe("Progress could not be saved to /x (read-only).");
    expect(errorCode("a plain sentence")).toBeNull();
  });

  it("turns command rejections into sentences", () => {
    expect(errorText("Progress could not be saved: disk full")).toBe("Progress could not be saved: disk full");
    expect(errorText(new Error("boom"))).toBe("boom");
    expect(errorText(42)).toContain("Something went wrong");
  });
});

describe("keychain errors", () => {
  it("shows a missing keychain as a notice and any other keychain error as an error", async () => {
    const { keychainProblem } = await import("./connection");
    const missing = keychainProblem({ code: "keychain.unavailable", message: "No keychain is available on this computer." });
    expect(missing.className).toBe("warning");
    expect(missing.getAttribute("role")).toBeNull();
    const corrupt = keychainProblem({ code: "keychain.corrupt", message: "The saved token could not be used." });
    expect(corrupt.className).toBe("field-error");
    expect(corrupt.getAttribute("role")).toBe("alert");
    expect(corrupt.textContent).toContain("could not be used");
  });
});

describe("copy buttons", () => {
  it("copy with the webview's own clipboard, without a plugin", async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: async (t: string) => void written.push(t) },
    });
    await copyText("loopio-sp");
    expect(written).toEqual(["loopio-sp"]);
  });

  it("fall back to a selection copy, and say so when nothing can copy", async () => {
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: undefined });
    const copied: string[] = [];
    document.execCommand = ((command: string) => {
      copied.push(`${command}:${document.querySelector("textarea")?.value ?? ""}`);
      return true;
    }) as typeof document.execCommand;
    await copyText("https://acme.loopio.com/home");
    expect(copied).toEqual(["copy:https://acme.loopio.com/home"]);
    expect(document.querySelector("textarea")).toBeNull();
    document.execCommand = (() => false) as typeof document.execCommand;
    await expect(copyText("x")).rejects.toThrow("copy it by hand");
  });
});
