// The connection test's "When was this token generated?" field: the date (or Today), and the
// expiry and reminder the backend works out from it.
import type { Backend } from "./api";
import { expiryView, fieldError } from "./connection-view";
import { fill, h } from "./dom";

export interface TokenExpiryContext {
  /** The saved date (YYYY-MM-DD), or "". */
  generatedOn: () => string;
  /** Called with the date the admin entered. */
  onDate: (date: string) => void;
}

export class TokenExpiryField {
  readonly element: HTMLElement;
  // A text field, not type="date": WebKit draws an empty date input with a date-like placeholder
  // (today's date, or mm/dd/yyyy) that reads as if a date were entered. Empty here is empty.
  private readonly date = h("input", { type: "text", id: "token-date", inputmode: "numeric", autocomplete: "off", spellcheck: "false", "aria-describedby": "token-date-hint" });
  private readonly expiry = h("div", { id: "token-expiry", "aria-live": "polite" });

  constructor(
    private readonly backend: Backend,
    private readonly ctx: TokenExpiryContext,
  ) {
    const today = h("button", { type: "button", class: "secondary", id: "token-today" }, "Today");
    today.addEventListener("click", () => {
      const d = new Date();
      const pad = (n: number) => String(n).padStart(2, "0");
      this.date.value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      this.changed();
    });
    this.element = h(
      "div",
      { class: "field" },
      h("label", { for: "token-date" }, "When was this token generated?"),
      h("p", { class: "detail", id: "token-date-hint" }, "Loopio tokens expire after one year. Type the date as year-month-day (YYYY-MM-DD), or click Today, to see the expiry and get a calendar reminder two weeks before."),
      h("div", { class: "token-row" }, this.date, today),
      this.expiry,
    );
  }

  /** Shows the saved date and its expiry; from then on, follows the admin's changes. */
  start(): void {
    this.date.value = this.ctx.generatedOn();
    this.date.addEventListener("change", () => this.changed());
    void this.show();
  }

  private changed(): void {
    this.date.value = this.date.value.trim();
    this.ctx.onDate(this.date.value);
    void this.show();
  }

  private async show(): Promise<void> {
    const date = this.date.value;
    if (date === "") {
      fill(this.expiry);
      return;
    }
    try {
      const e = await this.backend.tokenExpiry(date);
      fill(this.expiry, expiryView(e, () => this.backend.exportFile({ kind: "reminder" })));
    } catch (err) {
      fill(this.expiry, fieldError(err));
    }
  }
}
