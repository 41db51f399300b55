import {registry} from "@web/core/registry";
import {user} from "@web/core/user";

/**
 * Day one at a cooperative (issue #21): each daily flow as the demo's own users do it,
 * logged in through the login page with the demo's logins and passwords (not the
 * administrator, not a session forged by the test), in French, and the customer, claim
 * and member flows in Arabic too. tests/test_day_one_tours.py sets the users' language
 * (and, for the customer, claim and member flows, removes the e-mail addresses of the
 * argan clerk, the union manager, their cooperative and union),
 * starts each tour on /web/login with the screen to open as redirect, and checks the
 * records the tour leaves behind.
 *
 * Elements are found by field, button and page names and by data-value, so that the
 * same tours run in French and in Arabic; the few interface texts checked are the
 * French and Arabic labels of the addons' i18n/fr.po and i18n/ar.po (LABELS).
 */

// the demo's users (coop_crm_base/demo/coop_demo.xml), as the README gives them
const DEMO_USERS = {
    argan: ["argan@coop.example", "argan"],
    dairy: ["dairy@coop.example", "dairy"],
    union: ["union@coop.example", "union"],
};

// the demo's argan customer whose mobile the new customer shares, and the staff and
// cooperative that the Customers list leaves out (asserted by the Python test)
const DUPLICATE_PHONE = "0676610193";
const NEW_CUSTOMER = "Zineb Ait Souk";
const ARGAN_STAFF = "Équipe Argan";
const ARGAN_COOPERATIVE = "Coopérative Tifawin Argan";
const CLAIM_CUSTOMER = "Hafsa Kettani";
const BOARD_REFERENCE = "PV CA 2026/12";

const LABELS = {
    fr: {
        inProgress: "En cours",
        qualify: "Qualifier",
        save: "Enregistrer",
        renew: "Renouveler",
        registerMembers: "Inscrire des adhérents",
        category: "Qualité du produit",
    },
    ar: {
        inProgress: "جارية",
        qualify: "تصنيف",
        category: "جودة المنتج",
    },
};

function labels() {
    const lang = user.lang || "";
    if (lang.startsWith("ar")) {
        return LABELS.ar;
    }
    if (lang.startsWith("fr")) {
        return LABELS.fr;
    }
    throw new Error(`the user's language is ${lang}, neither French nor Arabic`);
}

