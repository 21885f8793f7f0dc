// "Copy link" buttons beside permalinks. An enhancement only: without script the links work.
(() => {
  if (!navigator.clipboard) return;
  for (const link of document.querySelectorAll("a[data-copy]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", `Copy link to ${link.dataset.copy}`);
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(new URL(link.getAttribute("href"), location.href).href);
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = "Copy link"; }, 2000);
    });
    link.after(" ", button);
  }
})();
