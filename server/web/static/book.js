// Booking an appointment in three steps: service, then day and slot, then name and phone. The booking is
// sent once with an idempotency key (a retry of the same form sends the same key, so it cannot book twice);
// the answer's manage token leads to the booking's private page.
"use strict";
(function () {
  const { data, t, api, url } = window.BranchQ;
  const form = document.getElementById("booking");
  const field = (name) => form.querySelector('[data-field="' + name + '"]');
  const steps = document.querySelectorAll(".steps li");
  const chosen = { service: null, slot: null };
  let picker = null;
  let key = null;
  let keyFor = "";

  function show(step) {
    form.dataset.step = step;
    steps.forEach(function (item) {
      if (item.dataset.step === step) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    });
    error("");
    const heading = form.querySelector(".step-" + step + " h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  function error(text) { field("error").textContent = text || ""; }

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  form.querySelectorAll(".choice").forEach(function (choice) {
    choice.addEventListener("click", function () {
      chosen.service = choice.dataset.service;
      field("service-name").textContent = choice.querySelector(".choice-name").textContent;
      picker = window.BranchQ.slotPicker(field("picker"), {
        branch: data.branch, service: chosen.service,
        picked: function (slot) {
          chosen.slot = slot;
          field("summary").textContent = field("service-name").textContent + " · " + slot.label;
          show("details");
          form.querySelector("#name").focus();
        },
      });
      picker.load();
      show("slot");
    });
  });

  form.querySelectorAll('[data-action="back"]').forEach(function (back) {
    back.addEventListener("click", function () {
      if (form.dataset.step === "details") { show("slot"); picker.load(); } else show("service");
    });
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const name = form.querySelector("#name").value.trim();
    const phone = form.querySelector("#phone").value.trim();
    if (!name) { error(t("book.name_missing")); form.querySelector("#name").focus(); return; }
    if (!phone) { error(t("book.phone_missing")); form.querySelector("#phone").focus(); return; }
    const body = { service: chosen.service, slot_start: chosen.slot.start, name, phone };
    const fingerprint = JSON.stringify(body);
    if (fingerprint !== keyFor) { key = newKey(); keyFor = fingerprint; }
    const button = form.querySelector('[data-action="book"]');
    button.disabled = true;
    button.textContent = t("book.booking");
    try {
      const answer = await api("POST", "branches/" + encodeURIComponent(data.branch) + "/appointments", body,
        { "Idempotency-Key": key });
      window.location.assign(url("a/" + encodeURIComponent(answer.manage_token) + "?new=1"));
      return;
    } catch (failure) {
      if (failure.code === "appointment.slot_full" || failure.code === "appointment.slot_in_past") {
        show("slot");
        picker.load();
      }
      error(failure.message);
    }
    button.disabled = false;
    button.textContent = t("book.confirm");
  });
})();
