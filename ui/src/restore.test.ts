import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import { $, settle, start } from "./test-support";
import { emptyProgress } from "./wizard";

const at = (more: Partial<Progress> = {}): Progress => ({
  ...emptyProgress(),
  domain: "  https://ACME.loopio.com/home ",
  current_step: "connection_test",
  ...more,
});

describe("the connection step after a restart", () => {
  it("shows the last saved result and the target it ran against", async () => {
    await start(
      at({
        last_test: {
          at_unix: 1_795_000_000,
          base_url: "http://127.0.0.1:5555/scim/v2",
          target: "practice",
          report: { verdict: "pass", okta_connector_test: "pass", elapsed_ms: 20, findings: [] },
        },
      }),
    );
    await settle();
    expect($("#okta-verdict").textContent).toContain("The practice tenant on this computer (not Loopio)");
    expect(($("#target-practice") as HTMLInputElement).checked).toBe(true);
    expect(($("#target-production") as HTMLInputElement).checked).toBe(false);
    expect($("#saved-result").textContent).toContain("against Practice tenant (http://127.0.0.1:5555/scim/v2)");
  });

  it("shows nothing when no test was saved", async () => {
    await start(at());
    await settle();
    expect(document.querySelector("#okta-verdict")).toBeNull();
    expect(($("#target-production") as HTMLInputElement).checked).toBe(true);
  });
});

describe("the token's clean-up notes", () => {
  it("says \"Removed spaces around the token.\" once, not again with the result", async () => {
    await start(at());
    const token = $("#token") as HTMLInputElement;
    token.value = "  good-token-0123456789  ";
    token.dispatchEvent(new Event("input"));
    await settle();
    const count = () => (document.body.textContent ?? "").split("Removed spaces around the token.").length - 1;
    expect(count()).toBe(1);
    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect(document.querySelector("#okta-verdict")).not.toBeNull();
    expect(count()).toBe(1);
  });
});
