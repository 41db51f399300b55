import {registry} from "@web/core/registry";

/**
 * R-3 (issue #17): a French-speaking cooperative manager opens the customers'
 * profitability, filters the customers who are not profitable, and opens one: the
 * customer form shows what they brought, what keeping them cost (here a claim's
 * compensation) and the loss. The Python test (TestCustomerProfitabilityUi) sets the
 * figures up and runs it in French.
 */
registry.category("web_tour.tours").add("coop_customer_profitability_tour", {
    steps: () => [
        {
            content: "the profitability opens as a pivot of profit by segment",
            trigger: ".o_pivot .o_pivot_measure_row:contains('Bénéfice')",
        },
        {
            content: "switch to the list of customers",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "keep the customers who are not profitable",
            trigger: ".o_filter_menu .o_menu_item:contains('Non rentable')",
            run: "click",
        },
        {
            content: "only the customer whose claim cost more than they bought",
            trigger:
                ".o_list_view .o_data_row td[name='display_name']:contains('Client Coûteux')",
            run: "click",
        },
        {
            content: "open the customer file tab",
            trigger: ".o_notebook_headers a.nav-link[name='coop_customer_file']",
            run: "click",
        },
        {
            content: "the form shows the profitability, in French",
            trigger: ".o_form_view .o_horizontal_separator:contains('Rentabilité')",
        },
        {
            content: "the cost to serve: the compensation of the claim",
            trigger:
                ".o_form_view .o_field_widget[name='coop_cost_to_serve']:contains('500,00')",
        },
        {
            content: "and the loss",
            trigger:
                ".o_form_view .o_field_widget[name='coop_profit']:contains('-400,00')",
        },
    ],
});
