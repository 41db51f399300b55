import {registry} from "@web/core/registry";

/**
 * T-1, T-2, T-3 as the training staff does it, run in French by TestTrainingUi:
 * plan a session, register three members (and be refused an outsider), mark the
 * attendance of the two days, print a member's certificate.
 *
 * Elements are found by field names, button names and data-value, and by the test's
 * own records (names, title), never by interface labels, so the tour runs in any
 * language. The Python test asserts the records it leaves behind.
 */
const TITLE = "Tour Session Digital Marketing";
const TOPIC = "Tour Topic E-commerce";
const MEMBERS = ["Khadija Tour", "Youssef Tour", "Amina Tour"];
const OUTSIDER = "Karim Outsider";
const REPORT = "coop_training.report_training_certificate";

/**
 * In a test browser, the training certificate opens in the web client's HTML viewer
 * (the iframe of /report/html/<report>/<ids> that Odoo uses for HTML reports) instead of
 * being downloaded as a PDF, so that the tour can read it. The button, the server action
 * and the report rendering stay those of the application.
 */
registry
    .category("ir.actions.report handlers")
    .add("coop_training_certificate_in_test_browser", async (action, options, env) => {
        if (action.report_name === REPORT && action.report_type === "qweb-pdf") {
            await env.services.action.doAction(
                {...action, report_type: "qweb-html"},
                options
            );
            return true;
        }
        return false;
    });

function choosePartner(name) {
    return [
        {
            content: `Choose ${name}`,
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: `edit ${name}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains('${name}')`,
            run: "click",
        },
        {
            content: "The attendee's name comes from the partner",
            trigger: `.o_field_widget[name='name'] input:value('${name}')`,
        },
    ];
}

function registerMember(name) {
    return [
        {
            content: "New registration",
            trigger:
                ".o_control_panel .o_form_button_create, .o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger:
                ".o_form_renderer.o_form_editable:not(.o_form_saved):not(.o_form_dirty) .o_field_widget[name='partner_id'] input",
        },
        ...choosePartner(name),
        {
            content: "Save the registration",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "It is linked to the membership",
            trigger: `.o_form_saved .o_field_widget[name='coop_membership_id']:contains('${name}')`,
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='open']",
        },
    ];
}

function markPresent(name) {
    return {
        content: `${name} is present one more day`,
        trigger: `.o_data_row:has(.o_data_cell[name='registration_id']:contains('${name}')) .o_field_widget[name='present'] input:not(:checked)`,
        run: "click",
    };
}

function hoursShown(name) {
    return {
        content: `${name}: the hours of the day are proposed`,
        trigger: `.o_data_row:has(.o_data_cell[name='registration_id']:contains('${name}')):has(.o_field_widget[name='present'] input:checked) .o_data_cell[name='hours']:contains('03:30')`,
    };
}

