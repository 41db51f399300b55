import {registry} from "@web/core/registry";
import {session} from "@web/session";

/*
 * C-2, issue #14: with a reCAPTCHA site key, the public claim form asks google_recaptcha's
 * ReCaptcha for a token for the form's action and sends it as recaptcha_token_response.
 * The test database has no google_recaptcha (and no network): a stand-in with the
 * interface of @google_recaptcha/js/recaptcha (loadLibs, getToken(action)) is put where
 * Odoo's module loader would hold it; the server side checks the token it hands out.
 */
class FakeReCaptcha {
    constructor() {
        this._publicKey = session.recaptcha_public_key;
    }
    loadLibs() {
        return true;
    }
    async getToken(action) {
        return {token: `coop-test-token-for-${action}`};
    }
}

registry.category("web_tour.tours").add("coop_claims_public_form_captcha_tour", {
    steps: () => [
        {
            content: "a reCAPTCHA key and google_recaptcha's module (a stand-in)",
            trigger: "form.o_coop_claim_form[data-captcha-action]",
            run() {
                session.recaptcha_public_key = "coop-test-site-key";
                odoo.loader.modules.set("@google_recaptcha/js/recaptcha", {
                    ReCaptcha: FakeReCaptcha,
                });
            },
        },
        {
            content: "name",
            trigger: "input[name='name']",
            run: "edit Samira Captcha",
        },
        {
            content: "e-mail",
            trigger: "input[name='email']",
            run: "edit samira.captcha@example.ma",
        },
        {
            content: "subject",
            trigger: "input[name='subject']",
            run: "edit Captcha subject",
        },
        {
            content: "description",
            trigger: "textarea[name='description']",
            run: "edit Sent with a token.",
        },
        {
            content: "send the claim",
            trigger: "form.o_coop_claim_form button[type='submit']",
            run: "click",
        },
        {
            content: "the claim is received: the token was sent and accepted",
            trigger: ".o_claim_reference:contains('CLM/')",
        },
    ],
});
