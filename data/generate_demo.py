#!/usr/bin/env python3
"""Write the suite's demo data files deterministically (SPEC X-3).

Run ``python3 data/generate_demo.py`` from the repository root: it rewrites
``coop_crm_base/demo/coop_demo.xml`` from the fixed seed below, so the demo
database is the same on every machine. The generated files are committed.
"""

import random
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
TODAY = date(2026, 11, 1)  # fixed so that the files do not change from day to day

COOPERATIVES = [
    # xml id, name, city, region xml id, sector xml id, registration, creation
    ("argan", "Coopérative Tifawin Argan", "Essaouira", "region_ma_07", "sector_argan",
     "RC-ESS-2004-117", "2004-03-15"),
    ("dairy", "Coopérative Laitière Doukkala", "El Jadida", "region_ma_06", "sector_dairy",
     "RC-JDA-1998-042", "1998-06-01"),
    ("crafts", "Coopérative Artisanale Al Majd", "Marrakech", "region_ma_07", "sector_crafts",
     "RC-MRK-2011-309", "2011-10-20"),
]
FIRST_NAMES = [
    "Fatima", "Khadija", "Aicha", "Malika", "Zahra", "Naima", "Rachida", "Hafsa", "Samira",
    "Mohamed", "Ahmed", "Youssef", "Hassan", "Brahim", "Omar", "Said", "Abdellah", "Lahcen",
    "Meryem", "Salma", "Imane", "Hanane", "Karim", "Mustapha",
]
LAST_NAMES = [
    "El Amrani", "Benali", "Ouchen", "Aït Lahcen", "Bouzid", "Chraibi", "El Idrissi",
    "Fassi", "Haddad", "Jabri", "Kettani", "Lamrani", "Mansouri", "Naciri", "Ouazzani",
    "Raji", "Saidi", "Tazi", "Zerouali", "Bennani",
]
PROFESSIONS = ["Farmer", "Teacher", "Shopkeeper", "Nurse", "Craftswoman", "Driver", "Student"]
# mobile prefixes valid in libphonenumber's metadata for Morocco
MOBILE_PREFIXES = ["0661", "0662", "0666", "0670", "0671", "0676", "0677", "0650"]
# state distribution of the twelve members of each cooperative
MEMBER_STATES = ["active"] * 7 + ["candidate"] * 2 + ["suspended", "resigned", "excluded"]


def field(name, value=None, ref=None, eval_=None):
    if ref:
        return f'        <field name="{name}" ref="{ref}"/>'
    if eval_ is not None:
        return f'        <field name="{name}" eval="{escape(eval_, {chr(34): "&quot;"})}"/>'
    return f'        <field name="{name}">{escape(str(value))}</field>'


def record(xml_id, model, fields_):
    return "\n".join([f'    <record id="{xml_id}" model="{model}">', *fields_, "    </record>"])


