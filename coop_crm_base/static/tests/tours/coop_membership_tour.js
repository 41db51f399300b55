import {registry} from "@web/core/registry";

/**
 * M-2 as a person does it: open the members, record an application with its shares,
 * admit the candidate with the board's decision (issue #21) and see the number given. Labels are checked in the user's
 * language by the Python test (French in TestUi).
 */
registry.category("web_tour.tours").add("coop_membership_admission", {
    steps: () => [
        {
            content: "The members list is open",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the future member",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Applicant",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Applicant')",
            run: "click",
        },
        {
            content: "Shares subscribed",
            trigger: ".o_field_widget[name='share_count'] input",
            run: "edit 10",
        },
        {
            content: "Shares paid",
            trigger: ".o_field_widget[name='share_paid_count'] input",
            run: "edit 4",
        },
        {
            content: "Save the application",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Admit the candidate",
            trigger: ".o_form_saved button[name='action_admit_wizard']",
            run: "click",
        },
        {
            content: "Record the board's decision",
            trigger: ".modal .o_field_widget[name='board_decision_ref'] input",
            run: "edit PV 2026/04",
        },
        {
            trigger: ".modal .o_field_widget[name='board_decision_date'] input",
        },
        {
            content: "Confirm the admission",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The member is active with a number",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='active']",
        },
        {
            trigger: ".o_field_widget[name='number'] span:contains('M20')",
        },
        {
            content: "The board's decision is shown",
            trigger:
                ".o_field_widget[name='board_decision_ref']:contains('PV 2026/04')",
        },
        {
            content: "The amounts are computed",
            trigger: ".o_field_widget[name='share_due_amount']:contains('600')",
        },
    ],
});
