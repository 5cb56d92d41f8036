// The review app's pages: saves through the JSON API, the keyboard, and what a save changed shown in place.
"use strict";
(function () {
  const M = JSON.parse(document.body.dataset.messages || "{}");
  const say = (text) => { document.getElementById("status").textContent = text; };
  const units = () => Array.from(document.querySelectorAll("section.unit"));
  const current = () => {
    const here = document.activeElement && document.activeElement.closest("section.unit");
    return here || units().find((u) => u.dataset.current === "1") || null;
  };

  function focusUnit(section) {
    if (!section) return;
    units().forEach((u) => delete u.dataset.current);
    section.dataset.current = "1";
    section.focus();
    section.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = units();
    const at = all.indexOf(current());
    focusUnit(all[Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + step))]);
  }

  function show(section, unit) {
    const form = section.querySelector("form.target");
    form.dataset.revision = unit.revision;
    form.elements.target.value = unit.target;
    form.elements.comment.value = unit.comment;
    section.dataset.state = unit.state;
    const state = section.querySelector('[data-field="state"]');
    state.textContent = unit.state;
    state.className = "state state-" + unit.state;
    const risk = section.querySelector('[data-field="risk"]');
    risk.textContent = M.risk + " " + unit.band + " " + unit.risk.toFixed(2);
    risk.className = "risk risk-" + unit.band;
    section.className = "unit band-" + unit.band;
    section.querySelector('[data-field="approval"]').textContent = unit.approved_by ? M.approved_by + " " + unit.approved_by : M.not_approved;
    const list = section.querySelector('[data-field="findings"]');
    list.replaceChildren();
    for (const f of unit.findings) {
      const li = document.createElement("li");
      li.className = "severity-" + f.severity;
      const check = document.createElement("span");
      check.className = "check";
      check.textContent = f.check;
      li.append(check, " " + f.severity + ": " + f.detail);
      list.append(li);
    }
    if (!unit.findings.length) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = M.none;
      list.append(li);
    }
  }

  function conflict(section, body) {
    const box = section.querySelector(".conflict");
    box.replaceChildren();
    const lines = [[M.conflict_head, ""],
                   [M.yours + " ", body.yours.target === null ? M.unchanged : body.yours.target],
                   [M.now + " (" + body.current.state + "): ", body.current.target],
                   [M.again, ""]];
    for (const [label, text] of lines) {
      const p = document.createElement("p");
      const strong = document.createElement("strong");
      strong.textContent = label;
      p.append(strong, text);
      box.append(p);
    }
    box.hidden = false;
    section.querySelector("form.target").dataset.revision = body.current.revision;
    say(M.conflict);
  }

  async function reply(response) {
    try {
      return await response.json();
    } catch (error) {
      return { error: response.status + " " + response.statusText };
    }
  }

  async function save(section, action) {
    const form = section.querySelector("form.target");
    const body = { revision: form.dataset.revision, target: form.elements.target.value,
                   comment: form.elements.comment.value };
    if (action === "approve") body.approve = true;
    if (action === "machine") body.approve = false;
    say(M.saving);
    const response = await fetch(form.getAttribute("action"), { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const data = await reply(response);
    if (response.status === 409) return conflict(section, data);
    if (!response.ok) return say(M.not_saved + " " + data.error);
    section.querySelector(".conflict").hidden = true;
    show(section, data);
    const findings = data.findings.length ? data.findings.length + " " + M.findings : M.no_findings;
    say((action === "approve" ? M.approved : action === "machine" ? M.returned : M.saved)
        + "; " + data.state + ", " + findings + ".");
  }

  async function publish(form) {
    const out = form.querySelector("output");
    out.textContent = M.publishing;
    const response = await fetch(form.getAttribute("action"), { method: "POST", credentials: "same-origin" });
    const data = await reply(response);
    out.textContent = response.ok
      ? data.status + (data.why ? ": " + data.why : "") + (data.files.length ? " (" + data.files.join(", ") + ")" : "")
      : M.not_published + " " + data.error;
    say(out.textContent);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    event.preventDefault();
    if (form.classList.contains("publish")) return publish(form);
    const action = event.submitter ? event.submitter.value : "save";
    save(form.closest("section.unit"), action);
  });

  document.addEventListener("keydown", (event) => {
    const inText = event.target.matches("textarea, input");
    const section = current();
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && section) {
      event.preventDefault();
      return save(section, event.shiftKey ? "approve" : "save");
    }
    if (inText) {
      if (event.key === "Escape" && section) focusUnit(section);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j") move(1);
    else if (event.key === "k") move(-1);
    else if (event.key === "e" && section) { event.preventDefault(); section.querySelector("textarea").focus(); }
    else if (event.key === "a" && section) save(section, "approve");
    else if (event.key === "r" && section) save(section, "machine");
  });

  document.addEventListener("focusin", (event) => {
    const section = event.target.closest && event.target.closest("section.unit");
    if (section) { units().forEach((u) => delete u.dataset.current); section.dataset.current = "1"; }
  });
})();
