{
    "name": "Cooperative Point of Sale Claims",
    "summary": "Claims registered at the till and linked to point of sale orders",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "Coop CRM contributors",
    "website": "https://github.com/coop-crm/coop-crm",
    "maintainers": ["coop-crm"],
    "development_status": "Beta",
    "license": "AGPL-3",
    "depends": [
        "coop_crm_base",
        "coop_pos",
        "coop_claims",
    ],
    "data": [
        "views/coop_claim_views.xml",
        "views/pos_order_views.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "coop_pos_claims/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "coop_pos_claims/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
