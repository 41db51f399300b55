{
    "name": "Cooperative Claims",
    "summary": "Six-phase claim lifecycle for cooperatives' customers",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "Coop CRM contributors",
    "website": "https://github.com/coop-crm/coop-crm",
    "license": "AGPL-3",
    "depends": [
        "coop_crm_base",
        "sale_management",
        "resource",
    ],
    "data": [
        "security/coop_claims_security.xml",
        "security/ir.model.access.csv",
        "views/coop_claims_menus.xml",
    ],
    "demo": [],
    "installable": True,
}
