// Glossary terms (a.term[data-short]): the definition shows in a
// role="tooltip" on hover and keyboard focus (WCAG 1.4.13: Escape
// dismisses it, the pointer can move onto it, it never times out). On
// touch screens the first tap opens it with a "more" link and the second
// follows the term's link. The text is set as text, never as HTML.
(() => {
  const more = document.currentScript?.dataset.more || "More";
  const touch = matchMedia("(hover: none)");
  let open = null;

  const hide = () => {
    if (!open) return;
    open.tapped = false;
    open.tip.hidden = true;
    open.link.removeAttribute("data-open");
    open = null;
  };

  const place = (tip) => {
    tip.style.left = "0";
    const overflow = tip.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
    if (overflow > 0) tip.style.left = `${-overflow}px`;
  };

  const show = (term) => {
    if (open && open !== term) hide();
    open = term;
    term.tip.hidden = false;
    term.link.setAttribute("data-open", "");
    place(term.tip);
  };

  let count = 0;
  for (const link of document.querySelectorAll("a.term[data-short]")) {
    const wrap = document.createElement("span");
    wrap.className = "term-wrap";
    link.replaceWith(wrap);
    wrap.append(link);
    const tip = document.createElement("span");
    tip.className = "term-tip";
    tip.id = `term-tip-${++count}`;
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    const text = document.createElement("span");
    text.textContent = link.dataset.short;
    tip.append(text);
    wrap.append(tip);
    link.setAttribute("aria-describedby", tip.id);
    const term = { link, tip, wrap, tapped: false };
    // The pointer of the last press decides between hover and tap; without
    // one (a click from assistive tech), the screen's `hover` feature does.
    let pointerType = "";

    wrap.addEventListener("pointerenter", (event) => {
      if (event.pointerType === "mouse") show(term);
    });
    wrap.addEventListener("pointerleave", (event) => {
      if (event.pointerType === "mouse" && open === term && document.activeElement !== link) hide();
    });
    link.addEventListener("pointerdown", (event) => { pointerType = event.pointerType; });
    link.addEventListener("focus", () => show(term));
    link.addEventListener("blur", (event) => {
      if (!wrap.contains(event.relatedTarget) && open === term) hide();
    });
    link.addEventListener("click", (event) => {
      const tap = pointerType ? pointerType !== "mouse" : touch.matches;
      pointerType = "";
      if (!tap || term.tapped) return;
      event.preventDefault();
      term.tapped = true;
      if (!tip.querySelector("a")) {
        const moreLink = document.createElement("a");
        moreLink.href = link.href;
        moreLink.textContent = more;
        tip.append(" ", moreLink);
      }
      show(term);
    });
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  document.addEventListener("click", (event) => {
    if (open && !open.wrap.contains(event.target)) hide();
  });
})();
