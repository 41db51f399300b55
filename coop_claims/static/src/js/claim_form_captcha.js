/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import {session} from "@web/session";

/*
 * C-2, issue #14: the public claim form sends the anti-spam token that Odoo's
 * google_recaptcha (field recaptcha_token_response) and website_cf_turnstile (field
 * turnstile_captcha) check on the server, with the action named by the form's
 * data-captcha-action (the one the controller verifies). coop_claims depends on neither
 * addon: their modules are looked up at run time, as website_event does for Turnstile,
 * and nothing happens when neither is installed with a key.
 */
const RECAPTCHA_MODULE = "@google_recaptcha/js/recaptcha";
const TURNSTILE_MODULE = "@website_cf_turnstile/js/turnstile";

publicWidget.registry.CoopClaimFormCaptcha = publicWidget.Widget.extend({
    selector: "form.o_coop_claim_form",
    events: {
        submit: "_onSubmit",
    },

    /**
     * @override
     */
    start() {
        this.captchaAction = this.el.dataset.captchaAction;
        this._getRecaptcha();
        this._addTurnstile();
        return this._super(...arguments);
    },

    /**
     * @override
     */
    destroy() {
        this._turnstileNodes?.remove();
        this._super(...arguments);
    },

    /**
     * The ReCaptcha of google_recaptcha when it is installed with a site key, its library
     * loading; looked up again at submit if it was not there at start.
     */
    _getRecaptcha() {
        if (!this._recaptcha && session.recaptcha_public_key) {
            const ReCaptcha = odoo.loader.modules.get(RECAPTCHA_MODULE)?.ReCaptcha;
            if (ReCaptcha) {
                this._recaptcha = new ReCaptcha();
                this._recaptcha.loadLibs();
            }
        }
        return this._recaptcha;
    },

    /**
     * website_cf_turnstile's widget, placed before the send button: Cloudflare's script
     * adds the hidden field turnstile_captcha to the form.
     */
    _addTurnstile() {
        if (!session.turnstile_site_key) {
            return;
        }
        const turnStile = odoo.loader.modules.get(TURNSTILE_MODULE)?.turnStile;
        const button = this.el.querySelector("button[type='submit']");
        if (!turnStile || !button) {
            return;
        }
        turnStile.addSpinner(button);
        this._turnstileNodes = turnStile.addTurnstile(this.captchaAction);
        this._turnstileNodes?.insertBefore(button);
        turnStile.renderTurnstile(this._turnstileNodes);
    },

    _showError(message) {
        let alert = this.el.querySelector(".o_coop_claim_captcha_error");
        if (!alert) {
            alert = document.createElement("div");
            alert.className = "alert alert-danger o_coop_claim_captcha_error";
            alert.setAttribute("role", "alert");
            this.el.prepend(alert);
        }
        alert.textContent = message;
    },

    /**
     * With reCAPTCHA, the token is asked for the form's action, added as
     * recaptcha_token_response, and the form is sent (form.submit() fires no new submit
     * event).
     */
    async _onSubmit(ev) {
        const recaptcha = this._getRecaptcha();
        if (
            !recaptcha ||
            this.el.querySelector("input[name='recaptcha_token_response']")
        ) {
            return;
        }
        ev.preventDefault();
        const button = this.el.querySelector("button[type='submit']");
        if (button) {
            button.disabled = true;
        }
        const result = await recaptcha.getToken(this.captchaAction);
        if (!result.token) {
            this._showError(result.error || result.message);
            if (button) {
                button.disabled = false;
            }
            return;
        }
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "recaptcha_token_response";
        input.value = result.token;
        this.el.appendChild(input);
        this.el.submit();
    },
});
