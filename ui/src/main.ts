import { errorText, tauriBackend } from "./api";
import { Wizard } from "./wizard";

const root = document.getElementById("app");
if (root) {
  Wizard.start(root, tauriBackend).catch((e: unknown) => {
    const p = document.createElement("p");
    p.className = "banner error";
    p.setAttribute("role", "alert");
    p.textContent = `The wizard could not start: ${errorText(e)}. Restart the app; if this persists, report it.`;
    root.replaceChildren(p);
  });
}
