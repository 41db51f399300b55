import {registry} from "@web/core/registry";
import {session} from "@web/session";

/*
 * SPEC 3, C-1, C-2, C-5 (issue #10): a claim sent from the public web form is taken
 * through registration, resolution with a compensation, closure, follow-up and
 * exploitation; the deadline is on the form and the e-mails sent to the customer are in
 * the chatter. Written for a user and a customer in French: elements are found by their
 * name, value or class, the French texts checked are the customer's e-mails.
 */

const FRENCH_DATE = /^\d{2}\/\d{2}\/\d{4}$/;

function phaseIs(phase) {
    return {
        content: `the claim is in the phase ${phase}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current[data-value='${phase}']`,
    };
}

function mailInChatter(subject) {
    return {
        content: `the e-mail "${subject}" sent to the customer is in the chatter`,
        trigger: `.o-mail-Chatter .o-mail-Message:contains('${subject}')`,
    };
}

registry.category("web_tour.tours").add("coop_claims_public_form_tour", {
    steps: () => [
        {
            content: "the public form is in French, the visitor's language",
            trigger: "form[action='/claims/submit']",
            run() {
                if (session.bundle_params?.lang !== "fr_FR") {
                    throw new Error(
                        `the form is in ${session.bundle_params?.lang}, not in French`
                    );
                }
            },
        },
        {
            content: "the cooperative is chosen (given in the address of the form)",
            trigger: "select[name='company_id']",
            run() {
                if (!this.anchor.value) {
                    throw new Error("no cooperative chosen");
                }
            },
        },
        {
            content: "name",
            trigger: "input[name='name']",
            run: "edit Youssef Web",
        },
        {
            content: "e-mail",
            trigger: "input[name='email']",
            run: "edit youssef@example.ma",
        },
        {
            content: "subject",
            trigger: "input[name='subject']",
            run: "edit Pot arrivé cassé",
        },
        {
            content: "description",
            trigger: "textarea[name='description']",
            run: "edit Le pot d'amlou est arrivé cassé.",
        },
        {
            content: "send the claim",
            trigger: "form[action='/claims/submit'] button[type='submit']",
            run: "click",
        },
        {
            content: "the reference of the claim is given",
            trigger: ".o_claim_reference:contains('CLM/')",
        },
        {
            content: "so is the date of the answer at the latest, in French",
            trigger: ".o_claim_deadline",
            run() {
                const deadline = this.anchor.textContent.trim();
                if (!FRENCH_DATE.test(deadline)) {
                    throw new Error(`the deadline "${deadline}" is not a French date`);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("coop_claims_lifecycle_tour", {
    steps: () => [
        phaseIs("reception"),
        mailInChatter("nous avons bien reçu votre réclamation"),
        {
            content:
                "the deadline on the form is the one promised in the acknowledgement",
            trigger:
                ".o-mail-Message:contains('nous avons bien reçu votre réclamation')",
            run() {
                const field = document.querySelector(
                    ".o_field_widget[name='date_deadline']"
                );
                const deadline = field && field.textContent.trim();
                if (!deadline || !FRENCH_DATE.test(deadline)) {
                    throw new Error(`no French deadline on the form: "${deadline}"`);
                }
                if (!this.anchor.textContent.includes(deadline)) {
                    throw new Error(`the acknowledgement does not promise ${deadline}`);
                }
            },
        },
        {
            content: "open the qualification tab",
            trigger: ".o_notebook a[name='qualification']",
            run: "click",
        },
        {
            content: "type: good faith",
            trigger: ".o_field_widget[name='claim_type'] select",
            run: 'select "good_faith"',
        },
        {
            content: "category",
            trigger: ".o_field_widget[name='category_id'] input",
            run: "edit Qualité",
        },
        {
            content: "pick the category, named in French",
            trigger: ".o-autocomplete--dropdown-item a:contains('Qualité du produit')",
            run: "click",
        },
        {
            content: "register the claim",
            trigger: "button[name='action_register']",
            run: "click",
        },
        phaseIs("registration"),
        {
            content: "send it to resolution",
            trigger: "button[name='action_resolve']",
            run: "click",
        },
        phaseIs("resolution"),
        mailInChatter("avance"),
        {
            content: "open the resolution tab",
            trigger: ".o_notebook a[name='resolution']",
            run: "click",
        },
        {
            content: "add a compensation",
            trigger:
                ".o_field_widget[name='compensation_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "compensation: an exchange",
            trigger:
                ".o_field_widget[name='compensation_ids'] .o_data_row .o_field_widget[name='compensation_type'] select",
            run: 'select "exchange"',
        },
        {
            content: "what is given",
            trigger:
                ".o_field_widget[name='compensation_ids'] .o_data_row .o_field_widget[name='name'] input",
            run: "edit Nouveau pot d'amlou",
        },
        {
            content: "its cost",
            trigger:
                ".o_field_widget[name='compensation_ids'] .o_data_row .o_field_widget[name='cost'] input",
            run: "edit 85",
        },
        {
            content: "save the claim",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "grant the compensation",
            trigger:
                ".o_field_widget[name='compensation_ids'] .o_data_row button[name='action_grant']",
            run: "click",
        },
        {
            content:
                "the compensation is granted: it can be cancelled, no longer granted",
            trigger:
                ".o_field_widget[name='compensation_ids'] .o_data_row:has(button[name='action_cancel']):not(:has(button[name='action_grant']))",
        },
        {
            content: "the cost of the claim is that of the compensation",
            trigger: ".o_field_widget[name='total_cost']:contains('85,00')",
        },
        {
            content: "open the answer tab",
            trigger: ".o_notebook a[name='closure']",
            run: "click",
        },
        {
            content: "closing condition: compensated",
            trigger: ".o_field_widget[name='closing_condition'] select",
            run: 'select "compensated"',
        },
        {
            content: "write the answer",
            trigger: ".o_field_widget[name='answer'] .odoo-editor-editable",
            run: "editor Nous vous envoyons un nouveau pot.",
        },
        {
            content: "close the claim",
            trigger: "button[name='action_close']",
            run: "click",
        },
        phaseIs("closure"),
        mailInChatter("est clôturée"),
        {
            content: "follow up",
            trigger: "button[name='action_follow_up']",
            run: "click",
        },
        phaseIs("follow_up"),
        {
            content: "open the exploitation tab",
            trigger: ".o_notebook a[name='exploitation']",
            run: "click",
        },
        {
            content: "root cause",
            trigger: ".o_field_widget[name='root_cause'] textarea",
            run: "edit Pots emballés sans calage",
        },
        {
            content: "exploit the claim",
            trigger: "button[name='action_exploit']",
            run: "click",
        },
        phaseIs("exploitation"),
    ],
});