/** The login page, as a person uses it: login, password, "Log in". */
function loginSteps(who) {
    const [login, password] = DEMO_USERS[who];
    return [
        {
            content: `Log in as the demo's ${who} user`,
            trigger: ".oe_login_form input[name='login']",
            run: `edit ${login}`,
        },
        {
            trigger: ".oe_login_form input[name='password']",
            run: `edit ${password}`,
        },
        {
            trigger: ".oe_login_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

/** The web client is in the user's language: right to left in Arabic. */
function languageStep() {
    return {
        content: "The web client is in the user's language (right to left in Arabic)",
        trigger: ".o_action_manager .o_view_controller",
        // the first screen after the login page loads the web client
        timeout: 60000,
        run() {
            const rtl = (user.lang || "").startsWith("ar");
            const direction = getComputedStyle(document.body).direction;
            if (
                rtl &&
                !(direction === "rtl" && document.body.classList.contains("o_rtl"))
            ) {
                throw new Error(`Arabic laid out ${direction}, not right to left`);
            }
            if (!rtl && direction !== "ltr") {
                throw new Error(`French laid out ${direction}`);
            }
            labels();
        },
    };
}

/** A label in the user's language, when the steps are built in the web client (the
 * tour's steps are built again on each page; on the login page the language is not
 * known yet and no label is needed there). */
function label(key) {
    try {
        return labels()[key];
    } catch {
        return "";
    }
}

function textIs(label, what) {
    return function () {
        const expected = labels()[label];
        const text = this.anchor.textContent.trim();
        if (text !== expected) {
            throw new Error(`${what} reads "${text}", not "${expected}"`);
        }
    };
}

function pickInDropdown(field, text, scope = ".o_form_view") {
    return [
        {
            content: `${field}: ${text}`,
            trigger: `${scope} .o_field_widget[name='${field}'] input`,
            run: `edit ${text}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains('${text}')`,
            run: "click",
        },
    ];
}

function searchFor(text) {
    return [
        {
            content: `Search the customers for ${text}`,
            trigger: ".o_searchview_input",
            run: `edit ${text}`,
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: `.o_searchview_facet:contains('${text}')`,
        },
    ];
}

function removeLastFacet(text) {
    return {
        content: `Remove the search for ${text}`,
        trigger: `.o_searchview_facet:contains('${text}') .o_facet_remove`,
        run: "click",
    };
}

// ------------------------------------------------------------------ customer (M-3)
registry.category("web_tour.tours").add("coop_day_one_customer", {
    steps: () => [
        ...loginSteps("argan"),
        languageStep(),
        {
            content: "The customers are open: create one",
            trigger:
                ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name of the customer met at the souk",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: `edit ${NEW_CUSTOMER}`,
        },
        {
            content: "Her phone, as she says it: a demo customer's mobile",
            trigger: ".o_form_view .o_field_widget[name='phone'] input",
            run: `edit ${DUPLICATE_PHONE}`,
        },
        {
            content: "Her city",
            trigger: ".o_form_view .o_field_widget[name='city'] input",
            run: "edit Agadir",
        },
        {
            content: "Leave the field",
            trigger: ".o_form_view .o_field_widget[name='email'] input",
            run: "click",
        },
        {
            content: "The region is filled from the city",
            trigger:
                ".o_form_view .o_field_widget[name='coop_region_id'] input:value(Souss-Massa), " +
                ".o_form_view .o_field_widget[name='coop_region_id'] input:value(سوس-ماسة)",
        },
        {
            content: "A likely duplicate (same phone) is named in the warning banner",
            trigger:
                ".o_form_view div[name='coop_duplicate_warning']:visible:contains('Hafsa Kettani')",
        },
        {
            content: "The customer file",
            trigger: ".o_notebook a[name='coop_customer_file']",
            run: "click",
        },
        {
            content: "Consent given orally",
            trigger: ".o_field_widget[name='coop_consent_method'] select",
            run: 'select "oral"',
        },
        {
            content: "to be called",
            trigger:
                ".o_field_widget[name='coop_consent_phone'] input[type='checkbox']",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the consent is dated",
            trigger:
                ".o_form_saved .o_field_widget[name='coop_consent_phone_date']:not(:empty)",
            run() {
                if (!/\d/.test(this.anchor.textContent)) {
                    throw new Error("the oral consent has no date");
                }
            },
        },
        {
            content: "Back to the customers",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "As a list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The Customers filter is on",
            trigger: ".o_list_view .o_searchview_facet .o_facet_values",
        },
        ...searchFor(NEW_CUSTOMER),
        {
            content: "The new customer is in the Customers list",
            trigger: `.o_list_view .o_data_row:contains('${NEW_CUSTOMER}')`,
        },
        removeLastFacet(NEW_CUSTOMER),
        ...searchFor(ARGAN_STAFF),
        {
            content: "The cooperative's staff is not a customer",
            trigger: ".o_list_view:not(:has(.o_data_row)), .o_view_nocontent",
        },
        removeLastFacet(ARGAN_STAFF),
        ...searchFor(ARGAN_COOPERATIVE),
        {
            content: "Nor is the cooperative itself",
            trigger: ".o_list_view:not(:has(.o_data_row)), .o_view_nocontent",
        },
    ],
});

// ------------------------------------------------------------------ members (M-2)
registry.category("web_tour.tours").add("coop_day_one_member", {
    steps: () => [
        // admitting is the board's decision: recorded by a cooperative manager, here
        // the union's, for a candidate of one of its cooperatives
        ...loginSteps("union"),
        languageStep(),
        {
            content: "The members open on the memberships in progress",
            trigger: ".o_list_view .o_searchview_facet .o_facet_value",
            run: textIs("inProgress", "the default filter"),
        },
        {
            content: "A candidate is among them: open the application",
            trigger:
                ".o_list_view .o_data_row:has(.o_data_cell[name='status'] .badge.text-bg-info) .o_data_cell[name='partner_id']",
            run: "click",
        },
        {
            content: "A candidate has no number yet",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='candidate']",
        },
        {
            content: "Admit the candidate",
            trigger: ".o_form_view button[name='action_admit_wizard']",
            run: "click",
        },
        {
            content: "The board's decision: its reference",
            trigger: ".modal .o_field_widget[name='board_decision_ref'] input",
            run: `edit ${BOARD_REFERENCE}`,
        },
        {
            content: "and its date (the day of the meeting, today by default)",
            trigger:
                ".modal .o_field_widget[name='board_decision_date'] input:not(:value(''))",
        },
        {
            content: "Confirm the admission",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The member is active",
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value='active']",
        },
        {
            content: "and has a number",
            trigger: ".o_form_view .o_field_widget[name='number'] span:contains('M20')",
        },
        {
            trigger: `.o_form_view .o_field_widget[name='board_decision_ref']:contains('${BOARD_REFERENCE}')`,
        },
    ],
});

// ------------------------------------------------------------------ cards (L-3)
registry.category("web_tour.tours").add("coop_day_one_card", {
    steps: () => [
        ...loginSteps("union"),
        languageStep(),
        {
            content: "The branch's card is expired",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='expired']",
        },
        {
            content: "Renew it in one action (Renouveler)",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_renew']",
            run: textIs("renew", "the renewal button"),
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_renew']",
            run: "click",
        },
        {
            content: "The card is valid again, no error shown",
            trigger:
                "body:not(:has(.o_error_dialog)) .o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='valid']",
        },
    ],
});

