import {registry} from "@web/core/registry";

/**
 * X-2 (issue #7): the suite's menus, lists, forms and dashboard in Arabic, right to left.
 * Each screen is checked for the document's direction, for Arabic labels (taken from the
 * addons' ar.po) and for its geometry: in a form a field's label stands to the RIGHT of
 * its value, in a list the selection column is the rightmost, in the navbar the app's
 * name is right of its menus, in a notebook the first tab is the rightmost.
 *
 * "coop_arabic_rtl" walks coop_crm_base's screens; "coop_arabic_rtl_suite" also the
 * main screens of coop_loyalty, coop_claims and coop_training (used when the four
 * addons are installed: tests/test_ui_arabic.py).
 */

const ARABIC = /[\u0600-\u06FF]/;
// tolerance in pixels of the comparisons (borders, sub-pixel layout)
const EPS = 2;

function rect(el, what) {
    if (!el) {
        throw new Error(`RTL check: ${what} not found`);
    }
    return el.getBoundingClientRect();
}

/** `right` stands wholly to the right of `left` (right to left: it comes first). */
function assertRightOf(right, left, what) {
    const r = rect(right, what);
    const l = rect(left, what);
    if (r.left < l.right - EPS) {
        throw new Error(
            `RTL check: ${what}: expected to the right (left edge ${r.left} >= ${l.right})`
        );
    }
}

function assertArabic(el, what, expected) {
    const text = (el && el.textContent) || "";
    if (expected ? !text.includes(expected) : !ARABIC.test(text)) {
        throw new Error(
            `Arabic check: ${what} reads "${text.trim()}", ` +
                `expected ${expected ? `"${expected}"` : "Arabic"}`
        );
    }
}

/** The whole page is laid out right to left, with the app's name and menus in Arabic. */
function checkPage() {
    if (!document.body.classList.contains("o_rtl")) {
        throw new Error("RTL check: body has no o_rtl class");
    }
    for (const sel of ["body", ".o_action_manager", ".o_main_navbar"]) {
        const direction = getComputedStyle(document.querySelector(sel)).direction;
        if (direction !== "rtl") {
            throw new Error(`RTL check: ${sel} has direction ${direction}`);
        }
    }
    if (
        document.documentElement.lang &&
        !document.documentElement.lang.startsWith("ar")
    ) {
        throw new Error(`html lang is ${document.documentElement.lang}`);
    }
    const brand = document.querySelector(".o_main_navbar .o_menu_brand");
    assertArabic(brand, "app name", "التعاونية");
    const firstSection = document.querySelector(".o_main_navbar .o_menu_sections > *");
    assertRightOf(brand, firstSection, "app name vs its first menu");
    assertRightOf(
        document.querySelector(".o_main_navbar .o_navbar_apps_menu"),
        brand,
        "apps menu vs app name"
    );
    // the breadcrumb starts on the right of the control panel
    const breadcrumb = document.querySelector(".o_control_panel .o_breadcrumb");
    const cp = rect(document.querySelector(".o_control_panel"), "control panel");
    if (
        breadcrumb &&
        breadcrumb.getBoundingClientRect().right < cp.left + cp.width / 2
    ) {
        throw new Error(
            "RTL check: the breadcrumb is on the left half of the control panel"
        );
    }
}

/** A list: the selection column is the rightmost, the suite's headers are in Arabic. */
function checkList(fieldName) {
    checkPage();
    const selector = document.querySelector(
        ".o_list_view thead th.o_list_record_selector"
    );
    // the given column, or the first one labelled in Arabic (the suite's own columns;
    // Odoo's, e.g. event's "Event", are Arabic once Odoo's translations are loaded)
    const header = fieldName
        ? document.querySelector(`.o_list_view thead th[data-name='${fieldName}']`)
        : [
              ...document.querySelectorAll(".o_list_view thead th.o_column_sortable"),
          ].find((th) => ARABIC.test(th.textContent));
    assertRightOf(selector, header, "list selection column vs a column");
    assertArabic(header, "list column header");
}

/** The row of ``fieldName`` in the form, or of its first field labelled in Arabic. */
function formRow(fieldName) {
    if (fieldName) {
        const widget = document.querySelector(
            `.o_form_view .o_inner_group .o_field_widget[name='${fieldName}']`
        );
        return widget && widget.closest(".o_wrap_field");
    }
    // the first field labelled in Arabic (Odoo's own terms, e.g. of the loyalty addon,
    // are Arabic only once Odoo's translations are loaded). Rows are "display:
    // contents" on wide screens: measure their cells, not the rows.
    return [
        ...document.querySelectorAll(".o_form_view .o_inner_group .o_wrap_field"),
    ].find((r) => {
        const label = r.querySelector(".o_wrap_label");
        const value = r.querySelector(".o_wrap_input");
        return (
            label &&
            value &&
            ARABIC.test(label.textContent) &&
            label.getBoundingClientRect().width &&
            value.getBoundingClientRect().width
        );
    });
}

/** A form: the label of ``fieldName`` (or of the first labelled field) is right of
 * its value and reads ``expected`` (or at least Arabic). */
