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
