{
    "name": "Cooperative Point of Sale",
    "summary": "Cooperative customers, cards and sales channels at the till, the souk "
    "and the fair",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "Coop CRM contributors",
    "website": "https://github.com/coop-crm/coop-crm",
    "maintainers": ["coop-crm"],
    "development_status": "Beta",
    "license": "AGPL-3",
    "depends": [
        "coop_crm_base",
        "coop_loyalty",
        "pos_loyalty",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/coop_pos_security.xml",
        "views/pos_config_views.xml",
        "views/pos_order_views.xml",
        "report/coop_pos_day_report_views.xml",
    ],
    "demo": [
        "demo/coop_pos_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            # Morocco's digits 0-9 and phone numbers left to right, at the till too
            "coop_crm_base/static/src/l10n/latin_digits.js",
            "coop_crm_base/static/src/l10n/phone_ltr.scss",
            "coop_pos/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "coop_pos/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
