import {registry} from "@web/core/registry";

/**
 * M-1, M-8 as a union manager sees them: the customer dashboard and the indicators of
 * the union's cooperatives. The figures expected here are those of the orders made by
 * TestUnionDashboardUi.setUpClass, whose Python test asserts the same values on the
 * computed indicators before running this tour.
 */

// current quarter figures of each cooperative: [active, new, retention text, revenue];
// Safran had no customer in the previous quarter: its retention is blank, not 0 %
const COOPERATIVES = {
    "Coopérative Tour Argan": {
        active: "2",
        new: "1",
        retention: "50,00",
        revenue: "800,00",
    },
    "Coopérative Tour Lait": {
        active: "3",
        new: "2",
        retention: "100,00",
        revenue: "600,00",
    },
    "Coopérative Tour Safran": {
        active: "1",
        new: "1",
        retention: "",
        revenue: "250,00",
    },
};
// the union's consolidated row, shown on demand only
const UNION = {
    "Union Tour du Sud": {
        active: "6",
        new: "4",
        retention: "66,67",
        revenue: "1650,00",
    },
};

/** Text of a cell without spaces of any kind nor currency: "1 650,00 DH" -> "1650,00". */
function figure(cell) {
    return cell.textContent.replace(/\s/g, "").replace(/[^\d,.-]/g, "");
}

/** The rows of the indicators list of the latest period shown, checked against
 * ``expected``: every company of it has its figures, no other company is shown. */
function checkRows(expected) {
    const rows = [...document.querySelectorAll(".o_list_view .o_data_row")].map(
        (row) => {
            const cell = (name) => row.querySelector(`td[name='${name}']`);
            return {
                company: cell("company_id").textContent.trim(),
                period: cell("period_name").textContent.trim(),
                active: figure(cell("active_customers")),
                new: figure(cell("new_customers")),
                retention: figure(cell("retention_rate")),
                revenue: figure(cell("revenue")),
            };
        }
    );
    const current = rows
        .map((r) => r.period)
        .sort()
        .at(-1);
    for (const [company, values] of Object.entries(expected)) {
        const row = rows.find((r) => r.company === company && r.period === current);
        if (!row) {
            throw new Error(`no row of ${company} for ${current}`);
        }
        for (const [key, value] of Object.entries(values)) {
            if (row[key] !== value) {
                throw new Error(
                    `${company} ${current} ${key}: "${row[key]}" shown, "${value}" expected`
                );
            }
        }
    }
    const others = rows.filter((r) => !(r.company in expected));
    if (others.length) {
        throw new Error(`rows of other companies shown: ${JSON.stringify(others)}`);
    }
}

registry.category("web_tour.tours").add("coop_union_dashboard", {
    steps: () => [
        {
            content: "Open the Cooperative app",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='coop_crm_base.menu_coop_root']",
            run: "click",
        },
        {
            content: "Reporting menu",
            trigger:
                ".o_menu_sections [data-menu-xmlid='coop_crm_base.menu_coop_reporting']",
            run: "click",
        },
        {
            content: "The customer dashboard",
            trigger:
                ".dropdown-item[data-menu-xmlid='coop_crm_base.menu_coop_dashboard']",
            run: "click",
        },
        {
            content: "The dashboard's charts are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
        },
        {
            content:
                "The active customers chart has one series per cooperative of the union",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
            async run() {
                let found = null;
                // the charts are drawn once their data has arrived: wait a little for them
                for (let attempt = 0; attempt < 50 && !found; attempt++) {
                    for (const canvas of document.querySelectorAll(
                        ".o-figure canvas"
                    )) {
                        const chart = window.Chart && window.Chart.getChart(canvas);
                        const series = chart
                            ? chart.data.datasets.map((d) => d.label)
                            : [];
                        if (
                            [
                                "Coopérative Tour Argan",
                                "Coopérative Tour Lait",
                                "Coopérative Tour Safran",
                            ].every((name) => series.includes(name)) &&
                            chart.data.datasets.some((d) => d.data.some((v) => v === 3))
                        ) {
                            found = chart;
                            break;
                        }
                    }
                    if (!found) {
                        await new Promise((resolve) => setTimeout(resolve, 200));
                    }
                }
                if (!found) {
                    throw new Error(
                        "no dashboard chart shows the three cooperatives' figures"
                    );
                }
                const series = Object.fromEntries(
                    found.data.datasets.map((d) => [d.label, d.data[d.data.length - 1]])
                );
                if (
                    series["Coopérative Tour Argan"] !== 2 ||
                    series["Coopérative Tour Lait"] !== 3 ||
                    series["Coopérative Tour Safran"] !== 1
                ) {
                    throw new Error(
                        `unexpected active customers: ${JSON.stringify(series)}`
                    );
                }
                if ("Union Tour du Sud" in series) {
                    throw new Error(
                        "the union's consolidated row is counted as a cooperative"
                    );
                }
            },
        },
        {
            content: "Now the indicators themselves",
            trigger:
                ".o_menu_sections [data-menu-xmlid='coop_crm_base.menu_coop_reporting']",
            run: "click",
        },
        {
            trigger:
                ".dropdown-item[data-menu-xmlid='coop_crm_base.menu_coop_indicator']",
            run: "click",
        },
        {
            content: "As a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content:
                "Each cooperative has its figures of the quarter; the union's " +
                "consolidated row is not among them by default",
            trigger:
                ".o_list_view .o_data_row td[name='company_id']:contains(Coopérative Tour Safran)",
            run() {
                checkRows(COOPERATIVES);
            },
        },
        {
            content: "The union's consolidated row on demand",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o_menu_item:contains(consolidé)",
            run: "click",
        },
        {
            content: "The union's row beside its cooperatives' rows",
            trigger:
                ".o_list_view .o_data_row td[name='company_id']:contains(Union Tour du Sud)",
            run() {
                checkRows({...COOPERATIVES, ...UNION});
            },
        },
    ],
});
