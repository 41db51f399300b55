import {registry} from "@web/core/registry";
import {router} from "@web/core/browser/router";

/**
 * Loyalty screens as a salesperson and a manager use them (issue #10). The Python side
 * (coop_loyalty/tests/test_ui.py) runs them in French, creates their data and checks the
 * figures. Elements are found by their name attribute or statusbar value, not by English
 * text; the few texts looked for are the French labels of this addon.
 */

/** Open the quotation's loyalty tab and check the card in French (L-1, L-4, L-5). */
registry.category("web_tour.tours").add("coop_loyalty_sale_card", {
    steps: () => [
        {
            content: "The quotations list is open: create a quotation",
            trigger:
                ".o_list_view .o_list_button_add, .o_kanban_view .o_kanban_button_new",
            run: "click",
        },
        {
            content: "Choose the customer who holds a cooperative card",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Card Holder",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Card Holder')",
            run: "click",
        },
        {
            content: "The order shows the card tab, in French",
            trigger:
                ".o_notebook a[name='coop_loyalty_card']:contains('Carte de fidélité')",
        },
        {
            content: "Add a product line",
            trigger:
                ".o_field_widget[name='order_line'] .o_field_x2many_list_row_add a:first-child",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_widget[name='product_template_id'] input",
            run: "edit Tour Argan Oil",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Argan Oil')",
            run: "click",
        },
        {
            content: "Twelve units",
            trigger: ".o_data_row .o_field_widget[name='product_uom_qty'] input",
            run: "edit 12",
        },
        {
            content: "Save the quotation",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".o_form_saved .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='sale']",
        },
        {
            content: "Open the card tab",
            trigger: ".o_notebook a[name='coop_loyalty_card']",
            run: "click",
        },
        {
            content: "1,200 points earned, 1,000 converted into a voucher: 200 left",
            trigger: ".o_field_widget[name='coop_card_points']:contains('200,00')",
        },
        {
            content: "12-month spend of 1,200: silver tier (Argent)",
            trigger: ".o_field_widget[name='coop_card_tier']:contains('Argent')",
        },
        {
            content: "Open the card",
            trigger: ".o_field_widget[name='coop_card_id'] a",
            run: "click",
        },
        {
            content: "The card form shows its number and the balance",
            trigger:
                ".o_form_view .o_field_widget[name='coop_number']:contains('CARD')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='points_display']:contains('200')",
        },
        {
            content: "Its history has the points of the order and their conversion",
            trigger: ".o_field_widget[name='history_ids'] .o_data_row:nth-child(2)",
        },
    ],
});

/** Renew an expired card from the customer's form: the fee order is confirmed at once
 * (L-3, issue #21). */
registry.category("web_tour.tours").add("coop_loyalty_renew_card", {
    steps: () => [
        {
            content: "Open the Loyalty tab of the customer (Fidélité)",
            trigger: ".o_notebook a[name='coop_loyalty']:contains('Fidélité')",
            run: "click",
        },
        {
            content: "The card is shown expired (Expirée)",
            trigger:
                ".o_field_widget[name='coop_loyalty_card_ids'] .o_data_row " +
                ".o_data_cell[name='coop_validity_state']:contains('Expirée')",
        },
        {
            content: "Renew the card in one click",
            trigger: "button[name='action_coop_renew_card']",
            run: "click",
        },
        {
            content: "The order with the card fee is opened, already confirmed",
            trigger:
                ".o_form_view .o_field_widget[name='order_line'] .o_data_row:contains('Tour card fee')",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='sale']",
        },
        {
            content: "The card of the order is valid again",
            trigger: ".o_notebook a[name='coop_loyalty_card']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='coop_card_id'] a",
        },
    ],
});

/** Compute, validate and settle a ristourne run, then open a member's statement (L-7). */
registry.category("web_tour.tours").add("coop_loyalty_ristourne_run", {
    steps: () => [
        {
            content: "The runs list is open: create a run",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the policy (the period of last year follows)",
            trigger: ".o_field_widget[name='policy_id'] input",
            run: "edit Tour ristourne policy",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour ristourne policy')",
            run: "click",
        },
        {
            content: "Save the run",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Compute it",
            trigger: ".o_form_saved .o_statusbar_buttons button[name='action_compute']",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='computed']",
        },
        {
            content: "One line per member with purchases: 3,000 at 3% gives 90",
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Member One'):contains('90,00')",
        },
        {
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Member Two'):contains('8,00')",
        },
        {
            content: "Validate it",
            trigger: ".o_statusbar_buttons button[name='action_validate']",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='validated']",
        },
        {
            content: "Settle it",
            trigger: ".o_statusbar_buttons button[name='action_settle']",
            run: "click",
        },
        {
            content: "Confirm the settlement",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run is settled (Réglée)",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='settled']:contains('Réglée')",
        },
        {
            content: "Open its lines",
            trigger: "button[name='action_view_lines']",
            run: "click",
        },
        {
            content:
                "Open the line of Tour Member One (the lines list has a run column)",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Member One') .o_data_cell[name='run_id']",
            run: "click",
        },
        {
            content: "The line is paid by a credit note",
            trigger: ".o_form_view .o_field_widget[name='move_id'] a",
        },
        {
            content: "Open the member's statement as a web page",
            trigger:
                ".o_form_view .o_field_widget[name='partner_id']:contains('Tour Member One')",
            run: async () => {
                const lineId = router.current.resId;
                await odoo.__WOWL_DEBUG__.root.env.services.action.doAction({
                    type: "ir.actions.report",
                    report_type: "qweb-html",
                    report_name: "coop_loyalty.report_ristourne_statement",
                    report_file: "coop_loyalty.report_ristourne_statement",
                    context: {
                        active_ids: [lineId],
                        active_model: "coop.ristourne.line",
                    },
                });
            },
        },
        {
            content: "The statement is in French, with the member and the amounts",
            trigger:
                ":iframe .page:contains('Relevé de ristourne'):contains('Votre ristourne')",
        },
        {
            trigger:
                ":iframe .page:contains('Tour Member One'), :iframe .address:contains('Tour Member One')",
        },
        {
            trigger: ":iframe .page .o_coop_ristourne_amount:contains('90,00')",
        },
    ],
});
