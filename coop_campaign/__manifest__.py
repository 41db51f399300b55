{
    "name": "Cooperative Campaigns",
    "summary": "Mailings and SMS to a segment on Odoo's mass mailing, with a control "
    "group, the purchases they brought, their cost and return",
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
        "mass_mailing_sms",
        "mass_mailing_sale",
    ],
    "data": [
        "security/coop_campaign_security.xml",
        "security/ir.model.access.csv",
        "views/utm_campaign_views.xml",
        "report/coop_campaign_reports.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "coop_campaign/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
