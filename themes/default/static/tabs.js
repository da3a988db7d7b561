// Tabs and FAQ. Tabs: each .tabs group's panels become an ARIA tablist
// (arrow keys, Home, End); a group with data-sync remembers the chosen
// label in localStorage and every group with that key follows it. FAQ: a
// link to a question's #id opens it; "expand all" opens every answer.
(() => {
  const storageKey = (sync) => `yomu-tabs:${sync}`;
  const groups = [];
  let count = 0;

  const select = (group, index, focus) => {
    group.tabs.forEach((tab, i) => {
      const on = i === index;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      group.panels[i].hidden = !on;
    });
    if (focus) group.tabs[index].focus();
  };

  const choose = (group, index, focus) => {
    select(group, index, focus);
    const sync = group.root.dataset.sync;
    if (!sync) return;
    const label = group.panels[index].dataset.label;
    try {
      localStorage.setItem(storageKey(sync), label);
    } catch {
      // Storage off: the choice holds on this page only.
    }
    for (const other of groups) {
      if (other !== group && other.root.dataset.sync === sync) {
        const i = other.panels.findIndex((p) => p.dataset.label === label);
        if (i >= 0) select(other, i, false);
      }
    }
  };

  for (const root of document.querySelectorAll(".tabs")) {
    const panels = [...root.children].filter((c) => c.classList.contains("tab-panel"));
    if (panels.length === 0) continue;
    const list = document.createElement("div");
    list.setAttribute("role", "tablist");
    list.className = "tab-list";
    const group = { root, panels, tabs: [] };
    panels.forEach((panel, i) => {
      const n = ++count;
      const tab = document.createElement("button");
      tab.type = "button";
      tab.id = `tab-${n}`;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", `tabpanel-${n}`);
      tab.textContent = panel.dataset.label;
      panel.id = `tabpanel-${n}`;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.removeAttribute("aria-label");
      panel.tabIndex = 0;
      tab.addEventListener("click", () => choose(group, i, false));
      tab.addEventListener("keydown", (event) => {
        const last = panels.length - 1;
        const next = { ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1, Home: 0, End: last }[event.key];
        if (next === undefined) return;
        event.preventDefault();
        choose(group, next, true);
      });
      group.tabs.push(tab);
      list.append(tab);
    });
    root.prepend(list);
    root.classList.add("tabs-ready");
    groups.push(group);
    let start = 0;
    if (root.dataset.sync) {
      try {
        const saved = localStorage.getItem(storageKey(root.dataset.sync));
        start = Math.max(0, panels.findIndex((p) => p.dataset.label === saved));
      } catch {
        // Storage off: the first tab.
      }
    }
    select(group, start, false);
  }

  const openTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    const details = target && target.closest("details");
    if (!details) return;
    details.open = true;
    target.scrollIntoView();
  };
  addEventListener("hashchange", openTarget);
  openTarget();

  const items = document.querySelectorAll(".faq-item");
  const questions = document.querySelector(".faq-questions");
  const script = document.currentScript;
  if (items.length > 1 && questions && script) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "faq-expand";
    const expand = script.dataset.expand || "Expand all";
    const collapse = script.dataset.collapse || "Collapse all";
    const allOpen = () => [...items].every((d) => d.open);
    const label = () => { button.textContent = allOpen() ? collapse : expand; };
    button.addEventListener("click", () => {
      const open = !allOpen();
      for (const d of items) d.open = open;
      label();
    });
    for (const d of items) d.addEventListener("toggle", label);
    label();
    questions.after(button);
  }
})();