registry.category("web_tour.tours").add("coop_training_session", {
    steps: () => [
        {
            content: "New session",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        // ---------------------------------------------------------------- T-1: plan
        {
            content: "Title of the session",
            trigger: ".o_form_view .o_field_widget[name='name'] textarea",
            run: `edit ${TITLE}`,
        },
        {
            content: "The training form: no tickets nor badges (issue #21)",
            trigger:
                ".o_form_view:has(.o_notebook a[name='coop_training']):not(:has(.o_notebook a[name='tickets'])):not(:has(.o_field_widget[name='badge_format']))",
        },
        {
            content: "Topic",
            trigger: ".o_field_widget[name='training_topic_id'] input",
            run: `edit ${TOPIC}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains('${TOPIC}')`,
            run: "click",
        },
        {
            content: "On site",
            trigger: ".o_field_widget[name='training_mode'] select",
            run: 'select "on_site"',
        },
        {
            content: "Training page",
            trigger: ".o_notebook a[name='coop_training']",
            run: "click",
        },
        {
            content: "For the members of the user's cooperative",
            trigger:
                ".o_field_widget[name='coop_company_ids'] .o_tag:contains('Tour Cooperative')",
        },
        {
            content: "Three and a half hours a day",
            trigger: ".o_field_widget[name='training_hours_per_day'] input",
            run: "edit 03:30",
        },
        {
            content: "Save the session",
            trigger: ".o_form_button_save",
            run: "click",
        },
        // ---------------------------------------------------------------- T-2: register
        {
            content: "The session is saved",
            trigger: ".o_form_saved .o_field_widget[name='training_hours_per_day']",
        },
        {
            content: "Open the attendees",
            trigger: ".oe_stat_button:has(.o_field_widget[name='seats_taken'])",
            run: "click",
        },
        ...registerMember(MEMBERS[0]),
        ...registerMember(MEMBERS[1]),
        ...registerMember(MEMBERS[2]),
        {
            content: "Try to register someone who is not a member",
            trigger: ".o_control_panel .o_form_button_create",
            run: "click",
        },
        {
            trigger:
                ".o_form_renderer.o_form_editable:not(.o_form_saved):not(.o_form_dirty) .o_field_widget[name='partner_id'] input",
        },
        ...choosePartner(OUTSIDER),
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content:
                "The registration is refused, naming the outsider and the cooperative",
            trigger: `.modal .o_error_dialog:contains('${OUTSIDER}'):contains('Tour Cooperative')`,
        },
        {
            trigger: ".modal .o_error_dialog .o-default-button",
            run: "click",
        },
        {
            content: "Discard the refused registration",
            trigger: "body:not(:has(.modal)) .o_form_button_cancel",
            run: "click",
        },
        {
            content: "Back to the session",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${TITLE}')`,
            run: "click",
        },
        {
            trigger:
                ".oe_stat_button .o_field_widget[name='seats_taken']:contains('3')",
        },
        // ---------------------------------------------------------------- T-2: attendance
        {
            content:
                "Attendance sheet (its label in French: the interface is the user's language)",
            trigger:
                ".o_form_view button[name='action_prepare_attendance']:contains('Feuille de présence')",
        },
        {
            content: "Attendance sheet: one line per member and day",
            trigger: ".o_form_view button[name='action_prepare_attendance']",
            run: "click",
        },
        {
            content: "Open the first day",
            trigger: ".o_list_view .o_group_header:not(.o_group_open)",
            run: "click",
        },
        {
            content: "Open the second day",
            trigger:
                ".o_list_view:has(.o_group_header.o_group_open) .o_group_header:not(.o_group_open)",
            run: "click",
        },
        {
            content: "Six lines, nobody marked present yet",
            trigger:
                ".o_list_view:not(:has(.o_group_header:not(.o_group_open))):has(.o_data_row:eq(5)):not(:has(.o_data_row:eq(6))):not(:has(.o_field_widget[name='present'] input:checked))",
        },
        markPresent(MEMBERS[0]),
        markPresent(MEMBERS[0]),
        markPresent(MEMBERS[1]),
        hoursShown(MEMBERS[0]),
        hoursShown(MEMBERS[1]),
        {
            content: "Three days of presence marked",
            trigger:
                ".o_list_view:has(.o_data_row:has(.o_field_widget[name='present'] input:checked):eq(2))",
        },
        // ---------------------------------------------------------------- T-3: certificate
        {
            content: "Back to the session",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${TITLE}')`,
            run: "click",
        },
        {
            content: "Saved: 10:30 attended in all (two days and one day of 03:30)",
            trigger:
                ".oe_stat_button .o_field_widget[name='training_hours_total']:contains('10:30')",
        },
        {
            content: "Open the attendees",
            trigger: ".oe_stat_button:has(.o_field_widget[name='seats_taken'])",
            run: "click",
        },
        {
            content: `Open the registration of ${MEMBERS[0]}`,
            trigger: `.o_list_view .o_data_row .o_data_cell[name='name']:contains('${MEMBERS[0]}')`,
            run: "click",
        },
        {
            content: "Attended, seven hours",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
        {
            trigger: ".o_field_widget[name='training_hours']:contains('07:00')",
        },
        {
            content: "Print the certificate",
            trigger: ".o_form_view button[name='action_print_training_certificate']",
            run: "click",
        },
        {
            content: "The certificate names the member",
            trigger: `:iframe .o_coop_certificate_name:contains('${MEMBERS[0]}')`,
        },
        {
            content: "and the training",
            trigger: `:iframe .o_coop_certificate_title:contains('${TITLE}')`,
        },
    ],
});
