// cixi-parks: the one script. Pages work without it; it only adds a print button's action
// and recalculates nothing on its own (the server does every figure).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
});
