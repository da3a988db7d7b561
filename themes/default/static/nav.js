// yomu default theme: a long sidebar list shows a window around the page,
// with "N more" links to the folder's index pages. With JavaScript, such a
// link puts the folder's whole list (one shared, cached fragment) in place
// of the window, and focuses the entry the link pointed at.
(() => {
  const expand = async (link) => {
    const response = await fetch(link.dataset.fullList);
    if (!response.ok) throw new Error(response.statusText);
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const entries = [...template.content.children];
    const wanted = new Set(entries.map((li) => li.querySelector("a")?.getAttribute("href")));
    const list = link.closest("ul");
    // The window's entries and its "N more" items make way for the list.
    const shown = [...list.children].filter((li) =>
      li.classList.contains("nav-more") ||
      wanted.has(li.querySelector(":scope > a")?.getAttribute("href")));
    shown[0].before(...entries);
    for (const li of shown) li.remove();
    for (const a of list.querySelectorAll(":scope > li > a")) {
      if (new URL(a.href).pathname === location.pathname) a.setAttribute("aria-current", "page");
    }
    entries[Number(link.dataset.entry)]?.querySelector("a")?.focus();
  };

  document.addEventListener("click", (event) => {
    const link = event.target.closest?.(".nav-more a[data-full-list]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    // Should the fragment not load, the link still leads to the index page.
    expand(link).catch(() => { location.href = link.href; });
  });
})();
