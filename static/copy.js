// "Copy link" buttons beside permalinks. An enhancement only: without script the links work.
// The button's words are the page's, in its language: the script tag's data-copy (the label),
// data-copy-to (the label's start, before the link's own data-copy) and data-copied.
(() => {
  if (!navigator.clipboard) return;
  const words = document.currentScript.dataset;
  for (const link of document.querySelectorAll("a[data-copy]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = words.copy;
    button.setAttribute("aria-label", `${words.copyTo} ${link.dataset.copy}`);
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(new URL(link.getAttribute("href"), location.href).href);
      button.textContent = words.copied;
      setTimeout(() => { button.textContent = words.copy; }, 2000);
    });
    link.after(" ", button);
  }
})();
