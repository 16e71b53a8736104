// armtrace — progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Registration form: say at once that a weapon without a serial or a country of
  // manufacture will be listed as "to be marked or destroyed" (PoA II.8).
  const warning = document.getElementById("marking-warning");
  const serial = document.getElementById("serial");
  const country = document.getElementById("country_of_manufacture");
  if (warning && serial && country) {
    const check = () => {
      warning.hidden = serial.value.trim() !== "" && country.value.trim() !== "";
    };
    serial.addEventListener("input", check);
    country.addEventListener("input", check);
  }
  // Language menu: change on selection, without the extra button press.
  const lang = document.getElementById("lang-select");
  if (lang && lang.form) {
    lang.addEventListener("change", () => lang.form.submit());
  }
  // The first field with an error gets the focus.
  const invalid = document.querySelector(".field.invalid input, .field.invalid select, .field.invalid textarea");
  if (invalid) invalid.focus();
});
