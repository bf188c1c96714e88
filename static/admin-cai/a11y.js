// Names for the search boxes Django's autocomplete fields draw with select2 (they have none,
// which axe-core reports as critical), and no "clear all" cross inside a multiple choice's
// list (it is not a list item). Loaded on every admin page by templates/admin/base_site.html.
"use strict";

function labelOf(select) {
  const label = document.querySelector(`label[for="${select.id}"]`);
  if (!label) {
    return null;
  }
  if (!label.id) {
    label.id = `${select.id}-label`;
  }
  return label;
}

function nameAutocomplete(select) {
  const drawn = select.nextElementSibling;
  const label = labelOf(select);
  if (!drawn || !drawn.classList.contains("select2") || !label) {
    return;
  }
  const name = label.textContent.replace(/\s*:\s*$/, "").trim();
  for (const combobox of drawn.querySelectorAll('[role="combobox"]')) {
    const shown = combobox.querySelector(".select2-selection__rendered");
    const ids = [label.id];
    if (shown && shown.id) {
      ids.push(shown.id);
      shown.setAttribute("aria-labelledby", label.id); // its text is the choice, or nothing
    }
    combobox.setAttribute("aria-labelledby", ids.join(" "));
  }
  for (const search of drawn.querySelectorAll(".select2-search__field")) {
    search.setAttribute("aria-label", name);
  }
}

function nameAutocompletes() {
  document.querySelectorAll("select.admin-autocomplete").forEach(nameAutocomplete);
}

document.addEventListener("DOMContentLoaded", () => {
  // Before select2 draws them (Django's autocomplete.js runs on jQuery's ready, later).
  for (const select of document.querySelectorAll("select.admin-autocomplete[multiple]")) {
    select.dataset.allowClear = "false";
  }
  // jQuery runs its ready callbacks in the order they were given, after autocomplete.js's.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameAutocompletes);
  }
});
document.addEventListener("formset:added", () => window.setTimeout(nameAutocompletes));
