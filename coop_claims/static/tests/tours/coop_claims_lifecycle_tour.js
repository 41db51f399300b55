import { registry } from "@web/core/registry";

function phaseIs(label) {
    return {
        content: `the claim is in phase ${label}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${label}')`,
    };
}

registry.category("web_tour.tours").add("coop_claims_lifecycle_tour", {
    steps: () => [
        {
            content: "open the qualification tab",
            trigger: ".o_notebook a[name='qualification']",
            run: "click",
        },
        {
            content: "type: good faith",
            trigger: ".o_field_widget[name='claim_type'] select",
            run: "selectByLabel Good faith",
        },
        {
            content: "category",
            trigger: ".o_field_widget[name='category_id'] input",
            run: "edit Product quality",
        },
        {
            content: "pick the category",
            trigger: ".o-autocomplete--dropdown-item a:contains('Product quality')",
            run: "click",
        },
        {
            content: "register the claim",
            trigger: "button[name='action_register']",
            run: "click",
        },
        phaseIs("Registration"),
        {
            content: "send it to resolution",
            trigger: "button[name='action_resolve']",
            run: "click",
        },
        phaseIs("Resolution"),
        {
            content: "open the answer tab",
            trigger: ".o_notebook a[name='closure']",
            run: "click",
        },
        {
            content: "closing condition",
            trigger: ".o_field_widget[name='closing_condition'] select",
            run: "selectByLabel Customer satisfied",
        },
        {
            content: "write the answer",
            trigger: ".o_field_widget[name='answer'] .odoo-editor-editable",
            run: "editor We sent you a new jar.",
        },
        {
            content: "close the claim",
            trigger: "button[name='action_close']",
            run: "click",
        },
        phaseIs("Closure"),
        {
            content: "follow up",
            trigger: "button[name='action_follow_up']",
            run: "click",
        },
        phaseIs("Follow-up"),
        {
            content: "open the exploitation tab",
            trigger: ".o_notebook a[name='exploitation']",
            run: "click",
        },
        {
            content: "root cause",
            trigger: ".o_field_widget[name='root_cause'] textarea",
            run: "edit Jars packed without padding",
        },
        {
            content: "exploit the claim",
            trigger: "button[name='action_exploit']",
            run: "click",
        },
        phaseIs("Exploitation"),
    ],
});