// ------------------------------------------------------------------ claims (C-1, X-9)
registry.category("web_tour.tours").add("coop_day_one_claim", {
    steps: () => [
        ...loginSteps("argan"),
        languageStep(),
        {
            content: "The claims are open: record one received by phone",
            trigger:
                ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "What the claim is about",
            trigger: ".o_form_view .o_field_widget[name='subject'] input",
            run: "edit Bouteille d'huile fuyante",
        },
        ...pickInDropdown("partner_id", CLAIM_CUSTOMER),
        {
            content: "Received by phone",
            trigger: ".o_form_view .o_field_widget[name='channel'] select",
            run: 'select "phone"',
        },
        {
            content: "Save the claim",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content:
                "Saved without an error although nobody has an e-mail address: it has a number",
            trigger:
                "body:not(:has(.o_error_dialog)) .o_form_saved .o_field_widget[name='name']:contains('CLM/')",
        },
        {
            content: "The acknowledgement to the customer is in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message",
        },
        {
            content: "Qualification",
            trigger: ".o_notebook a[name='qualification']",
            run: "click",
        },
        {
            content: "Good faith",
            trigger: ".o_field_widget[name='claim_type'] select",
            run: 'select "good_faith"',
        },
        {
            content: "A category",
            trigger: ".o_field_widget[name='category_id'] input",
            run() {
                this.anchor.value = labels().category;
                this.anchor.dispatchEvent(new InputEvent("input", {bubbles: true}));
            },
        },
        {
            trigger: `.o-autocomplete--dropdown-item a:contains('${label("category")}')`,
            run: "click",
        },
        {
            content: "The category is set",
            trigger: ".o_field_widget[name='category_id'] .o_external_button",
        },
        {
            content: "The button that moves the claim on reads Qualify, not like Save",
            trigger: ".o_statusbar_buttons button[name='action_register']",
            run() {
                textIs("qualify", "the registration button").call(this);
                const save = LABELS.fr.save;
                if (this.anchor.textContent.includes(save)) {
                    throw new Error(`the registration button reads like "${save}"`);
                }
            },
        },
        {
            content: "Qualify",
            trigger: ".o_statusbar_buttons button[name='action_register']",
            run: "click",
        },
        {
            content: "The claim is registered, no error shown",
            trigger:
                "body:not(:has(.o_error_dialog)) .o_statusbar_status button.o_arrow_button_current[data-value='registration']",
        },
    ],
});

// ------------------------------------------------------------------ indicators (M-8, X-9)

