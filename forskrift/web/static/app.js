// forskrift web page: drop zone, batch table sorting and filtering, printing, the impact form's busy note. The page works without it.
"use strict";
document.documentElement.classList.add("js");

function setupDropzone() {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  const chosen = document.getElementById("chosen");
  if (!zone || !input) return;
  const show = () => {
    const files = [...input.files, ...(document.getElementById("folder")?.files || [])];
    chosen.textContent = files.length ? files.length + ": " + files.slice(0, 5).map(f => f.name).join(", ")
      + (files.length > 5 ? " …" : "") : "";
  };
  input.addEventListener("change", show);
  document.getElementById("folder")?.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(type => zone.addEventListener(type, e => {
    e.preventDefault(); zone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach(type => zone.addEventListener(type, () => zone.classList.remove("over")));
  zone.addEventListener("drop", e => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
  });
}

function setupBatch() {
  const table = document.getElementById("batch");
  if (!table) return;
  const body = table.tBodies[0];
  const decision = document.getElementById("filter-decision");
  const status = document.getElementById("filter-status");
  const shown = document.getElementById("shown-count");
  const filter = () => {
    let n = 0;
    for (const row of body.rows) {
      const ok = (!decision.value || row.dataset.decision === decision.value)
        && (!status.value || row.dataset.statuses.split(" ").includes(status.value));
      row.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + " / " + body.rows.length;
  };
  decision.addEventListener("change", filter);
  status.addEventListener("change", filter);
  filter();
  table.querySelectorAll("button.sort").forEach(button => button.addEventListener("click", () => {
    const col = Number(button.dataset.col);
    const dir = button.dataset.dir === "asc" ? "desc" : "asc";
    table.querySelectorAll("button.sort").forEach(b => { delete b.dataset.dir; b.parentElement.setAttribute("aria-sort", "none"); });
    button.dataset.dir = dir;
    button.parentElement.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
    const key = row => row.cells[col].dataset.value;
    const cmp = button.dataset.type === "num" ? (a, b) => Number(key(a)) - Number(key(b))
      : (a, b) => key(a).localeCompare(key(b), "nb");
    const rows = [...body.rows].sort((a, b) => (dir === "asc" ? 1 : -1) * cmp(a, b)
      || Number(a.cells[0].dataset.value) - Number(b.cells[0].dataset.value));
    rows.forEach(row => body.appendChild(row));
  }));
}

function setupPrint() {
  const button = document.getElementById("print");
  let closed = [];
  window.addEventListener("beforeprint", () => {
    closed = [...document.querySelectorAll("section.case > details:not([open]), "
      + "section.impact-case details.others:not([open])")];
    closed.forEach(d => { d.open = true; });
  });
  window.addEventListener("afterprint", () => { closed.forEach(d => { d.open = false; }); closed = []; });
  if (button) button.addEventListener("click", () => window.print());
}

function setupBusy() {
  // the impact page compares every case twice: say so while the server works (a corpus takes a few seconds)
  const form = document.getElementById("impact-form");
  const busy = document.getElementById("busy");
  if (!form || !busy) return;
  form.addEventListener("submit", () => { busy.hidden = false; form.setAttribute("aria-busy", "true"); });
  window.addEventListener("pageshow", () => { busy.hidden = true; form.removeAttribute("aria-busy"); });
}

function setupOverview() {
  // the overview (forskrift/web/year.py): search, filter by decision, sort by any column (aria-sort)
  const table = document.getElementById("overview");
  if (!table) return;
  const body = table.tBodies[0];
  const search = document.getElementById("ov-search");
  const decision = document.getElementById("ov-decision");
  const count = document.getElementById("ov-count");
  const filter = () => {
    const words = search.value.trim().toLowerCase();
    let n = 0;
    for (const row of body.rows) {
      const ok = (!decision.value || row.dataset.decision === decision.value)
        && (!words || row.textContent.toLowerCase().includes(words));
      row.hidden = !ok;
      if (ok) n++;
    }
    count.textContent = n + " / " + body.rows.length;
  };
  search.addEventListener("input", filter);
  decision.addEventListener("change", filter);
  filter();
  const original = [...body.rows];
  table.querySelectorAll("button.sort").forEach(button => button.addEventListener("click", () => {
    const th = button.parentElement;
    const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(h => h.setAttribute("aria-sort", "none"));
    th.setAttribute("aria-sort", dir);
    const col = Number(button.dataset.col);
    const key = row => row.cells[col].dataset.value;
    const cmp = button.dataset.type === "num" ? (a, b) => Number(key(a) || 0) - Number(key(b) || 0)
      : (a, b) => key(a).localeCompare(key(b), "nb");
    const rows = [...body.rows].sort((a, b) => (dir === "ascending" ? 1 : -1) * cmp(a, b)
      || original.indexOf(a) - original.indexOf(b));
    rows.forEach(row => body.appendChild(row));
  }));
}

function setupPrintButtons() {
  document.querySelectorAll("button.print-button").forEach(b => b.addEventListener("click", () => window.print()));
}

document.addEventListener("DOMContentLoaded", () => {
  setupDropzone(); setupBatch(); setupPrint(); setupBusy(); setupOverview(); setupPrintButtons();
});
