// The "Imprimer" buttons (data-print) of the admin's annual report. A script file rather
// than an onclick attribute: the Content Security Policy refuses inline scripts.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
