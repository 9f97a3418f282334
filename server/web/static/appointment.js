// One's booking, by its private link: save the confirmation as a picture, copy the link, move the booking
// to another free slot, or cancel it.
"use strict";
(function () {
  const { data, t, api } = window.BranchQ;
  const page = document.getElementById("appointment");
  const field = (name) => page.querySelector('[data-field="' + name + '"]');
  const action = (name) => page.querySelector('[data-action="' + name + '"]');
  const path = "appointments/manage/" + encodeURIComponent(data.token);
  const booking = data.booking;

  function error(text) { field("error").textContent = text || ""; }
  if (booking.status !== "booked") return;

  const link = window.location.href.split(/[?#]/)[0];
  field("link").value = link;
  action("copy").addEventListener("click", async function () {
    try {
      await navigator.clipboard.writeText(link);
    } catch (ignored) {
      field("link").select();
      document.execCommand("copy");
    }
    field("copied").textContent = t("book.copied");
  });

  // The confirmation as a picture: drawn here from the page's own words and the server's QR modules.
  function colour(name) { return getComputedStyle(document.documentElement).getPropertyValue("--" + name).trim(); }

  function picture() {
    const module = 8, quiet = 4, rows = data.qr_rows, qrSize = (rows.length + 2 * quiet) * module;
    const width = 720, pad = 40, lineHeight = 46;
    const serviceName = booking.service[document.documentElement.lang === "zh-CN" ? "name_zh" : "name_en"];
    const branchName = booking.branch[document.documentElement.lang === "zh-CN" ? "name_zh" : "name_en"];
    const lines = [serviceName, data.when, branchName];
    const height = 120 + 150 + qrSize + 40 + lines.length * lineHeight + 110;
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const pen = canvas.getContext("2d");
    const font = getComputedStyle(document.body).fontFamily;
    pen.fillStyle = colour("surface");
    pen.fillRect(0, 0, width, height);
    pen.fillStyle = colour("brand");
    pen.fillRect(0, 0, width, 100);
    pen.fillStyle = colour("text-on-brand");
    pen.font = "700 40px " + font;
    pen.textBaseline = "middle";
    pen.fillText(t("common.brand") + " · " + t("book.appointment_title"), pad, 50);
    pen.textAlign = "center";
    pen.fillStyle = colour("text-muted");
    pen.font = "28px " + font;
    pen.fillText(t("book.code_label"), width / 2, 160);
    pen.fillStyle = colour("brand-dark");
    pen.font = "800 88px " + font;
    pen.fillText(booking.code, width / 2, 225);
    const left = (width - qrSize) / 2, top = 280;
    pen.fillStyle = colour("text");
    rows.forEach(function (row, y) {
      for (let x = 0; x < row.length; x += 1) {
        if (row[x] === "1") pen.fillRect(left + (x + quiet) * module, top + (y + quiet) * module, module, module);
      }
    });
    let y = top + qrSize + 40;
    pen.font = "600 32px " + font;
    lines.forEach(function (line) { pen.fillText(line, width / 2, y); y += lineHeight; });
    pen.fillStyle = colour("text-muted");
    pen.font = "26px " + font;
    pen.fillText(t("book.qr_hint"), width / 2, y + 20);
    return canvas;
  }

  action("save").addEventListener("click", function () {
    picture().toBlob(function (blob) {
      const address = URL.createObjectURL(blob);
      const anchor = document.createElement("a");
      anchor.href = address;
      anchor.download = "booking-" + booking.code + ".png";
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(function () { URL.revokeObjectURL(address); }, 10000);
    }, "image/png");
  });

  // Moving the booking: the picker offers the service's free slots; the server moves it atomically.
  const move = field("move");
  const picker = window.BranchQ.slotPicker(field("picker"), {
    branch: booking.branch.code, service: booking.service.code,
    picked: async function (slot) {
      try {
        await api("POST", path + "/reschedule", { slot_start: slot.start });
        window.location.assign(link + "?moved=1");
      } catch (failure) {
        error(t("book.move_failed", { detail: failure.message }));
        picker.load();
      }
    },
  });
  action("reschedule").addEventListener("click", function () {
    move.hidden = false;
    action("reschedule").hidden = true;
    picker.load();
  });
  action("move-cancel").addEventListener("click", function () {
    move.hidden = true;
    action("reschedule").hidden = false;
    action("reschedule").focus();
  });

  const confirmBox = page.querySelector(".confirm");
  action("cancel").addEventListener("click", function () { confirmBox.hidden = false; action("cancel-no").focus(); });
  action("cancel-no").addEventListener("click", function () { confirmBox.hidden = true; action("cancel").focus(); });
  action("cancel-yes").addEventListener("click", async function () {
    try {
      await api("POST", path + "/cancel");
      window.location.assign(link);
    } catch (failure) {
      error(t("book.cancel_failed", { detail: failure.message }));
      confirmBox.hidden = true;
    }
  });
})();