/** The figures of a pivot row, per column, as numbers (blank cells are null). */
function pivotNumbers(row) {
    return [...row.querySelectorAll("td")].map((td) => {
        const text = td.textContent.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
        const value = parseFloat(text.replace(/[^\d.-]/g, ""));
        return Number.isNaN(value) ? null : value;
    });
}

registry.category("web_tour.tours").add("coop_day_one_indicators", {
    steps: () => [
        ...loginSteps("union"),
        languageStep(),
        {
            content:
                "At login, without the company switcher, the indicators show the union's " +
                "three cooperatives and not the union's consolidated rows; the total of " +
                "the customers is the sum of the cooperatives'",
            trigger: ".o_pivot table thead th.o_pivot_header_cell_opened",
            run() {
                const headers = [
                    ...document.querySelectorAll(
                        ".o_pivot table thead tr:nth-child(2) th"
                    ),
                ].map((th) => th.textContent.trim());
                for (const name of [
                    "Coopérative Tifawin Argan",
                    "Coopérative Laitière Doukkala",
                    "Coopérative Artisanale Al Majd",
                ]) {
                    if (!headers.includes(name)) {
                        throw new Error(`${name} not in the indicators: ${headers}`);
                    }
                }
                if (
                    headers.some((h) => h.startsWith("Union des Coopératives du Sud"))
                ) {
                    throw new Error(
                        `the union's consolidated rows are shown: ${headers}`
                    );
                }
                const measures = document.querySelectorAll(
                    ".o_pivot table thead tr:nth-child(3) th"
                ).length;
                // the view's four measures, per cooperative and for the total
                const perColumn = measures / (headers.length + 1);
                if (perColumn !== 4) {
                    throw new Error(
                        `${measures} measure columns for ${headers.length} cooperatives`
                    );
                }
                // active customers: the third measure of the view
                const active = 2;
                const rows = document.querySelectorAll(".o_pivot table tbody tr");
                if (rows.length < 2) {
                    throw new Error("no period in the indicators");
                }
                for (const row of rows) {
                    const figures = pivotNumbers(row);
                    const total = figures[headers.length * perColumn + active] || 0;
                    let sum = 0;
                    for (let i = 0; i < headers.length; i++) {
                        sum += figures[i * perColumn + active] || 0;
                    }
                    if (Math.abs(total - sum) > 0.001) {
                        throw new Error(
                            `${row.querySelector("th").textContent.trim()}: total ${total}, ` +
                                `sum of the cooperatives ${sum}`
                        );
                    }
                }
            },
        },
    ],
});

// ------------------------------------------------------------------ training (T-2)
registry.category("web_tour.tours").add("coop_day_one_training", {
    steps: () => [
        ...loginSteps("dairy"),
        languageStep(),
        {
            content: "The upcoming training: register members (Inscrire des adhérents)",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_open_register_members']",
            run: textIs("registerMembers", "the registration button"),
        },
        {
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_open_register_members']",
            run: "click",
        },
        {
            content: "Add members",
            trigger:
                ".modal .o_field_widget[name='membership_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose four members at once",
            trigger:
                ".modal .o_list_renderer .o_data_row:nth-child(4) .o_list_record_selector input",
            run() {
                for (const input of [
                    ...document.querySelectorAll(
                        ".modal .o_list_renderer .o_data_row .o_list_record_selector input"
                    ),
                ].slice(0, 4)) {
                    input.click();
                }
            },
        },
        {
            trigger:
                ".modal .o_list_renderer .o_data_row:nth-child(4) .o_list_record_selector input:checked",
        },
        {
            trigger: ".modal .o_select_button",
            run: "click",
        },
        {
            content: "Four members in the list",
            trigger:
                ".modal .o_field_widget[name='membership_ids'] .o_data_row:nth-child(4)",
        },
        {
            content: "Register them",
            trigger: ".modal button[name='action_register']",
            run: "click",
        },
        {
            content: "The registrations are confirmed in a notification",
            trigger: ".o_notification",
        },
        {
            content: "Registered, no error shown",
            trigger:
                "body:not(:has(.modal)) .o_form_view .oe_stat_button .o_field_widget[name='seats_taken']",
        },
    ],
});
