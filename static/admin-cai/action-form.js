// The action form: when the plan changes, only its objectives and the axes of its grid stay
// offered (plans/forms.py tags each option with its plan or grid). Without this script every
// choice stays visible, grouped by plan and grid, and the server refuses a wrong pick.
"use strict";

function keepOnly(select, keep) {
  for (const option of select.options) {
    if (!option.value) {
      continue;
    }
    const kept = keep(option);
    option.hidden = !kept;
    option.disabled = !kept;
    if (!kept && option.selected) {
      select.value = "";
    }
  }
  for (const group of select.querySelectorAll("optgroup")) {
    group.hidden = !Array.from(group.children).some((option) => !option.hidden);
  }
}

function narrowToPlan(plan, objective, axis) {
  const chosen = plan.options[plan.selectedIndex];
  const planId = plan.value;
  const framework = chosen && chosen.value ? chosen.dataset.framework : "";
  if (objective) {
    keepOnly(objective, (option) => !planId || option.dataset.plan === planId);
  }
  if (axis) {
    keepOnly(axis, (option) => !framework || option.dataset.framework === framework);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const plan = document.querySelector("select#id_plan");
  if (!plan) {
    return; // a read-only page: nothing to narrow
  }
  const objective = document.querySelector("select#id_objective");
  const axis = document.querySelector("select#id_axis");
  plan.addEventListener("change", () => narrowToPlan(plan, objective, axis));
  narrowToPlan(plan, objective, axis);
});
