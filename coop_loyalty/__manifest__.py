{
    "name": "Cooperative Loyalty",
    "summary": "Loyalty cards, remises, ristournes and referral for cooperatives",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "Coop CRM contributors",
    "website": "https://github.com/coop-crm/coop-crm",
    "license": "AGPL-3",
    "depends": [
        "coop_crm_base",
        "sale_loyalty",
    ],
    "data": [
        "security/coop_loyalty_security.xml",
        "security/ir.model.access.csv",
        "views/coop_loyalty_menus.xml",
    ],
    "demo": [],
    "installable": True,
}
