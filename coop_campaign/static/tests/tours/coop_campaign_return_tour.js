import {registry} from "@web/core/registry";

/**
 * R-1 (issue #17): a French-speaking cooperative manager reads what a campaign
 * returned: the campaigns side by side, then the campaign's Return tab with its
 * recipients, extra revenue, cost and net result. The Python test
 * (TestCampaignReturnUi) sets the campaign up and runs it in French.
 */
registry.category("web_tour.tours").add("coop_campaign_return_tour", {
    steps: () => [
        {
            content: "the campaigns side by side, with their net result",
            trigger:
                ".o_list_view .o_data_row:contains('Printemps argan') td[name='coop_net_result']:contains('880,00')",
        },
        {
            content: "open the campaign",
            trigger:
                ".o_list_view .o_data_row td[name='title']:contains('Printemps argan')",
            run: "click",
        },
        {
            content: "its Return tab, in French",
            trigger:
                ".o_notebook_headers a.nav-link[name='coop_return']:contains('Rendement')",
            run: "click",
        },
        {
            content: "the extra revenue: the order of the campaign",
            trigger:
                ".o_form_view .o_field_widget[name='coop_incremental_revenue']:contains('000,00')",
        },
        {
            content: "its cost: 20 e-mails at 1,00 and 100,00 of other costs",
            trigger:
                ".o_form_view .o_field_widget[name='coop_total_cost']:contains('120,00')",
        },
        {
            content: "and what it returned",
            trigger: ".o_form_view .o_field_widget[name='coop_roi']:contains('733,33')",
        },
    ],
});
