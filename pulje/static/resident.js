// Live sum of the budget lines on the application form. The form works without this file:
// the server computes the same sum whenever the page is shown again.
(function () {
  "use strict";
  var budget = document.getElementById("budget");
  var total = document.getElementById("budget-total");
  if (!budget || !total) { return; }
  var format = new Intl.NumberFormat("da-DK", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  // Danish first ("1.234,50", "20.000"), a lone decimal point ("1234.50") as a fallback.
  function ore(text) {
    var cleaned = text.toLowerCase().replace(/kr\.?|dkk/g, "").replace(/[\s\u00a0]/g, "");
    if (!cleaned) { return 0; }
    // "20.00" or "8.40" could be øre or thousands: the server asks which; no sum meanwhile.
    if (/^\d{1,3}\.\d{1,2}$/.test(cleaned)) { return null; }
    if (cleaned.indexOf(",") >= 0) {
      cleaned = cleaned.replace(/\./g, "").replace(",", ".");
    } else if (/^\d{1,3}(\.\d{3})+$/.test(cleaned)) {
      cleaned = cleaned.replace(/\./g, "");
    }
    if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) { return null; }
    return Math.round(parseFloat(cleaned) * 100);
  }

  function update() {
    var sum = 0;
    var readable = true;
    budget.querySelectorAll("input.amount").forEach(function (input) {
      var value = ore(input.value);
      if (value === null) { readable = false; } else { sum += value; }
    });
    total.textContent = readable ? format.format(sum / 100) + " kr." : "–";
  }

  budget.addEventListener("input", update);
})();

// The space meter: after a pause in typing, ask the server how much room the application has
// left on its one page (the same renderer that decides R3). Without this the form is the same,
// and the check on sending says how much to cut.
(function () {
  "use strict";
  var meter = document.getElementById("space-meter");
  var form = document.getElementById("application-form");
  if (!meter || !form || !window.fetch || !window.FormData) { return; }
  var timer = null;
  var asked = 0;

  function ask() {
    var mine = ++asked;
    var body = new FormData(form);
    body.delete("attachment");  // the meter measures text; a quote is not sent on every pause
    fetch(meter.getAttribute("data-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || mine !== asked) { return; }  // a later question is on its way
      meter.textContent = answer.text;
      meter.hidden = false;
      meter.classList.toggle("space-meter-over", !answer.fits);
    }).catch(function () { /* offline: the check on sending still tells */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  ask();
})();

// Adding and removing budget lines in place, so the reader stays where they are. Without
// JavaScript the buttons post the form and the page comes back at the budget (#budget).
(function () {
  "use strict";
  var budget = document.getElementById("budget");
  var add = document.querySelector("button.budget-add");
  if (!budget || !add) { return; }
  var max = parseInt(add.getAttribute("data-max") || "30", 10);

  function renumber() {
    var lines = budget.querySelectorAll(".budget-line");
    lines.forEach(function (line, index) {
      var number = index + 1;
      var label = line.querySelector("label");
      if (label) { label.textContent = label.getAttribute("data-template").replace("%d", number); }
      var remove = line.querySelector(".budget-remove");
      if (remove) {
        remove.setAttribute("aria-label",
          remove.getAttribute("data-template").replace("%d", number));
      }
    });
    add.hidden = lines.length >= max;
    budget.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function nextIndex() {
    var highest = -1;
    budget.querySelectorAll(".budget-line").forEach(function (line) {
      var index = parseInt(line.id.split("-")[1], 10);
      if (index > highest) { highest = index; }
    });
    return highest + 1;
  }

  add.addEventListener("click", function (event) {
    var lines = budget.querySelectorAll(".budget-line");
    if (!lines.length) { return; }
    event.preventDefault();
    var copy = lines[lines.length - 1].cloneNode(true);
    var index = nextIndex();
    copy.id = "budget-" + index;
    copy.querySelectorAll("[id],[name],[for],[aria-describedby]").forEach(function (node) {
      ["id", "name", "for"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) { node.setAttribute(attribute, value.replace(/budget-\d+/, "budget-" + index)); }
      });
      node.removeAttribute("aria-describedby");
      node.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll(".field-error").forEach(function (node) { node.remove(); });
    copy.querySelectorAll(".has-error").forEach(function (node) { node.classList.remove("has-error"); });
    copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    copy.querySelector(".budget-remove").value = String(index);
    budget.appendChild(copy);
    renumber();
    copy.querySelector("input").focus();
  });

  budget.addEventListener("click", function (event) {
    var remove = event.target.closest(".budget-remove");
    if (!remove) { return; }
    var lines = budget.querySelectorAll(".budget-line");
    event.preventDefault();
    var line = remove.closest(".budget-line");
    if (lines.length === 1) {
      line.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      line.querySelector("input").focus();
    } else {
      var next = line.nextElementSibling || line.previousElementSibling;
      line.remove();
      next.querySelector("input").focus();
    }
    renumber();
  });
})();