def base_demo(rng):
    out = []
    out.append(record("coop_company_union", "res.company", [
        field("name", "Union des Coopératives du Sud"),
        field("currency_id", ref="base.MAD"),
        field("country_id", ref="base.ma"),
        field("city", "Marrakech"),
        field("coop_registration_number", "UC-MRK-2009-001"),
        field("coop_region_id", ref="coop_crm_base.region_ma_07"),
        field("coop_sector_id", ref="coop_crm_base.sector_other"),
        field("coop_creation_date", "2009-01-12"),
    ]))
    for key, name, city, region, sector, registration, created in COOPERATIVES:
        out.append(record(f"coop_company_{key}", "res.company", [
            field("name", name),
            field("parent_id", ref="coop_company_union"),
            field("currency_id", ref="base.MAD"),
            field("country_id", ref="base.ma"),
            field("city", city),
            field("coop_registration_number", registration),
            field("coop_region_id", ref=f"coop_crm_base.{region}"),
            field("coop_sector_id", ref=f"coop_crm_base.{sector}"),
            field("coop_creation_date", created),
            field("coop_share_unit_value", "100"),
        ]))
    company_refs = ["coop_company_union"] + [f"coop_company_{c[0]}" for c in COOPERATIVES]
    all_companies = ", ".join(f"ref('{r}')" for r in company_refs)
    # the administrator works in the union, so the app opens on the union's branches
    out.append(record("base.user_admin", "res.users", [
        field("company_id", ref="coop_company_union"),
        field("company_ids", eval_="[" + ", ".join(f"(4, ref('{r}'))" for r in company_refs) + "]"),
    ]))
    # Users: one cooperative user per cooperative and a union manager
    for key, name, *_rest in COOPERATIVES:
        out.append(record(f"coop_user_{key}", "res.users", [
            field("name", f"{name.split()[-1]} staff"),
            field("login", f"{key}@coop.example"),
            field("password", key),
            field("company_id", ref=f"coop_company_{key}"),
            field("company_ids", eval_=f"[(6, 0, [ref('coop_company_{key}')])]"),
            field("groups_id", eval_="[(6, 0, [ref('coop_crm_base.group_coop_user')])]"),
        ]))
    out.append(record("coop_user_union", "res.users", [
        field("name", "Union manager"),
        field("login", "union@coop.example"),
        field("password", "union"),
        field("company_id", ref="coop_company_union"),
        field("company_ids", eval_=f"[(6, 0, [{all_companies}])]"),
        field("groups_id", eval_="[(6, 0, [ref('coop_crm_base.group_union_manager')])]"),
    ]))
    # Directory cooperatives known but not running on the database
    for i, (name, region, sector) in enumerate([
        ("Coopérative Amal Safran", "region_ma_09", "sector_pam"),
        ("Coopérative Miel Atlas", "region_ma_05", "sector_beekeeping"),
        ("Coopérative Pêcheurs de Dakhla", "region_ma_12", "sector_fishing"),
    ]):
        out.append(record(f"coop_directory_{i + 1}", "res.partner", [
            field("name", name),
            field("is_company", eval_="True"),
            field("is_cooperative", eval_="True"),
            field("country_id", ref="base.ma"),
            field("coop_region_id", ref=f"coop_crm_base.{region}"),
            field("coop_sector_id", ref=f"coop_crm_base.{sector}"),
            field("coop_declared_member_count", str(rng.randint(8, 60))),
        ]))
    # Twelve members per cooperative, in several states
    for key, *_rest in COOPERATIVES:
        for i in range(12):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            prefix = rng.choice(MOBILE_PREFIXES)
            phone = f"{prefix}{rng.randint(100000, 999999)}"
            pid = f"coop_member_{key}_{i + 1:02d}"
            out.append(record(f"{pid}_partner", "res.partner", [
                field("name", f"{first} {last}"),
                field("company_id", ref=f"coop_company_{key}"),
                field("country_id", ref="base.ma"),
                field("mobile", phone),
                field("email", f"{first.lower()}.{i + 1}.{key}@example.ma"),
                field("coop_profession", rng.choice(PROFESSIONS)),
                field("coop_household_size", str(rng.randint(1, 8))),
                field("coop_consent_sms", eval_=str(rng.random() < 0.7)),
                field("coop_consent_email", eval_=str(rng.random() < 0.5)),
            ]))
            state = MEMBER_STATES[i]
            applied = TODAY - timedelta(days=rng.randint(200, 3000))
            fields_ = [
                field("partner_id", ref=f"{pid}_partner"),
                field("company_id", ref=f"coop_company_{key}"),
                field("state", state),
                field("date_application", applied.isoformat()),
            ]
            shares = rng.randint(1, 20)
            if state != "candidate":
                admitted = applied + timedelta(days=rng.randint(10, 60))
                fields_ += [
                    field("number", f"M{admitted.year}-{i + 1:05d}"),
                    field("date_admission", admitted.isoformat()),
                    field("share_count", str(shares)),
                    field("share_paid_count", str(rng.randint(0, shares))),
                ]
                if state in ("resigned", "excluded"):
                    fields_ += [
                        field("date_exit", (admitted + timedelta(days=rng.randint(100, 150))).isoformat()),
                        field("exit_reason", "Moved to another region" if state == "resigned"
                              else "Repeated breach of the cooperative's statutes"),
                    ]
                elif state == "suspended":
                    fields_.append(field("exit_reason", "Shares unpaid for two years"))
            else:
                fields_.append(field("share_count", str(shares)))
            out.append(record(pid, "coop.membership", fields_))
    return out


def write(path, records):
    body = "\n\n".join(records)
    text = f'<?xml version="1.0" encoding="utf-8"?>\n<!-- Generated by data/generate_demo.py: do not edit by hand -->\n<odoo>\n{body}\n</odoo>\n'
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(records)} records)")


def main():
    rng = random.Random(SEED)
    write(ROOT / "coop_crm_base" / "demo" / "coop_demo.xml", base_demo(rng))


if __name__ == "__main__":
    main()