function checkForm(fieldName, expected) {
    checkPage();
    const row = formRow(fieldName);
    if (!row) {
        throw new Error(`RTL check: no labelled field ${fieldName || ""} in the form`);
    }
    const label = row.querySelector(".o_wrap_label");
    const value = row.querySelector(".o_wrap_input");
    assertArabic(label, `label of ${fieldName || "the first field"}`, expected);
    assertRightOf(
        label,
        value,
        `label of ${fieldName || "the first field"} vs its value`
    );
    // the sheet's two groups: the first one on the right
    const groups = [
        ...document.querySelectorAll(".o_form_view .o_form_sheet .o_inner_group"),
    ].filter((g) => g.getBoundingClientRect().width);
    if (groups.length >= 2) {
        const [a, b] = groups.map((g) => g.getBoundingClientRect());
        if (Math.abs(a.top - b.top) < EPS && a.left < b.left) {
            throw new Error("RTL check: the form's first group is left of the second");
        }
    }
}

function menu(section, item) {
    return [
        {
            content: `Menu ${section}`,
            trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid='${section}']`,
            run: "click",
        },
        {
            content: `Menu item ${item}`,
            trigger: `.dropdown-item[data-menu-xmlid='${item}']`,
            run: "click",
        },
    ];
}

/** Open the first record of the list or kanban, check its form. */
function firstRecord(what, breadcrumb, fieldName, expected) {
    return [
        {
            content: `${what}: the view is titled in Arabic`,
            trigger: `.o_control_panel .o_breadcrumb:contains(${breadcrumb})`,
        },
        {
            content: `${what}: open the first record`,
            trigger:
                ".o_list_view .o_data_row:first td.o_data_cell:not(.o_list_record_selector), " +
                ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost):first",
            run() {
                checkPage();
                if (document.querySelector(".o_list_view")) {
                    checkList();
                }
                this.anchor.click();
            },
        },
        {
            content: `${what}: the form reads right to left`,
            trigger: `.o_form_view .o_form_sheet .o_inner_group .o_wrap_label`,
            run() {
                checkForm(fieldName, expected);
            },
        },
    ];
}

function baseSteps() {
    return [
        {
            content: "The app, in Arabic",
            trigger: "body.o_rtl .o_main_navbar .o_menu_brand:contains(التعاونية)",
        },
        {
            content: "Members, in Arabic, right to left",
            trigger: ".o_list_view .o_data_row",
            run() {
                checkList("share_count");
            },
        },
        {
            trigger:
                ".o_menu_sections [data-menu-xmlid='coop_crm_base.menu_coop_members']:contains(المنخرطون)",
        },
        {
            trigger: ".o_control_panel .o_breadcrumb:contains(المنخرطون)",
        },
        {
            content: "A member's form",
            trigger: ".o_list_view .o_data_row td[name='partner_id']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='share_count']",
            run() {
                checkForm("share_count", "الحصص الاجتماعية المكتتب فيها");
                checkForm("partner_id", "منخرط");
            },
        },
        ...menu(
            "coop_crm_base.menu_coop_customers",
            "coop_crm_base.menu_coop_customer_list"
        ),
        {
            content: "Customers",
            trigger: ".o_control_panel .o_breadcrumb:contains(الزبائن)",
        },
        {
            trigger: ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)",
            run: "click",
        },
        {
            content:
                "The customer form: the first tab of the notebook is the rightmost",
            trigger:
                ".o_form_view .o_notebook a[name='coop_customer_file']:contains(ملف الزبون)",
            run() {
                checkPage();
                const tabs = [
                    ...document.querySelectorAll(".o_form_view .o_notebook .nav-item"),
                ];
                assertRightOf(tabs[0], tabs[1], "first tab vs second tab");
                this.anchor.click();
            },
        },
        {
            trigger: ".o_form_view .o_field_widget[name='coop_customer_type']",
            run() {
                checkForm("coop_customer_type", "نوع الزبون");
            },
        },
        ...menu(
            "coop_crm_base.menu_coop_reporting",
            "coop_crm_base.menu_coop_dashboard"
        ),
        {
            content:
                "The customer dashboard is drawn; its list of dashboards on the right",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
            run() {
                checkPage();
                const panel = document.querySelector(
                    ".o_spreadsheet_dashboard_action .o_search_panel"
                );
                const sheet = document.querySelector(
                    ".o_spreadsheet_dashboard_action .o_renderer, " +
                        ".o_spreadsheet_dashboard_action .o-spreadsheet"
                );
                if (panel && panel.getBoundingClientRect().width) {
                    assertRightOf(panel, sheet, "dashboards list vs dashboard");
                    assertArabic(panel, "dashboards list", "التعاونية");
                }
            },
        },
        ...menu(
            "coop_crm_base.menu_coop_reporting",
            "coop_crm_base.menu_coop_indicator"
        ),
        {
            content: "Customer indicators",
            trigger: ".o_control_panel .o_breadcrumb:contains(مؤشرات الزبائن)",
        },
        {
            trigger: ".o_pivot_view .o_pivot table, .o_view_nocontent",
            run() {
                checkPage();
            },
        },
    ];
}

function suiteSteps() {
    return [
        ...menu(
            "coop_loyalty.menu_loyalty_root",
            "coop_loyalty.menu_coop_loyalty_card"
        ),
        ...firstRecord("Loyalty cards", "بطاقات الوفاء"),
        ...menu("coop_claims.menu_claims_root", "coop_claims.menu_coop_claim"),
        ...firstRecord("Claims", "الشكايات"),
        ...menu(
            "coop_training.menu_training_root",
            "coop_training.menu_training_session"
        ),
        ...firstRecord("Training sessions", "الدورات التكوينية"),
    ];
}

registry.category("web_tour.tours").add("coop_arabic_rtl", {
    steps: () => baseSteps(),
});

registry.category("web_tour.tours").add("coop_arabic_rtl_suite", {
    steps: () => [...baseSteps(), ...suiteSteps()],
});
