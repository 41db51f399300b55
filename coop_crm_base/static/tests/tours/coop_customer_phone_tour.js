import {registry} from "@web/core/registry";

/**
 * M-3 as a person does it: type a Moroccan phone number the way people write it
 * ("06 61 23 45 67") in a new customer's form, see it put in international form once
 * typed and stored in E.164 once saved; then a number too short is refused with the
 * suite's message and nothing is saved. The Python test (TestCustomerPhoneUi) runs it
 * in French and checks the records.
 */
registry.category("web_tour.tours").add("coop_customer_phone", {
    steps: () => [
        {
            content: "The customers are open: create one",
            trigger:
                ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name of the customer",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Client Tour Téléphone",
        },
        {
            content: "The number as people type it",
            trigger: ".o_form_view .o_field_widget[name='phone'] input",
            run: "edit 06 61 23 45 67",
        },
        {
            content: "Leave the field: the number is put in international form",
            trigger: ".o_form_view .o_field_widget[name='email'] input",
            run: "click",
        },
        {
            content:
                "Shown in international form (+212 6 61 23 45 67 with phonenumbers' rules)",
            trigger: ".o_form_view .o_field_widget[name='phone'] input:value(+212 6)",
            run() {
                const value = this.anchor.value;
                if (
                    value.replace(/[\s-]/g, "") !== "+212661234567" ||
                    value === "+212661234567"
                ) {
                    throw new Error(
                        `phone shown as "${value}", not in international form`
                    );
                }
            },
        },
        {
            content: "Save the customer",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the number is stored in E.164",
            trigger:
                ".o_form_saved .o_field_widget[name='phone'] input:value(+212661234567)",
        },
        {
            content: "A second customer",
            trigger: ".o_form_button_create",
            run: "click",
        },
        {
            content: "A new, empty form",
            trigger:
                ".o_form_editable:not(.o_form_saved):not(.o_form_dirty) " +
                ".o_field_widget[name='name'] input",
            run: "edit Client Tour Numéro Faux",
        },
        {
            content: "A number with digits missing",
            trigger: ".o_form_view .o_field_widget[name='phone'] input",
            run: "edit 06123",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The suite's message, in French, names the field and the number",
            trigger:
                ".modal .modal-body:contains(06123 n'est pas un numéro de téléphone valide)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard the customer",
            trigger: "body:not(:has(.modal)) .o_form_button_cancel",
            run: "click",
        },
        {
            content:
                "The unsaved customer is gone: back to the customers, the saved one is there",
            trigger:
                "body:not(:has(.o_form_view)) .o_kanban_view " +
                ".o_kanban_record:contains(Client Tour Téléphone)",
        },
    ],
});
