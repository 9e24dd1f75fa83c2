/* Checkout: Stripe's card Element, and 3-D Secure.
 *
 * The card number is typed into Stripe's field and sent by Stripe.js to
 * Stripe; only the id Stripe returns is posted to our server. The one seam
 * between real Stripe and localstripe: createPaymentMethod (pm_…) against
 * real Stripe, createToken (card_…) against localstripe (data-stripe-seam).
 * Neither is given billing details: Stripe receives the card and nothing else.
 */
(function () {
  "use strict";

  function cardIdFrom(stripe, seam, card) {
    if (seam === "token") {
      return stripe.createToken(card).then(function (result) {
        if (result.error) { throw result.error; }
        return result.token.card.id;
      });
    }
    return stripe.createPaymentMethod({ type: "card", card: card }).then(function (result) {
      if (result.error) { throw result.error; }
      return result.paymentMethod.id;
    });
  }

  var form = document.getElementById("offset-payment-form");
  if (form) {
    var stripe = Stripe(form.dataset.stripeKey);
    // No postal code or other billing details: the card alone is enough to pay, and
    // personal data the page never asks for cannot reach Stripe.
    var card = stripe.elements().create("card", { hidePostalCode: true });
    card.mount("#card-element");
    var errors = document.getElementById("card-errors");
    var submitting = false;
    form.addEventListener("submit", function (event) {
      if (submitting) { return; }
      event.preventDefault();
      errors.textContent = "";
      cardIdFrom(stripe, form.dataset.stripeSeam, card).then(function (id) {
        form.querySelector("input[name=payment_method]").value = id;
        submitting = true;
        form.submit();
      }).catch(function (error) {
        errors.textContent = error.message || String(error);
      });
    });
  }

  var returnForm = document.getElementById("payment-return-form");
  if (returnForm) {
    var stripe3ds = Stripe(returnForm.dataset.stripeKey);
    stripe3ds.confirmCardPayment(returnForm.dataset.clientSecret).then(function () {
      // Success or failure alike: the server reads the PaymentIntent from Stripe and decides.
      returnForm.submit();
    });
  }
})();
