// The display's login: the account's token becomes this browser's session cookie (HttpOnly, SameSite).
"use strict";
(function () {
  const { api } = window.BranchQ;
  const form = document.getElementById("login-form");
  const error = form.querySelector('[data-field="error"]');
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    error.textContent = form.dataset.working;
    try {
      await api("POST", "auth/login", { username: form.username.value, password: form.password.value, cookie: true });
      window.location.reload();
    } catch (failure) {
      error.textContent = form.dataset.failed.split("{detail}").join(failure.message);
      form.password.select();
    }
  });
})();
