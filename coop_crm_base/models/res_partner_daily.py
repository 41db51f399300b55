"""The customer met at a souk (M-3, issue #21): region from the city, Morocco by
default, a warning on a likely duplicate, how consent was given."""

import re
import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

# main cities of Morocco -> code of their region (the 12 regions of
# coop_region_data.xml, decree 2-15-40 of 2015); keys are normalised by _coop_city_key
# (no accents, lower case)
MA_CITY_REGION = {
    "01": [
        "Tanger",
        "Tangier",
        "Tétouan",
        "Tetuan",
        "Al Hoceïma",
        "Hoceima",
        "Larache",
        "Ksar El Kebir",
        "Chefchaouen",
        "Chaouen",
        "Fnideq",
        "M'diq",
        "Mdiq",
        "Ouazzane",
        "Asilah",
        "Martil",
        "Tanger-Assilah",
        "طنجة",
        "تطوان",
        "الحسيمة",
        "العرائش",
        "شفشاون",
        "القصر الكبير",
        "وزان",
        "أصيلة",
    ],
    "02": [
        "Oujda",
        "Nador",
        "Berkane",
        "Taourirt",
        "Jerada",
        "Guercif",
        "Figuig",
        "Driouch",
        "Bouarfa",
        "Zaio",
        "Ahfir",
        "وجدة",
        "الناظور",
        "بركان",
        "تاوريرت",
        "جرادة",
        "جرسيف",
        "فكيك",
    ],
    "03": [
        "Fès",
        "Fes",
        "Fez",
        "Meknès",
        "Meknes",
        "Taza",
        "Ifrane",
        "Sefrou",
        "El Hajeb",
        "Azrou",
        "Taounate",
        "Boulemane",
        "Moulay Yacoub",
        "Missour",
        "فاس",
        "مكناس",
        "تازة",
        "إفران",
        "صفرو",
        "الحاجب",
        "أزرو",
        "تاونات",
    ],
    "04": [
        "Rabat",
        "Salé",
        "Sale",
        "Kénitra",
        "Kenitra",
        "Témara",
        "Temara",
        "Skhirat",
        "Khémisset",
        "Khemisset",
        "Sidi Kacem",
        "Sidi Slimane",
        "Tiflet",
        "Sidi Yahya El Gharb",
        "Souk El Arbaa",
        "الرباط",
        "سلا",
        "القنيطرة",
        "تمارة",
        "الصخيرات",
        "الخميسات",
        "سيدي قاسم",
        "سيدي سليمان",
        "تيفلت",
    ],
    "05": [
        "Béni Mellal",
        "Beni Mellal",
        "Khénifra",
        "Khenifra",
        "Khouribga",
        "Fquih Ben Salah",
        "Fkih Ben Salah",
        "Azilal",
        "Kasba Tadla",
        "Oued Zem",
        "Demnate",
        "بني ملال",
        "خنيفرة",
        "خريبكة",
        "الفقيه بن صالح",
        "أزيلال",
        "قصبة تادلة",
        "وادي زم",
    ],
    "06": [
        "Casablanca",
        "Settat",
        "Mohammedia",
        "El Jadida",
        "Berrechid",
        "Benslimane",
        "Sidi Bennour",
        "Azemmour",
        "Bouskoura",
        "Médiouna",
        "Mediouna",
        "Nouaceur",
        "Dar Bouazza",
        "الدار البيضاء",
        "البيضاء",
        "سطات",
        "المحمدية",
        "الجديدة",
        "برشيد",
        "بنسليمان",
        "سيدي بنور",
        "أزمور",
    ],
    "07": [
        "Marrakech",
        "Marrakesh",
        "Safi",
        "Essaouira",
        "El Kelaa des Sraghna",
        "Kelaat Sraghna",
        "Youssoufia",
        "Chichaoua",
        "Ben Guerir",
        "Benguerir",
        "Tahannaout",
        "Aït Ourir",
        "Ait Ourir",
        "Amizmiz",
        "مراكش",
        "آسفي",
        "اسفي",
        "الصويرة",
        "قلعة السراغنة",
        "اليوسفية",
        "شيشاوة",
        "ابن جرير",
    ],
    "08": [
        "Errachidia",
        "Ouarzazate",
        "Zagora",
        "Tinghir",
        "Tinerhir",
        "Midelt",
        "Rissani",
        "Erfoud",
        "Merzouga",
        "Goulmima",
        "Kelaat M'Gouna",
        "Skoura",
        "الرشيدية",
        "ورزازات",
        "زاكورة",
        "تنغير",
        "ميدلت",
        "الريصاني",
        "أرفود",
    ],
    "09": [
        "Agadir",
        "Inezgane",
        "Aït Melloul",
        "Ait Melloul",
        "Taroudant",
        "Tiznit",
        "Tata",
        "Biougra",
        "Aït Baha",
        "Ait Baha",
        "Ouled Teima",
        "Taliouine",
        "Dcheira",
        "Tafraout",
        "أكادير",
        "انزكان",
        "إنزكان",
        "أيت ملول",
        "تارودانت",
        "تزنيت",
        "طاطا",
        "بيوكرى",
        "أولاد تايمة",
        "تافراوت",
    ],
    "10": [
        "Guelmim",
        "Tan-Tan",
        "Tantan",
        "Sidi Ifni",
        "Assa",
        "Zag",
        "كلميم",
        "طانطان",
        "سيدي إفني",
        "آسا",
    ],
    "11": [
        "Laâyoune",
        "Laayoune",
        "El Aaiún",
        "Boujdour",
        "Smara",
        "Es-Semara",
        "Tarfaya",
        "العيون",
        "بوجدور",
        "السمارة",
        "طرفاية",
    ],
    "12": ["Dakhla", "Aousserd", "Awsard", "الداخلة", "أوسرد"],
}


