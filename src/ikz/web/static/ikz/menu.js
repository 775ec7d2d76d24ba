// The menu button of a phone's header (cockpit.css shows it below 600 px): it folds the
// account's links, the language and the work navigation. Run right after the header,
// before the page is drawn, so that nothing shows unfolded first. Without this script
// the button has no state, stays hidden, and everything shows.
(() => {
  const button = document.getElementById("site-menu-button");
  if (button === null) return;
  const open = (state) => button.setAttribute("aria-expanded", String(state));
  open(false);
  button.addEventListener("click", () => open(button.getAttribute("aria-expanded") !== "true"));
  // Escape folds the menu again and leaves the focus on its button.
  button.closest("header").addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      open(false);
      button.focus();
    }
  });
})();
