/* Small page actions that Oscar's and our templates used to write as inline
 * handlers (onclick="…"), which the Content-Security-Policy refuses to run:
 *
 *   <a href="#" data-history-back>   back to the previous page
 *   <a href="#" data-window-close>   close this (pop-up) window
 *   <button data-print>              print the page
 *   <img data-upload-button="ID" data-error-message="…">
 *                                    image preview of an upload field: hide the
 *                                    upload button once an image shows, else
 *                                    show it and say the file is no image
 *   <form data-submit-once="Placing…">   a second click while the first submission
 *                                    is on its way sends nothing; the button says
 *                                    what is happening (the server refuses a second
 *                                    order anyway: this spares the buyer the wait)
 *
 * Loaded on every storefront and dashboard page, and on the admin pages that
 * need it; it needs no other script.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-history-back], [data-window-close], [data-print]");
    if (!target) { return; }
    event.preventDefault();
    if (target.hasAttribute("data-history-back")) {
      window.history.back();
    } else if (target.hasAttribute("data-window-close")) {
      window.close();
    } else {
      window.print();
    }
  });

  function uploadButtonOf(image) {
    return document.getElementById(image.dataset.uploadButton);
  }

  // load and error do not bubble: listen in the capture phase.
  document.addEventListener("load", function (event) {
    var image = event.target;
    if (image.dataset && image.dataset.uploadButton && uploadButtonOf(image)) {
      uploadButtonOf(image).style.display = "none";
    }
  }, true);
  document.addEventListener("error", function (event) {
    var image = event.target;
    if (image.dataset && image.dataset.uploadButton && uploadButtonOf(image)) {
      uploadButtonOf(image).style.display = "";
      window.alert(image.dataset.errorMessage);
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-submit-once")) { return; }
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "yes";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.dataset.label = button.textContent;
      button.setAttribute("aria-disabled", "true");
      button.textContent = form.dataset.submitOnce;
    });
  });
  // Back to a page the browser kept in memory: the form may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-submit-once][data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[type=submit][data-label]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
        button.textContent = button.dataset.label;
      });
    });
  });
})();