def _coop_city_key(city):
    """``city`` without accents, hamza seats, case, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", city or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(
        str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
    )
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())


CITY_REGION_CODES = {
    _coop_city_key(city): code
    for code, cities in MA_CITY_REGION.items()
    for city in cities
}

CONSENT_METHODS = [
    ("oral", "Orally"),
    ("signed_form", "Signed form"),
    ("web_form", "Web form"),
    ("till", "At the till"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    country_id = fields.Many2one(default=lambda self: self._coop_default_country())
    coop_consent_method = fields.Selection(
        CONSENT_METHODS,
        string="Consent given",
        tracking=True,
        help="How the customer gave (or withdrew) their consent: orally, on a signed "
        "form, on a web form or at the till. Kept with the dates of each consent.",
    )
    coop_is_customer = fields.Boolean(
        string="Customer",
        compute="_compute_coop_is_customer",
        search="_search_coop_is_customer",
        help="A person or business the cooperative sells to: not a staff member, a "
        "cooperative's own record, a directory cooperative or a record of Odoo's own "
        "(demo) data.",
    )
    coop_duplicate_warning = fields.Char(
        string="Possible duplicate",
        compute="_compute_coop_duplicate_warning",
        help="Another customer you can see has the same phone, or the same name and "
        "city.",
    )

    @api.model
    def _coop_not_customer_queries(self):
        """Subqueries of partner ids that are not customers (issue #21): the companies'
        partners, the partners of internal users (staff, archived ones included), and
        the partners of Odoo's own data files (demo companies, OdooBot...), i.e. those
        with an external id of an addon that is not of the suite nor an import.

        Other addons extend this list (e.g. the trainers of coop_training). Read as
        superuser: they only exclude ids, they reveal nothing."""
        return [
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            ._search([("partner_id", "!=", False)])
            .subselect("partner_id"),
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            ._search([("share", "=", False)])
            .subselect("partner_id"),
            self.env["ir.model.data"]
            .sudo()
            ._search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "!=", False),
                    ("module", "not in", ["__import__", "__export__", "__custom__"]),
                    "!",
                    ("module", "=like", "coop\\_%"),
                ]
            )
            .subselect("res_id"),
        ]

    def _compute_coop_is_customer(self):
        customers = self.browse()
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        if ids:
            customers = self.with_context(active_test=False).search(
                [("id", "in", ids), ("coop_is_customer", "=", True)]
            )
        for partner in self:
            partner.coop_is_customer = partner in customers

    def _search_coop_is_customer(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Operation not supported"))
        positive = (operator == "=") == bool(value)
        queries = self._coop_not_customer_queries()
        if positive:
            return [
                ("is_cooperative", "=", False),
                *[("id", "not in", query) for query in queries],
            ]
        return ["|"] * len(queries) + [
            ("is_cooperative", "=", True),
            *[("id", "in", query) for query in queries],
        ]

    @api.model
    def _coop_default_country(self):
        """Morocco for a new contact created in a Moroccan cooperative (issue #21)."""
        country = self.env.company.country_id
        return country if country.code == "MA" else False

    @api.model
    def _coop_region_from_city(self, city, country=None):
        """The region of ``city`` when it is one of the main cities of Morocco."""
        if not city or (country and country.code != "MA"):
            return self.env["coop.region"]
        code = CITY_REGION_CODES.get(_coop_city_key(city))
        if not code:
            return self.env["coop.region"]
        return self.env["coop.region"].search(
            [("code", "=", code), ("country_id.code", "=", "MA")], limit=1
        )

    @api.onchange("city", "country_id")
    def _onchange_coop_city_region(self):
        for partner in self:
            region = self._coop_region_from_city(partner.city, partner.country_id)
            if region:
                partner.coop_region_id = region

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("city") and not vals.get("coop_region_id"):
                country = self.env["res.country"].browse(vals.get("country_id"))
                if not vals.get("country_id"):
                    country = self._coop_default_country() or country
                region = self._coop_region_from_city(vals["city"], country or None)
                if region:
                    vals["coop_region_id"] = region.id
        return super().create(vals_list)

    @api.depends("name", "phone", "mobile", "city")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_coop_duplicate_warning(self):
        """Search, as the user (their record rules), for another contact with the same
        phone or mobile, or the same name and city: a warning, never a blocking
        error."""
        for partner in self:
            partner.coop_duplicate_warning = partner._coop_find_duplicate_warning()

    def _coop_find_duplicate_warning(self):
        self.ensure_one()
        if self.is_company and self.is_cooperative:
            return False
        phones = set()
        for fname in ("phone", "mobile"):
            number = self[fname]
            if not number:
                continue
            phones.add(number)
            try:
                phones.add(self._coop_normalize_phone(number, self.country_id, fname))
            except ValidationError:
                # a number that cannot be normalized is looked up as typed only
                continue
        domains = []
        if phones:
            phones = list(phones)
            domains.append(["|", ("phone", "in", phones), ("mobile", "in", phones)])
        if self.name and self.city and self.name.strip() and self.city.strip():
            domains.append(
                [
                    ("name", "=ilike", self.name.strip()),
                    ("city", "=ilike", self.city.strip()),
                ]
            )
        if not domains:
            return False
        # same phone OR (same name AND same city): each part normalised before the
        # union, else the implicit AND of the name and city bound the phone's match too
        domain = expression.OR(domains)
        own_id = self._origin.id or self.id
        if isinstance(own_id, int):
            domain = [("id", "!=", own_id), *domain]
        # one query: the names are fetched with the search
        others = self.search_fetch(domain, ["name"], limit=3)
        if not others:
            return False
        return _(
            "A customer you can see looks like this one: %(names)s. Check before "
            "creating a second file.",
            names=", ".join(name for name in others.mapped("name") if name),
        )
