// Join the queue remotely: take a number for the chosen service (and an optional phone number for the
// messages), then open the ticket's status page, which shows the time to arrive by.
"use strict";
(function () {
  const { data, t, api, url } = window.BranchQ;
  const form = document.getElementById("join");
  if (!form) return;
  const submit = form.querySelector("button[type=submit]");
  const error = form.querySelector('[data-field="error"]');

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const chosen = form.querySelector("input[name=service]:checked");
    const phone = form.querySelector("#phone").value.trim();
    const body = { service: chosen ? chosen.value : "", language: document.documentElement.lang };
    if (phone) body.phone = phone;
    submit.disabled = true;
    submit.textContent = t("remote.joining");
    try {
      const ticket = await api("POST", "branches/" + encodeURIComponent(data.branch) + "/remote-queue/tickets", body);
      window.location.assign(url("t/" + encodeURIComponent(ticket.qr_code)));
    } catch (failure) {
      error.textContent = t("remote.failed", { detail: failure.message });
      submit.disabled = false;
      submit.textContent = t("remote.submit");
      if (failure.code === "appointment.phone_format") form.querySelector("#phone").focus();
    }
  });
})();
