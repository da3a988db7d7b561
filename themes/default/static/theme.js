// yomu default theme: colour-scheme toggle, narrow-screen menu, sidebar
// sections and copy buttons. Labels come from data-* attributes the
// templates fill from the UI strings.
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

  const menuToggle = document.querySelector(".menu-toggle");
  if (menuToggle) {
    const setMenu = (open) => {
      menuToggle.setAttribute("aria-expanded", String(open));
      root.classList.toggle("menu-open", open);
    };
    menuToggle.addEventListener("click", () =>
      setMenu(menuToggle.getAttribute("aria-expanded") !== "true"));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && root.classList.contains("menu-open")) {
        setMenu(false);
        menuToggle.focus();
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

  // A region that scrolls sideways (long code, wide tables and diagrams)
  // must take keyboard focus, or keyboard users cannot scroll it.
  const focusScrollable = () => {
    for (const region of document.querySelectorAll("pre, .content table, .diagram")) {
      if (region.scrollWidth > region.clientWidth) region.tabIndex = 0;
      else region.removeAttribute("tabindex");
    }
  };
  focusScrollable();
  let resized;
  addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(focusScrollable, 100);
  });

  const labels = document.body.dataset;
  for (const figure of document.querySelectorAll("figure.code-block")) {
    const code = figure.querySelector("pre code");
    if (!code || !navigator.clipboard) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = labels.copyLabel;
    let reset;
    button.addEventListener("click", async () => {
      clearTimeout(reset);
      try {
        await navigator.clipboard.writeText(code.textContent);
        button.textContent = labels.copiedLabel;
        button.setAttribute("data-copied", "");
      } catch {
        button.textContent = labels.copyFailedLabel;
      }
      reset = setTimeout(() => {
        button.textContent = labels.copyLabel;
        button.removeAttribute("data-copied");
      }, 2000);
    });
    figure.append(button);
  }
})();
