// yomu default theme, reading aids: heading links, the TOC's current
// section, scrollable regions (code, tables, diagrams) and copy buttons.
// Labels come from data-* attributes the templates fill from UI strings.
(() => {
  const labels = document.body.dataset;
  const copy = (text) => navigator.clipboard?.writeText(text) ?? Promise.reject();

  // A "#" link after each h2–h4: it goes to the heading and copies its URL.
  // Not in a <summary> (an FAQ question): a link inside the control that
  // opens it would be an interactive control inside another.
  const headings = "main:not(.not-found) .content :is(h2, h3, h4)[id]:not(summary *)";
  for (const heading of document.querySelectorAll(headings)) {
    const link = document.createElement("a");
    link.className = "heading-anchor";
    link.href = `#${encodeURIComponent(heading.id)}`;
    link.textContent = "#";
    link.setAttribute("aria-label", `${labels.headingLinkLabel || "#"}: ${heading.textContent}`);
    link.addEventListener("click", () => {
      copy(link.href).catch(() => {});
    });
    heading.append(link);
  }

  // Scrollspy: the TOC marks the last heading above the upper third of the
  // viewport, recomputed when a heading crosses it.
  const tocLinks = [...document.querySelectorAll("nav.toc a[href^='#']")];
  const targets = tocLinks
    .map((link) => [link, document.getElementById(decodeURIComponent(link.hash.slice(1)))])
    .filter(([, heading]) => heading);
  if (targets.length && "IntersectionObserver" in window) {
    let current;
    const mark = () => {
      const line = innerHeight / 3;
      let found = targets[0][0];
      for (const [link, heading] of targets) {
        if (heading.getBoundingClientRect().top <= line) found = link;
      }
      if (found === current) return;
      current?.removeAttribute("aria-current");
      found.setAttribute("aria-current", "true");
      current = found;
    };
    const observer = new IntersectionObserver(mark, {
      rootMargin: "0px 0px -66% 0px",
      threshold: [0, 1],
    });
    for (const [, heading] of targets) observer.observe(heading);
  }

  // A diagram wider than the screen keeps its size and scrolls sideways,
  // with a hint; a region that scrolls sideways (long code, wide tables
  // and diagrams) must take keyboard focus, or keyboard users cannot
  // scroll it.
  for (const diagram of document.querySelectorAll(".diagram")) {
    // Drawn with 16 px labels: never below 3/4 of its drawn width, so
    // labels stay at 12 px or more.
    const svg = diagram.querySelector("svg");
    const drawn = svg?.viewBox?.baseVal?.width;
    if (drawn) svg.style.minWidth = `${Math.ceil(drawn * 0.75)}px`;
    const hint = document.createElement("p");
    hint.className = "diagram-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = labels.diagramScrollLabel || "";
    diagram.prepend(hint);
  }
  const focusScrollable = () => {
    for (const region of document.querySelectorAll("pre, .content table, .diagram")) {
      const scrolls = region.scrollWidth > region.clientWidth;
      region.classList.toggle("scrollable", scrolls);
      if (scrolls) region.tabIndex = 0;
      else region.removeAttribute("tabindex");
    }
  };
  focusScrollable();
  let resized;
  addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(focusScrollable, 100);
  });

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
        await copy(code.textContent);
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
