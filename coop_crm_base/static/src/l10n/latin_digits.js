/** @odoo-module **/
/**
 * Dates and numbers in Western digits for Arabic users (X-2, issue #21).
 *
 * Morocco writes 0-9, in Arabic texts too. Odoo's localization service gives luxon the
 * Arabic-Indic digits (٠-٩) for "ar-001", the Arabic of Odoo's language list, so the web
 * client showed dates such as "٠٧/١٢/٢٠٢٦" while the server, the PDF reports and the
 * e-mails print "07/12/2026". This service runs after it and keeps the Latin digits.
 */
import {registry} from "@web/core/registry";

const {Settings} = luxon;

export const coopLatinDigitsService = {
    dependencies: ["localization"],
    start() {
        if (Settings.defaultNumberingSystem === "arab") {
            Settings.defaultNumberingSystem = "latn";
        }
    },
};

registry.category("services").add("coop_latin_digits", coopLatinDigitsService);
