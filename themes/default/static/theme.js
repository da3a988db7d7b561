// yomu default theme: colour-scheme toggle, the narrow-screen drawer, the
// language menu and sidebar sections. (Reading aids: reading.js.)
(() => {
  const root = document.documentElement;
  const prefersDark = matchMedia("(prefers-color-scheme: dark)");

  const themeToggle = document.querySelector(".theme-toggle");
  if (themeToggle) {
    const isDark = () =>
      root.dataset.theme ? root.dataset.theme === "dark" : prefersDark.matches;
    const show = () => themeToggle.setAttribute("aria-pressed", String(isDark()));
    themeToggle.addEventListener("click", () => {
      const next = isDark() ? "light" : "dark";
      root.dataset.theme = next;
      try {
        localStorage.setItem("yomu-theme", next);
      } catch {
        // Storage off (private mode): the choice lasts for this page only.
      }
      show();
    });
    prefersDark.addEventListener("change", show);
    show();
  }

  // The drawer (≤ 960 px): while open, everything but the sidebar is inert
  // and the page does not scroll; it closes on the backdrop, Escape, a
  // link or its close button, and focus goes back to the menu button.
  const menuToggle = document.querySelector(".menu-toggle");
  const sidebar = document.getElementById("yomu-sidebar");
  if (menuToggle && sidebar) {
    const backdrop = document.createElement("div");
    backdrop.className = "drawer-backdrop";
    sidebar.after(backdrop);
    const closeButton = sidebar.querySelector(".menu-close");
    const behind = () =>
      [...document.body.children].filter(
        (e) => e !== sidebar.parentElement && e.tagName !== "SCRIPT",
      ).concat([...sidebar.parentElement.children].filter(
        (e) => e !== sidebar && e !== backdrop,
      ));
    const isOpen = () => root.classList.contains("menu-open");
    const setMenu = (open) => {
      if (open === isOpen()) return;
      menuToggle.setAttribute("aria-expanded", String(open));
      root.classList.toggle("menu-open", open);
      for (const element of behind()) element.inert = open;
      if (open) {
        const current = sidebar.querySelector("a[aria-current='page']");
        (closeButton || current || sidebar.querySelector("a"))?.focus();
      } else {
        menuToggle.focus();
      }
    };
    menuToggle.addEventListener("click", () => setMenu(!isOpen()));
    closeButton?.addEventListener("click", () => setMenu(false));
    backdrop.addEventListener("click", () => setMenu(false));
    sidebar.addEventListener("click", (event) => {
      if (event.target.closest("a")) setMenu(false);
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && isOpen()) setMenu(false);
    });
    // Widening past the breakpoint shows the sidebar in place: close.
    matchMedia("(min-width: 60.0625rem)").addEventListener("change", (event) => {
      if (event.matches) setMenu(false);
    });
  }

  // The language menu is a <details>: Escape and a click elsewhere close it.
  for (const menu of document.querySelectorAll(".language-menu")) {
    document.addEventListener("click", (event) => {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
        event.stopPropagation();
      }
    });
  }

  for (const button of document.querySelectorAll(".nav-toggle")) {
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      const list = document.getElementById(button.getAttribute("aria-controls"));
      if (list) list.hidden = !open;
    });
  }
})();
