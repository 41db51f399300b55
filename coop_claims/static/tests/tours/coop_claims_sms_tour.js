import {registry} from "@web/core/registry";

/**
 * X-7 (issue #18): the claim of a customer reached by SMS only, as a French-speaking
 * clerk sees it: the acknowledgement SMS in the chatter with its SMS mark, then the
 * registration, whose phase change goes by SMS too.
 */
registry.category("web_tour.tours").add("coop_claims_sms_tour", {
    steps: () => [
        {
            content: "the acknowledgement went by SMS: its text and the SMS mark",
            trigger:
                ".o-mail-Message:contains('nous avons reçu votre réclamation'):has(.o-mail-Message-notification .fa-mobile)",
        },
        {
            content: "register the claim",
            trigger: "button[name='action_register']",
            run: "click",
        },
        {
            content: "the phase change went by SMS, in French",
            trigger:
                ".o-mail-Message:contains('maintenant en phase Enregistrement'):has(.o-mail-Message-notification .fa-mobile)",
        },
    ],
});
