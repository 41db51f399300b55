{
    "name": "Cooperative Training",
    "summary": "Training sessions for cooperative members on Odoo events",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "Coop CRM contributors",
    "website": "https://github.com/coop-crm/coop-crm",
    "license": "AGPL-3",
    "depends": [
        "coop_crm_base",
        "event",
    ],
    "data": [
        "security/coop_training_security.xml",
        "security/ir.model.access.csv",
        "views/coop_training_menus.xml",
    ],
    "demo": [],
    "installable": True,
}
