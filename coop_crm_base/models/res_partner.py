import json
import logging
import re
import unicodedata
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize_all, html2plaintext
from odoo.tools.sql import escape_psql

from odoo.addons.phone_validation.tools import phone_validation

from .coop_message_channel import SENDING_CHANNELS
from .crm_team import SALES_CHANNELS

_logger = logging.getLogger(__name__)

try:
    import phonenumbers
except ImportError:  # pragma: no cover - declared in external_dependencies
    phonenumbers = None

CONSENT_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("phone", "Phone"),
    ("whatsapp", "WhatsApp"),
    ("post", "Post"),
]
COOP_PHONE_FIELDS = ("phone", "mobile")

RFM_SEGMENTS = [
    ("champion", "Champion"),
    ("loyal", "Loyal"),
    ("promising", "Promising"),
    ("new", "New"),
    ("at_risk", "At risk"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("active", "Active"),
    ("loyal", "Loyal"),
    ("at_risk", "At risk"),
    ("lost", "Lost"),
]
PARETO_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]
SATISFACTION_LEVELS = [
    ("satisfied", "Satisfied"),
    ("neutral", "Neutral"),
    ("unhappy", "Unhappy"),
]
MARKETING_CHANNELS = ("email", "sms", "phone", "whatsapp", "post")

# One statement recomputes every customer of the given cooperatives (M-4, M-5), from the
# purchase ledger (coop.purchase._coop_purchase_sql, filtered on the cooperatives and on
# the days up to the reference day). %(date_ref)s: reference day; %(date_12m)s: the day
# 12 months before it (the 12-month window is ]date_12m, date_ref]).
# The purchases are aggregated per customer first (one pass over the ledger), then
# joined to the customers; a customer row is written only when one of its figures
# changes (IS DISTINCT FROM, compared with the figures read with the customers, so only
# the changed rows are looked up again), so a daily recompute rewrites the few customers
# who bought or crossed a threshold, not the whole cooperative. Nothing stored depends
# on the day itself: the days since the last purchase and the statistics date are
# computed when read (see _compute_coop_recency_days). RFM: each score is the quintile
# (ntile(5)) of the first position of the customer's value in the ascending order,
# computed from rank() and the number of buyers n (with q = n / 5 and m = mod(n, 5), the
# first m quintiles hold q + 1 customers): tied values always get the same score,
# whatever the ids. Pareto: a customer's class is read from the revenue of the
# customers before them (higher 12-month revenue); customers with the same revenue are
# one group that takes the class of its middle (the revenue of the higher ones plus
# half of the group's others), never a class decided by their ids.
QUINTILE_SQL = """CASE WHEN {rank} <= mod(b.n, 5) * (b.n / 5 + 1)
                 THEN ({rank} - 1) / (b.n / 5 + 1) + 1
                 ELSE mod(b.n, 5)
                      + ({rank} - 1 - mod(b.n, 5) * (b.n / 5 + 1)) / (b.n / 5) + 1
            END"""
CUSTOMER_STATS_SQL = """
UPDATE res_partner p
   SET coop_first_purchase_date = r.first_day,
       coop_last_purchase_date = r.last_day,
       coop_order_count_12m = r.orders_12m,
       coop_amount_12m = r.amount_12m,
       coop_average_basket = r.basket,
       coop_rfm_recency = r.r,
       coop_rfm_frequency = r.f,
       coop_rfm_monetary = r.m,
       coop_rfm_segment = r.segment,
       coop_pareto_class = r.pareto,
       coop_lifecycle_stage = r.lifecycle,
       coop_lifetime_revenue = r.revenue_lifetime,
       coop_cost_to_serve = r.cost_to_serve,
       coop_profit = r.revenue_lifetime - r.cost_to_serve,
       coop_unprofitable = r.revenue_lifetime < r.cost_to_serve,
       coop_first_sales_channel = r.first_channel,
       coop_satisfaction = r.satisfaction
  FROM (
    WITH customer AS (
        SELECT p.id AS partner_id, p.company_id,
               (p.coop_first_purchase_date, p.coop_last_purchase_date,
                p.coop_order_count_12m, p.coop_amount_12m, p.coop_average_basket,
                p.coop_rfm_recency, p.coop_rfm_frequency, p.coop_rfm_monetary,
                p.coop_rfm_segment::text, p.coop_pareto_class::text,
                p.coop_lifecycle_stage::text, p.coop_lifetime_revenue,
                p.coop_cost_to_serve, p.coop_first_sales_channel::text,
                p.coop_satisfaction::text) AS stored
          FROM res_partner p
         WHERE p.company_id = ANY(%(company_ids)s)
           AND p.active
           AND p.id = p.commercial_partner_id
           AND NOT COALESCE(p.is_cooperative, FALSE)
           AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM res_users u
                            WHERE u.partner_id = p.id AND NOT u.share)
    ), purchase AS (
        SELECT pu.partner_id, pu.company_id,
               MIN(pu.date) FILTER (WHERE pu.amount >= 0) AS first_day,
               MAX(pu.date) FILTER (WHERE pu.amount >= 0) AS last_day,
               COUNT(*) FILTER (WHERE pu.amount >= 0 AND pu.date > %(date_12m)s)
                   AS orders_12m,
               SUM(pu.amount) FILTER (WHERE pu.date > %(date_12m)s) AS amount_12m,
               SUM(pu.amount) AS amount_lifetime,
               (array_agg(pu.coop_sales_channel ORDER BY pu.date, pu.id)
                    FILTER (WHERE pu.amount >= 0))[1] AS first_channel
          FROM %(ledger)s AS pu
         GROUP BY pu.partner_id, pu.company_id
    ), service AS (
        SELECT sv.partner_id, sv.company_id, SUM(sv.revenue) AS revenue,
               SUM(sv.cost) AS cost
          FROM (%(service)s) AS sv
         GROUP BY sv.partner_id, sv.company_id
    ), feeling AS (
        -- the customer's last answer to a satisfaction question (CSAT or NPS) up to
        -- the reference day, in the cooperative
        SELECT DISTINCT ON (respondent.commercial_partner_id, ui.coop_company_id)
               respondent.commercial_partner_id AS partner_id,
               ui.coop_company_id AS company_id,
               CASE WHEN q.coop_kpi = 'csat' AND l.value_scale >= 4 THEN 'satisfied'
                    WHEN q.coop_kpi = 'csat' AND l.value_scale <= 2 THEN 'unhappy'
                    WHEN q.coop_kpi = 'nps' AND l.value_scale >= 9 THEN 'satisfied'
                    WHEN q.coop_kpi = 'nps' AND l.value_scale <= 6 THEN 'unhappy'
                    ELSE 'neutral' END AS satisfaction
          FROM survey_user_input ui
          JOIN res_partner respondent ON respondent.id = ui.partner_id
          JOIN survey_user_input_line l ON l.user_input_id = ui.id
          JOIN survey_question q ON q.id = l.question_id
         WHERE ui.coop_company_id = ANY(%(company_ids)s) AND ui.state = 'done'
           AND NOT COALESCE(ui.test_entry, FALSE)
           AND NOT COALESCE(l.skipped, FALSE) AND q.coop_kpi IS NOT NULL
           AND COALESCE(ui.end_datetime, ui.write_date)::date <= %(date_ref)s
         ORDER BY respondent.commercial_partner_id, ui.coop_company_id,
                  COALESCE(ui.end_datetime, ui.write_date) DESC, ui.id DESC,
                  q.coop_kpi, l.id
    ), behaviour AS (
        SELECT c.partner_id, c.company_id, c.stored, pu.first_day, pu.last_day,
               COALESCE(pu.orders_12m, 0) AS orders_12m,
               COALESCE(pu.amount_12m, 0) AS amount_12m,
               ROUND((COALESCE(pu.amount_lifetime, 0)
                      + COALESCE(sv.revenue, 0))::numeric, 2) AS revenue_lifetime,
               ROUND(COALESCE(sv.cost, 0)::numeric, 2) AS cost_to_serve,
               pu.first_channel, fe.satisfaction
          FROM customer c
          LEFT JOIN purchase pu ON pu.partner_id = c.partner_id
                               AND pu.company_id = c.company_id
          LEFT JOIN service sv ON sv.partner_id = c.partner_id
                              AND sv.company_id = c.company_id
          LEFT JOIN feeling fe ON fe.partner_id = c.partner_id
                              AND fe.company_id = c.company_id
    ), ranked AS (
        SELECT b.partner_id,
               rank() OVER (PARTITION BY b.company_id ORDER BY b.last_day) AS r_rank,
               rank() OVER (PARTITION BY b.company_id ORDER BY b.orders_12m) AS f_rank,
               rank() OVER (PARTITION BY b.company_id ORDER BY b.amount_12m) AS m_rank,
               COUNT(*) OVER (PARTITION BY b.company_id) AS n,
               COALESCE(SUM(b.amount_12m) OVER (
                            PARTITION BY b.company_id ORDER BY b.amount_12m DESC
                            RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                            EXCLUDE GROUP), 0)
               + (SUM(b.amount_12m) OVER (PARTITION BY b.company_id, b.amount_12m)
                  - b.amount_12m) / 2
                   AS revenue_before,
               SUM(b.amount_12m) OVER (PARTITION BY b.company_id) AS revenue_total
          FROM behaviour b
         WHERE b.first_day IS NOT NULL
    ), scored AS (
        SELECT b.partner_id, b.revenue_before, b.revenue_total,
               %(r_tile)s AS r, %(f_tile)s AS f, %(m_tile)s AS m
          FROM ranked b
    )
    , result AS (
    SELECT b.partner_id, b.stored, b.first_day, b.last_day, b.orders_12m, b.amount_12m,
           b.revenue_lifetime, b.cost_to_serve, b.first_channel, b.satisfaction,
           CASE WHEN b.orders_12m > 0 THEN ROUND(b.amount_12m / b.orders_12m, 2)
                ELSE 0 END
               AS basket,
           COALESCE(s.r, 0) AS r, COALESCE(s.f, 0) AS f, COALESCE(s.m, 0) AS m,
           CASE WHEN s.partner_id IS NULL THEN NULL
                WHEN s.r >= 4 AND s.f >= 4 AND s.m >= 4 THEN 'champion'
                WHEN s.r >= 3 AND s.f >= 3 THEN 'loyal'
                WHEN s.r >= 4 AND s.f = 1 THEN 'new'
                WHEN s.r >= 3 THEN 'promising'
                WHEN s.f >= 3 THEN 'at_risk'
                WHEN s.r = 2 THEN 'hibernating'
                ELSE 'lost' END AS segment,
           CASE WHEN s.partner_id IS NULL THEN NULL
                WHEN b.amount_12m > 0 AND s.revenue_before
                     < s.revenue_total * co.coop_pareto_a_percent / 100 THEN 'A'
                WHEN b.amount_12m > 0 AND s.revenue_before
                     < s.revenue_total * (co.coop_pareto_a_percent
                                          + co.coop_pareto_b_percent) / 100 THEN 'B'
                ELSE 'C' END AS pareto,
           CASE WHEN b.first_day IS NULL THEN 'prospect'
                WHEN %(date_ref)s::date - b.last_day > co.coop_lifecycle_lost_days
                    THEN 'lost'
                WHEN %(date_ref)s::date - b.last_day > co.coop_lifecycle_at_risk_days
                    THEN 'at_risk'
                WHEN %(date_ref)s::date - b.first_day <= co.coop_lifecycle_new_days
                    THEN 'new'
                WHEN b.orders_12m >= co.coop_lifecycle_loyal_orders THEN 'loyal'
                ELSE 'active' END AS lifecycle
      FROM behaviour b
      JOIN res_company co ON co.id = b.company_id
      LEFT JOIN scored s ON s.partner_id = b.partner_id
    )
    SELECT * FROM result
     WHERE stored IS DISTINCT FROM
           (first_day, last_day, orders_12m::int, amount_12m, basket, r::int, f::int,
            m::int, segment, pareto, lifecycle, revenue_lifetime, cost_to_serve,
            first_channel::text, satisfaction)
  ) r
 WHERE p.id = r.partner_id
"""

# stored figures written by CUSTOMER_STATS_SQL, and the fields computed from them
STATS_FIELDS = [
    "coop_first_purchase_date",
    "coop_last_purchase_date",
    "coop_recency_days",
    "coop_order_count_12m",
    "coop_amount_12m",
    "coop_average_basket",
    "coop_rfm_recency",
    "coop_rfm_frequency",
    "coop_rfm_monetary",
    "coop_rfm_segment",
    "coop_pareto_class",
    "coop_lifecycle_stage",
    "coop_stats_date",
    "coop_lifetime_revenue",
    "coop_cost_to_serve",
    "coop_profit",
    "coop_unprofitable",
    "coop_first_sales_channel",
    "coop_satisfaction",
]

# personal fields blanked by the erasure (M-9), besides the name
ERASED_FIELDS = [
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "vat",
    "website",
    "function",
    "title",
    "comment",
    "ref",
    "image_1920",
    "industry_id",
    "coop_profession",
    "coop_household_size",
    "coop_income_band",
    "coop_housing_type",
    "coop_business_size",
    "coop_preferred_channel",
    "category_id",
    "coop_consent_email",
    "coop_consent_sms",
    "coop_consent_phone",
    "coop_consent_whatsapp",
    "coop_consent_post",
    "coop_consent_method",
    "coop_region_id",
]
EXPORT_SKIPPED_TYPES = ("binary", "one2many")
NO_TRACK = dict(tracking_disable=True, mail_notrack=True, mail_create_nolog=True)

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
    """Customer file (M-3), directory cooperatives (M-1) and membership (M-2)."""

    _name = "res.partner"
    _inherit = ["res.partner", "coop.identity.mixin"]

    company_id = fields.Many2one(default=lambda self: self._default_coop_company())

    # M-1 directory cooperatives -------------------------------------------------
    is_cooperative = fields.Boolean(
        string="Is a cooperative",
        help="A cooperative known from a directory, not necessarily running on this "
        "database.",
    )
    coop_declared_member_count = fields.Integer(
        string="Declared members",
        help="Number of members declared by a directory cooperative.",
    )

    # M-2 membership ---------------------------------------------------------------
    coop_membership_ids = fields.One2many(
        "coop.membership", "partner_id", string="Memberships"
    )
    coop_membership_count = fields.Integer(compute="_compute_coop_membership")
    coop_member_state = fields.Selection(
        selection=lambda self: self.env["coop.membership"]._fields["state"].selection,
        string="Membership state",
        compute="_compute_coop_membership",
        help="State of the membership in the current cooperative.",
    )
    is_coop_member = fields.Boolean(
        string="Active member",
        compute="_compute_coop_membership",
        search="_search_is_coop_member",
        help="Active member of the current cooperative.",
    )

    # M-3 customer file --------------------------------------------------------------
    coop_customer_type = fields.Selection(
        [("individual", "Individual"), ("business", "Business")],
        string="Customer type",
        compute="_compute_coop_customer_type",
        store=True,
        readonly=False,
    )
    coop_profession = fields.Char(string="Profession")
    coop_household_size = fields.Integer(string="Household size")
    coop_income_band = fields.Selection(
        [
            ("low", "Low"),
            ("lower_middle", "Lower middle"),
            ("upper_middle", "Upper middle"),
            ("high", "High"),
        ],
        string="Income band",
    )
    coop_housing_type = fields.Selection(
        [
            ("owner", "Owner"),
            ("tenant", "Tenant"),
            ("family", "Lodged by family"),
            ("other", "Other"),
        ],
        string="Housing type",
    )
    coop_business_size = fields.Selection(
        [
            ("micro", "Micro (under 10 people)"),
            ("small", "Small (10 to 49)"),
            ("medium", "Medium (50 to 249)"),
            ("large", "Large (250 and more)"),
        ],
        string="Business size",
    )
    coop_preferred_channel = fields.Selection(
        CONSENT_CHANNELS, string="Preferred channel", tracking=True
    )
    coop_consent_email = fields.Boolean("Consent: email", tracking=True)
    coop_consent_email_date = fields.Date(
        "Email consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_sms = fields.Boolean("Consent: SMS", tracking=True)
    coop_consent_sms_date = fields.Date(
        "SMS consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_phone = fields.Boolean("Consent: phone", tracking=True)
    coop_consent_phone_date = fields.Date(
        "Phone consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_whatsapp = fields.Boolean("Consent: WhatsApp", tracking=True)
    coop_consent_whatsapp_date = fields.Date(
        "WhatsApp consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_post = fields.Boolean("Consent: post", tracking=True)
    coop_consent_post_date = fields.Date(
        "Post consent date",
        help="Date the consent was given or withdrawn.",
    )

    @api.constrains("coop_household_size")
    def _check_coop_household_size(self):
        for partner in self:
            if partner.coop_household_size < 0:
                raise ValidationError(
                    _(
                        "%(partner)s: the household size cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    @api.model
    def _default_coop_company(self):
        company = self.env.company
        if company.coop_private_customers and self.env.user.has_group(
            "coop_crm_base.group_coop_user"
        ):
            return company
        return False

    # ------------------------------------------------------------------ computes
    @api.depends("is_company")
    def _compute_coop_customer_type(self):
        for partner in self:
            partner.coop_customer_type = (
                "business" if partner.is_company else "individual"
            )

    @api.depends_context("company")
    @api.depends("coop_membership_ids.state", "coop_membership_ids.company_id")
    def _compute_coop_membership(self):
        company = self.env.company
        for partner in self:
            memberships = partner.coop_membership_ids
            current = (
                memberships.filtered(
                    lambda m: m.company_id == company
                    and m.state in ("candidate", "active", "suspended")
                )[:1]
                or memberships.filtered(lambda m: m.company_id == company)[:1]
            )
            partner.coop_membership_count = len(memberships)
            partner.coop_member_state = current.state
            partner.is_coop_member = current.state == "active"

    def _search_is_coop_member(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Operation not supported"))
        positive = (operator == "=") == bool(value)
        subquery = (
            self.env["coop.membership"]
            ._search(
                [("state", "=", "active"), ("company_id", "=", self.env.company.id)]
            )
            .subselect("partner_id")
        )
        return [("id", "in" if positive else "not in", subquery)]

    # ------------------------------------------------------------------ phones
    @api.model
    def _coop_normalize_phone(self, number, country, field_label):
        """Return ``number`` in E.164, or raise a ValidationError naming the field.

        Numbers without a country prefix are read in the partner's country, or
        Morocco when it has none (``06…``, ``07…``, ``05…``, ``+212…``, ``00212…``).
        """
        if not number or not phonenumbers:
            return number
        country = country or self.env.ref("base.ma")
        raw = number.strip()
        if raw.startswith("00"):
            raw = "+" + raw[2:]
        try:
            parsed = phone_validation.phone_parse(raw, country.code)
            valid = phonenumbers.is_valid_number(parsed)
        except Exception:  # UserError from phone_parse, parse errors
            # never log the number itself: logs must hold no personal data (M-9)
            _logger.debug("a phone number could not be parsed")
            valid = False
        # data files of other addons (e.g. event's demo "+1 418 123 4567") load as they
        # are: the check is for people, imports and the API, not for Odoo's own data.
        # Only while the registry loads modules (not ready: no request is served then),
        # as superuser (data files) and for a data file of another addon: the context
        # key alone, which any client can send, relaxes nothing (X-6, issue #14).
        if not valid and self._coop_loading_foreign_data():
            return number
        if not valid:
            raise ValidationError(
                _(
                    "%(field)s: %(value)s is not a valid phone number. Use a national "
                    "form such as 0612345678 or an international one such as "
                    "+212612345678.",
                    field=field_label,
                    value=number,
                )
            )
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    def _coop_loading_foreign_data(self):
        """True while the data files of an addon that is not of the suite are loaded."""
        installing = self.env.context.get("install_module") or ""
        return (
            not self.env.registry.ready
            and self.env.su
            and bool(installing)
            and not installing.startswith("coop_")
        )

    def _coop_prepare_phone_vals(self, vals):
        """Normalise the phone fields of ``vals`` in place (create and write)."""
        for fname in COOP_PHONE_FIELDS:
            if vals.get(fname):
                country = (
                    self.env["res.country"].browse(vals["country_id"])
                    if vals.get("country_id")
                    else self[:1].country_id
                )
                label = self._fields[fname].get_description(self.env)["string"]
                vals[fname] = self._coop_normalize_phone(vals[fname], country, label)
        return vals

    def _coop_stamp_consent_dates(self, vals):
        """Date each consent given or withdrawn in ``vals`` (unless a date is given)."""
        today = fields.Date.context_today(self)
        for code, _label in CONSENT_CHANNELS:
            fname, date_fname = f"coop_consent_{code}", f"coop_consent_{code}_date"
            if fname not in vals or date_fname in vals:
                continue
            if not self:  # creation: date a consent that is given
                if vals[fname]:
                    vals[date_fname] = today
            elif any(bool(p[fname]) != bool(vals[fname]) for p in self):
                vals[date_fname] = today
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a customer met at a souk: the region from the city, Morocco by default
            if vals.get("city") and not vals.get("coop_region_id"):
                country = self.env["res.country"].browse(vals.get("country_id"))
                if not vals.get("country_id"):
                    country = self._coop_default_country() or country
                region = self._coop_region_from_city(vals["city"], country or None)
                if region:
                    vals["coop_region_id"] = region.id
        for vals in vals_list:
            self._coop_prepare_phone_vals(vals)
            self._coop_stamp_consent_dates(vals)
        return super().create(vals_list)

    def _coop_check_identity_write(self):
        """A cooperative's own partner (its name, address, logo and the identity fields
        of ``coop.identity.mixin``) is edited only by the users of that cooperative, the
        managers of its union, and the settings administrators (who may give themselves
        any company anyway): not by the users of another cooperative, to whom Odoo shows
        the companies' partners (X-1, issue #14)."""
        if self.env.su or not any(partner.is_company for partner in self):
            return
        user = self.env.user
        if user.has_group("base.group_erp_manager"):
            return
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", self.ids)])
        )
        union_manager = user.has_group("coop_crm_base.group_union_manager")
        for company in companies:
            if company in user.company_ids:
                continue
            if union_manager and company.parent_ids & user.company_ids:
                continue
            raise AccessError(
                _(
                    "Only the users of a cooperative and the managers of its union "
                    "can change its name, address and identity."
                )
            )

    def write(self, vals):
        self._coop_check_identity_write()
        if (
            any(vals.get(fname) for fname in COOP_PHONE_FIELDS)
            and "country_id" not in vals
        ):
            # the country may differ per partner: normalise partner by partner
            by_country = self.grouped("country_id")
            if len(by_country) > 1:
                for partners in by_country.values():
                    partners.write(dict(vals))
                return True
        self._coop_prepare_phone_vals(vals)
        self._coop_stamp_consent_dates(vals)
        return super().write(vals)

    # ---------------------------------- Channel of the messages to the person

    coop_message_log_ids = fields.One2many(
        "coop.message.log",
        "partner_id",
        string="Messages sent",
        groups="coop_crm_base.group_coop_user",
    )

    def _coop_message_channels(self, company, consented=(), channels=SENDING_CHANNELS):
        """The channel of a message to each partner of ``self`` (X-7).

        Returns ``{partner_id: (channel, detail)}``: ``detail`` is the SMS number for
        ``sms``, the reason code (``NOT_SENT_REASONS``) for ``none``. ``consented``
        adds channels the record itself vouches for (a claim received by e-mail is
        answered by e-mail); ``channels`` limits the channels the message has (a
        survey has no letter)."""
        # Odoo's mail.thread.phone: the mobile, else the phone, in E.164 (stored), and
        # whether it is on phone.blacklist (one search for the whole recordset)
        partners = self.sudo()
        company_order = (company.coop_channel_order or "email,sms,post").split(",")
        result = {}
        for partner in partners:
            number = partner.phone_sanitized
            usable, reasons = {}, []
            consents = {
                channel
                for channel in channels
                if partner[f"coop_consent_{channel}"] or channel in consented
            }
            if "email" in consents:
                if not partner.email_normalized:
                    reasons.append("no_email")
                elif partner.is_blacklisted:
                    reasons.append("email_blacklisted")
                else:
                    usable["email"] = partner.email_normalized
            if "sms" in consents:
                if not number:
                    reasons.append("no_number")
                elif partner.phone_sanitized_blacklisted:
                    reasons.append("number_blacklisted")
                else:
                    usable["sms"] = number
            if "post" in consents:
                if not (partner.street and partner.city):
                    reasons.append("no_address")
                else:
                    usable["post"] = True
            preferred = partner.coop_preferred_channel
            order = [channel for channel in company_order if channel in channels]
            for channel in ([preferred] if preferred in usable else []) + order:
                if channel in usable:
                    result[partner.id] = (channel, usable[channel])
                    break
            else:
                if reasons:
                    reason = reasons[0]
                elif any(
                    partner[f"coop_consent_{channel}"] or channel in consented
                    for channel in SENDING_CHANNELS
                ):
                    # consent to a channel this message cannot go on (an e-mail only
                    # message to a person reached by SMS, a survey to one by post)
                    reason = "no_channel_consent"
                else:
                    reason = "no_consent"
                result[partner.id] = ("none", reason)
        return result

    # ------------------------------------- One customer, one cooperative

    def _mail_get_alias_domains(self, default_company=False):
        """The alias domain of each contact's company, read whatever the companies the
        user may read (X-1).

        With the suite a contact belongs to the cooperative it was created in, an
        employee's contact included, which every employee reads (Odoo's rule on
        contacts): Odoo's composer reads the alias domain of each recipient's company
        as the sender, so a mailing of one cooperative's user that reaches a colleague
        of another cooperative stopped on that company (Odoo's own mass mailing tests,
        with coop_campaign).
        The companies are read as Odoo's mail thread does (sudo); the domains are
        returned in the caller's environment."""
        domains = super(ResPartner, self.sudo())._mail_get_alias_domains(
            default_company=default_company or self.env.company
        )
        return {
            partner_id: domain.with_env(self.env)
            for partner_id, domain in domains.items()
        }

    def _coop_check_customer_for(self, company, what):
        """Refuse a ``what`` (a membership, a claim, a card...) of ``company`` for these
        partners when they belong to another cooperative (X-1, X-6).

        The one check of the suite, called by ``create``/``write`` before Odoo's generic
        company check. Order matters: a partner the user cannot read gives an error that
        names nothing (no name, no cooperative); a readable partner of another
        cooperative (a union manager's case) gives a message that names the customer's
        cooperative and says what to do.
        """
        user = self.env.user
        if (
            company
            and not self.env.su
            and not (
                company in user.company_ids
                or company.sudo().parent_ids & user.company_ids
            )
        ):
            # a cooperative the user does not work for (nor its union): name nothing of
            # it
            raise AccessError(
                _(
                    "You cannot make a %(what)s for a cooperative you do not work for.",
                    what=what,
                )
            )
        company = company.sudo()
        for partner in self:
            if not partner.exists():
                raise UserError(_("This customer does not exist (any more)."))
            if not self.env.su and not partner.has_access("read"):
                raise AccessError(
                    _(
                        "You cannot use this customer for a %(what)s: it is not one "
                        "of the customers of your cooperative.",
                        what=what,
                    )
                )
            owner = partner.sudo().company_id
            if not owner or not company:
                continue
            if owner == company or owner in company.parent_ids:
                # the cooperative's own customers, and customers shared at union level
                continue
            raise UserError(
                _(
                    "%(customer)s is a customer of %(owner)s, not of %(company)s: a "
                    "%(what)s of %(company)s cannot be made for them. Create the "
                    "customer at union level (without a cooperative) to share them, "
                    "or create them in %(company)s.",
                    customer=partner.display_name,
                    owner=owner.display_name,
                    company=company.display_name,
                    what=what,
                )
            )
        return True

    # --------------------------------------------- Behaviour, segmentation, consent
    # Customer behaviour, segmentation and marketing consent (M-4, M-5, M-9).
    #
    # The figures are stored and recomputed in batch, per cooperative, by
    # :meth:`_coop_recompute_customer_stats` (scheduled action, and the button
    # *Recompute customer statistics* of the cooperative). A customer is a
    # commercial partner owned by the cooperative (``company_id``); its purchases
    # are the rows of the purchase ledger (``coop.purchase``) of that cooperative:
    # confirmed sale orders and customer invoices without order, placed for it or for
    # one of its contacts, minus the credit notes.

    coop_currency_id = fields.Many2one(
        "res.currency", compute="_compute_coop_currency_id"
    )
    coop_stats_date = fields.Date(
        "Statistics date",
        compute="_compute_coop_recency_days",
        help="Reference day of the last recompute of the customer statistics.",
    )
    coop_first_purchase_date = fields.Date(
        "First purchase",
        readonly=True,
        copy=False,
        help="Day of the customer's first purchase from the cooperative (a confirmed "
        "sale order or an invoice without order).",
    )
    coop_last_purchase_date = fields.Date(
        "Last purchase",
        readonly=True,
        copy=False,
        help="Day of the last purchase up to the statistics date.",
    )
    coop_recency_days = fields.Integer(
        "Days since last purchase",
        compute="_compute_coop_recency_days",
        help="Statistics date minus last purchase date, in days.",
    )
    coop_order_count_12m = fields.Integer(
        "Orders (12 months)",
        readonly=True,
        copy=False,
        help="Purchases (confirmed sale orders and invoices without order) in the 12 "
        "months up to the statistics date; credit notes are not purchases.",
    )
    coop_amount_12m = fields.Monetary(
        "Revenue (12 months)",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        help="Untaxed amount of the purchases of those 12 months minus their credit "
        "notes, in the cooperative's currency.",
    )
    coop_average_basket = fields.Monetary(
        "Average basket",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        help="Revenue (12 months) / orders (12 months); 0 without order.",
    )
    coop_rfm_recency = fields.Integer(
        "R score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Recency quintile (5 = most recent buyers) within the cooperative; "
        "customers with the same last purchase day have the same score; 0: no "
        "purchase.",
    )
    coop_rfm_frequency = fields.Integer(
        "F score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Frequency quintile (5 = most orders in 12 months) within the "
        "cooperative.",
    )
    coop_rfm_monetary = fields.Integer(
        "M score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Monetary quintile (5 = highest 12-month revenue) within the cooperative.",
    )
    coop_rfm_score = fields.Char(
        "RFM",
        compute="_compute_coop_rfm_score",
        help="Three digits from 1 to 5, compared with the cooperative's other buyers: "
        "Recency (5 = bought most recently), Frequency (5 = most orders in 12 "
        "months), Monetary (5 = highest 12-month revenue). 555 is the best customer, "
        "111 one who bought little, rarely and long ago; empty: no purchase yet.",
    )
    coop_rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="Segment",
        readonly=True,
        copy=False,
        index=True,
        help="RFM segment: a name for the three RFM digits, which compare the "
        "customer with the cooperative's other buyers (e.g. Champion: bought "
        "recently, often and much). Not the lifecycle stage, which only follows the "
        "dates of the purchases: a customer may be at the 'Loyal' stage and in the "
        "'At risk' segment.",
    )
    coop_pareto_class = fields.Selection(
        PARETO_CLASSES,
        string="Pareto class",
        readonly=True,
        copy=False,
        index=True,
        help="A: the best customers who together make the first share (80% by default) "
        "of the cooperative's 12-month revenue; B: the next share (15% by default); "
        "C: the rest, including customers without purchases. The shares are set in the "
        "cooperative's settings.",
    )
    coop_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Lifecycle stage",
        readonly=True,
        copy=False,
        index=True,
        help="Where the customer stands, from the dates of their purchases only: "
        "prospect (no purchase), new, active, loyal (many orders in 12 months), at "
        "risk or lost (no purchase for a while; thresholds in the cooperative's "
        "settings). Not the RFM segment, which compares the customer with the other "
        "buyers.",
    )

    # R-3 (issue #17): what the customer brought and what keeping them cost
    coop_lifetime_revenue = fields.Monetary(
        "Lifetime revenue",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="Untaxed purchases of the customer from the cooperative since the first "
        "one, up to the statistics date, net of returns, in the cooperative's "
        "currency; the discounts of rewards and the refunds of claims are not "
        "deducted here: they are in the cost to serve.",
    )
    coop_cost_to_serve = fields.Monetary(
        "Cost to serve",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="What keeping the customer cost the cooperative up to the statistics "
        "date: compensations of their claims, rewards and vouchers they used, "
        "ristournes paid to them.",
    )
    coop_profit = fields.Monetary(
        "Profit",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="Lifetime revenue minus cost to serve.",
    )
    coop_unprofitable = fields.Boolean(
        "Not profitable",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="The customer cost the cooperative more than they brought in.",
    )
    coop_first_sales_channel = fields.Selection(
        SALES_CHANNELS,
        "First sales channel",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="Sales channel of the customer's first purchase: where the cooperative "
        "won them.",
    )

    # R-4 (issue #17): satisfaction crossed with loyalty
    coop_satisfaction = fields.Selection(
        SATISFACTION_LEVELS,
        "Satisfaction",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer's last answer to a satisfaction question of the "
        "cooperative: satisfied (CSAT 4 or 5, NPS 9 or 10), neutral, unhappy (CSAT 1 "
        "or 2, NPS 0 to 6). Satisfaction does not make loyalty: see the filters "
        "Satisfied but at risk and Unhappy but loyal.",
    )

    coop_interaction_ids = fields.One2many(
        "coop.interaction", "partner_id", "Interactions"
    )
    coop_interaction_count = fields.Integer(compute="_compute_coop_interaction_count")

    def _compute_coop_interaction_count(self):
        counts = dict(
            self.env["coop.interaction"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.coop_interaction_count = counts.get(partner._origin, 0)

    def action_coop_open_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_crm_base.action_coop_interaction"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_company_id": (self.company_id or self.env.company).id,
        }
        return action

    def action_coop_schedule_appointment(self):
        """Open a new calendar appointment with this customer (M-6)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Appointment with %s", self.display_name),
            "res_model": "calendar.event",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_coop_partner_id": self.id,
                "default_name": _("Appointment with %s", self.display_name),
                "default_partner_ids": [self.env.user.partner_id.id, self.id],
            },
        }

    @api.depends("company_id")
    def _compute_coop_currency_id(self):
        for partner in self:
            partner.coop_currency_id = (
                partner.company_id or self.env.company
            ).currency_id

    @api.depends(
        "company_id.coop_stats_reference_date",
        "coop_lifecycle_stage",
        "coop_last_purchase_date",
    )
    def _compute_coop_recency_days(self):
        """Statistics date and days since the last purchase, from the stored figures.

        Neither is stored: both change every day for every customer, and storing them
        made each recompute rewrite every customer row (issue 8). The statistics date
        of a scored customer (it has a lifecycle stage) is the reference day of its
        cooperative's last recompute; the days since the last purchase are counted up
        to that day, as the stored stages are.
        """
        days = {
            company.id: company.coop_stats_reference_date for company in self.company_id
        }
        for partner in self:
            day = partner.coop_lifecycle_stage and days.get(partner.company_id.id)
            partner.coop_stats_date = day or False
            last = partner.coop_last_purchase_date
            partner.coop_recency_days = (day - last).days if day and last else 0

    @api.depends("coop_rfm_recency", "coop_rfm_frequency", "coop_rfm_monetary")
    def _compute_coop_rfm_score(self):
        for partner in self:
            scores = (
                partner.coop_rfm_recency,
                partner.coop_rfm_frequency,
                partner.coop_rfm_monetary,
            )
            partner.coop_rfm_score = "".join(map(str, scores)) if all(scores) else False

    # ------------------------------------------------------------------ recompute
    @api.model
    def _coop_recompute_customer_stats(self, companies, date_ref=None):
        """Recompute the behaviour and segmentation of the customers of ``companies``.

        One SQL statement for all the cooperatives, whatever their size (no loop per
        partner); it writes only the customers whose figures change. The purchases are
        the rows of the purchase ledger (:meth:`coop.purchase._coop_purchase_sql`, in
        the cooperative's currency, for the commercial partner); a row with a negative
        amount is a credit note, not a purchase. With D the reference day (``date_ref``,
        today by default) and the 12-month window ]D - 12 months, D]:

        * first / last purchase: min / max day of the customer's purchases <= D;
        * days since last purchase = D - last purchase (computed when read, from the
          cooperative's reference day D, not stored);
        * orders (12 months) = number of purchases in the window;
        * revenue (12 months) = sum of the ledger's amounts in the window (credit notes
          included);
        * average basket = revenue (12 months) / orders (12 months), 0 if no order.

        RFM (customers with at least one purchase, per cooperative): each score is the
        quintile of the customer in the ascending order of last purchase day (R),
        purchases in 12 months (F), revenue in 12 months (M): with n customers, as
        ``ntile(5)``, the first ceil(n/5) positions get 1, and so on up to 5; customers
        with the same value share the score of the first position of that value (ties
        are never broken by another measure or by the id, so a customer with one
        purchase scores like every other customer with one purchase).

        Segment, first rule that matches: R>=4, F>=4, M>=4 champion; R>=3, F>=3 loyal;
        R>=4, F=1 new; R>=3 promising; F>=3 at risk; R=2 hibernating; else lost.

        Pareto: customers sorted by decreasing 12-month revenue; a customer is A when
        the revenue before it is < a% of the total, B when it is < (a+b)% and C
        otherwise (C also holds customers without revenue in 12 months); a, b: company
        settings. The revenue before a customer is that of the customers with a higher
        revenue, plus half that of the others with the same revenue: customers with the
        same revenue are in the class of their group's middle, never split by id.

        Profitability (R-3): lifetime revenue = the ledger's amounts up to D plus the
        revenue the cost sources add back (the discounts of rewards, the refunds of
        claims, counted in the ledger as lower sales); cost to serve = the sum of the
        cost sources (:meth:`_coop_cost_to_serve_sources`); profit = revenue - cost;
        not profitable when the profit is negative. The first sales channel is that of
        the first purchase.

        Lifecycle, first rule that matches (company settings in days / orders):
        no purchase: prospect; D - last purchase > lost days: lost; > at-risk days:
        at risk; D - first purchase <= new days: new; orders (12 months) >= loyal
        orders: loyal; else active.

        :return: the number of customers whose figures changed (and were written)
        """
        companies = companies.sudo()
        if not companies:
            return 0
        date_ref = date_ref or fields.Date.context_today(self)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                CUSTOMER_STATS_SQL,
                company_ids=companies.ids,
                date_ref=date_ref,
                date_12m=date_ref - relativedelta(months=12),
                ledger=self.env["coop.purchase"]._coop_purchase_sql(
                    companies.ids, date_to=date_ref
                ),
                service=self._coop_cost_to_serve_sql(companies.ids, date_ref),
                r_tile=SQL(QUINTILE_SQL.format(rank="b.r_rank")),
                f_tile=SQL(QUINTILE_SQL.format(rank="b.f_rank")),
                m_tile=SQL(QUINTILE_SQL.format(rank="b.m_rank")),
            )
        )
        changed = self.env.cr.rowcount
        companies.write(
            {
                "coop_stats_date": fields.Datetime.now(),
                "coop_stats_reference_date": date_ref,
            }
        )
        self.invalidate_model(STATS_FIELDS)
        return changed

    @api.model
    def _coop_cost_to_serve_sources(self, company_ids, date_to):
        """Extension point (R-3): what serving each customer cost, a list of SQL
        ``SELECT company_id, partner_id, revenue, cost`` (``partner_id`` the commercial
        partner; amounts in the cooperative's currency), for the cooperatives
        ``company_ids`` and the days up to ``date_to``. ``cost`` adds to the customer's
        cost to serve; ``revenue`` adds to their lifetime revenue what the purchase
        ledger counts as a lower sale but is a cost (a reward's discount, a claim's
        refund), so that it is counted once, as a cost. An addon adds its own::

            def _coop_cost_to_serve_sources(self, company_ids, date_to):
                return super()._coop_cost_to_serve_sources(company_ids, date_to) + [
                    SQL("SELECT ... WHERE x.company_id = ANY(%s) ...", company_ids)
                ]
        """
        return []

    @api.model
    def _coop_cost_to_serve_sql(self, company_ids, date_to):
        sources = self._coop_cost_to_serve_sources(list(company_ids), date_to)
        if not sources:
            return SQL(
                "SELECT NULL::int AS company_id, NULL::int AS partner_id,"
                " 0::numeric AS revenue, 0::numeric AS cost WHERE FALSE"
            )
        return SQL(" UNION ALL ").join(
            SQL(
                "SELECT source.company_id, source.partner_id,"
                " source.revenue::numeric, source.cost::numeric FROM (%s) AS source",
                source,
            )
            for source in sources
        )

    # ------------------------------------------------------------------ consent (M-9)
    def _coop_with_consent(self, channel):
        """The partners of ``self`` that may receive marketing on ``channel``.

        A partner qualifies when its consent for the channel is on and, for email,
        SMS and WhatsApp, it has an address or a mobile/phone number.
        """
        if channel not in MARKETING_CHANNELS:
            raise UserError(_("Unknown marketing channel: %s", channel))
        domain = [("id", "in", self.ids), (f"coop_consent_{channel}", "=", True)]
        if channel == "email":
            domain.append(("email", "!=", False))
        elif channel in ("sms", "whatsapp", "phone"):
            domain += ["|", ("mobile", "!=", False), ("phone", "!=", False)]
        return self.search(domain)

    def action_coop_mail_segment(self):
        """Open Odoo's mail composer in mass mode on the consenting partners of
        ``self``.

        Partners without email consent (or without an email address) are left out.
        """
        recipients = self._coop_with_consent("email")
        if not recipients:
            raise UserError(
                _(
                    "None of the %(count)s selected partners has given consent to "
                    "receive emails (or has an email address).",
                    count=len(self),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Send an email to %(count)s consenting partners (%(skipped)s left out)",
                count=len(recipients),
                skipped=len(self) - len(recipients),
            ),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_composition_mode": "mass_mail",
                "default_model": "res.partner",
                "default_res_ids": recipients.ids,
                "coop_skipped_partner_ids": (self - recipients).ids,
            },
        }

    def action_coop_sms_segment(self):
        """Open Odoo's SMS composer in mass mode on the consenting partners of ``self``.

        Partners without SMS consent (or without a mobile or phone number) are left out.
        """
        recipients = self._coop_with_consent("sms")
        if not recipients:
            raise UserError(
                _(
                    "None of the %(count)s selected partners has given consent to "
                    "receive text messages (or has a phone number).",
                    count=len(self),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Send an SMS to %(count)s consenting partners (%(skipped)s left out)",
                count=len(recipients),
                skipped=len(self) - len(recipients),
            ),
            "res_model": "sms.composer",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_composition_mode": "mass",
                "default_res_model": "res.partner",
                "default_res_ids": repr(recipients.ids),
                "default_mass_keep_log": True,
                "coop_skipped_partner_ids": (self - recipients).ids,
            },
        }

    # ---------------------------------------------------------------- Personal data
    # Personal data export and erasure of a customer (M-9), per cooperative
    # (issue #14).
    #
    # A request covers the records of the cooperatives it is made for (its *scope*): the
    # cooperatives active in the session of the user who asks (a union manager: with
    # their branches), or every cooperative for the person's own request from the
    # portal. The records each cooperative keeps about the person are listed by
    # ``_coop_privacy_sources`` (each addon adds its own: claims, cards, registrations);
    # a record belongs to the scope when its cooperative does.
    #
    # The person themselves (name, contact details, chatter of the partner, portal
    # login, blacklist rows) belong to the request when no cooperative outside the scope
    # keeps a record about them, or the partner is private to a cooperative of the
    # scope: a cooperative never erases the identity of a person another cooperative
    # still serves.

    coop_anonymized_date = fields.Datetime("Anonymised on", readonly=True, copy=False)
    coop_erased_company_ids = fields.Many2many(
        "res.company",
        "coop_partner_erased_company_rel",
        "partner_id",
        "company_id",
        string="Erased by",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Cooperatives that erased their records about this person: the "
        "person is erased once no other cooperative keeps records about them.",
    )

    # ------------------------------------------------------------------ scope
    def _coop_check_privacy_rights(self):
        if not self.env.su and not self.env.user.has_group(
            "coop_crm_base.group_coop_manager"
        ):
            raise AccessError(
                _("Only a cooperative manager can export or erase personal data.")
            )
        self.check_access("write")

    @api.model
    def _coop_privacy_scope(self):
        """The cooperatives a request of the current user covers; None: all of them.

        Superuser code (the person's own portal request) covers every cooperative; a
        user covers the cooperatives active in their session (checked by Odoo against
        their allowed companies), and a union manager their branches too, as their
        record rules do. Never taken from the context sent by a client.
        """
        if self.env.su:
            return None
        companies = self.env.companies
        if self.env.user.has_group("coop_crm_base.group_union_manager"):
            companies = (
                self.env["res.company"]
                .sudo()
                .search([("id", "child_of", companies.ids)])
            )
        return companies.sudo()

    def _coop_privacy_partners(self):
        """The partner and its contacts (archived ones included) the user may read."""
        return self.with_context(active_test=False).search(
            [("id", "child_of", self.ids)]
        )

    def _coop_privacy_sources(self, partners):
        """[(section, model, domain on ``partners``, company field path)]: the records
        the cooperatives keep about the partners. Addons extend this list (claims,
        trainings, cards); a model that is not installed is skipped."""
        return [
            (
                "memberships",
                "coop.membership",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                "interactions",
                "coop.interaction",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                "sale_orders",
                "sale.order",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                "survey_answers",
                "survey.user_input",
                [("partner_id", "in", partners.ids)],
                "coop_company_id",
            ),
            (
                "appointments",
                "calendar.event",
                [("coop_partner_id", "in", partners.ids)],
                "coop_company_id"
                if "coop_company_id" in self.env["calendar.event"]._fields
                else "coop_interaction_ids.company_id",
            ),
            (
                "cards",
                "loyalty.card",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                # X-7 (issue #18): what was sent to the person, on which channel
                "messages_sent",
                "coop.message.log",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
        ]

    def _coop_privacy_request(self, companies):
        """What a request of ``companies`` (None: all) covers for these partners.

        Returns a dict: ``partners``, ``identity`` (True when the partners themselves
        are covered, see the class docstring), ``records`` {section: records as
        superuser}, ``documents`` {model: set of ids} of those records.
        """
        partners = self
        records, foreign = {}, self.env["res.company"].sudo()
        for section, model, domain, cfield in self._coop_privacy_sources(partners):
            if model not in self.env:
                continue
            found = (
                self.env[model].sudo().with_context(active_test=False).search(domain)
            )
            if companies is None:
                records[section] = found
                continue
            mine, unowned = found.browse(), found.browse()
            for record in found:
                owners = record.mapped(cfield)
                if not owners:
                    unowned |= record
                elif owners - companies:
                    foreign |= owners - companies
                else:
                    mine |= record
            records[section] = (mine, unowned)
        owners = partners.sudo().company_id
        # the cooperatives that erased their own records no longer keep the person
        foreign -= partners.sudo().coop_erased_company_ids
        identity = (
            companies is None
            or (bool(owners) and not (owners - companies))
            or not foreign
        )
        if companies is not None:
            # records of no cooperative go with the person only
            records = {
                section: mine | unowned if identity else mine
                for section, (mine, unowned) in records.items()
            }
        documents = defaultdict(set)
        for found in records.values():
            documents[found._name].update(found.ids)
        return {
            "partners": partners,
            "identity": identity,
            "records": records,
            "documents": documents,
            "companies": companies,
        }

    def _coop_privacy_filter_documents(self, request, pairs):
        """The (model, res_id) pairs of ``pairs`` that the request covers."""
        companies, partners = request["companies"], request["partners"]
        if companies is None:
            return set(pairs)
        kept = set()
        by_model = defaultdict(set)
        for model, res_id in pairs:
            if not model or not res_id:
                if request["identity"]:
                    kept.add((model, res_id))
            elif res_id in request["documents"].get(model, ()):
                kept.add((model, res_id))
            elif model == "res.partner" and res_id in partners.ids:
                if request["identity"]:
                    kept.add((model, res_id))
            else:
                by_model[model].add(res_id)
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            Model = self.env[model].sudo().with_context(active_test=False)
            if "company_id" not in Model._fields:
                if request["identity"]:
                    kept.update((model, res_id) for res_id in ids)
                continue
            for record in Model.browse(ids).exists():
                company = record.company_id
                if (company and not (company - companies)) or (
                    not company and request["identity"]
                ):
                    kept.add((model, record.id))
        return kept

    @staticmethod
    def _coop_privacy_emails(partners):
        return {
            email
            for partner in partners.sudo()
            for email in email_normalize_all(partner.email or "")
        }

    def _coop_privacy_messages(self, request):
        """Chatter messages of the request: on the partners (with the person), on the
        records the request covers, written by the partners or sent to them."""
        partners = request["partners"]
        domain = [
            "|",
            "|",
            "&",
            ("model", "=", "res.partner"),
            ("res_id", "in", partners.ids),
            ("author_id", "in", partners.ids),
            ("partner_ids", "in", partners.ids),
        ]
        personal = self._coop_privacy_chatter_sections()
        for section, found in request["records"].items():
            if section in personal and found:
                domain = [
                    "|",
                    "&",
                    ("model", "=", found._name),
                    ("res_id", "in", found.ids),
                ] + domain
        for email in self._coop_privacy_emails(partners):
            domain = ["|", ("email_from", "ilike", escape_psql(email))] + domain
        # X-7 (issue #18): the messages the suite sent to the person, or the notes
        # saying why it did not (they name the person), as its log records them
        logged = (
            self.env["coop.message.log"]
            .sudo()
            .search([("partner_id", "in", partners.ids), ("message_id", "!=", False)])
            .message_id
        )
        if logged:
            domain = ["|", ("id", "in", logged.ids)] + domain
        messages = self.env["mail.message"].sudo().search(domain)
        kept = self._coop_privacy_filter_documents(
            request, {(m.model, m.res_id) for m in messages}
        )
        return messages.filtered(lambda m: (m.model, m.res_id) in kept)

    @api.model
    def _coop_privacy_chatter_sections(self):
        """Sections whose records' whole chatter is about the person (and is erased with
        it); elsewhere only the messages written by or sent to the person are."""
        return {"interactions", "appointments"}

    def _coop_privacy_mails(self, request, messages):
        """Outgoing mails kept in mail.mail: of the messages, or to the partners."""
        partners = request["partners"]
        domain = [
            "|",
            ("mail_message_id", "in", messages.ids),
            ("recipient_ids", "in", partners.ids),
        ]
        for email in self._coop_privacy_emails(partners):
            domain = ["|", ("email_to", "ilike", escape_psql(email))] + domain
        mails = self.env["mail.mail"].sudo().search(domain)
        kept = self._coop_privacy_filter_documents(
            request, {(m.model, m.res_id) for m in mails}
        )
        return mails.filtered(lambda m: (m.model, m.res_id) in kept)

    def _coop_privacy_ratings(self, request):
        """The person's ratings of the request's documents; none (an empty tuple)
        without Odoo's ``rating`` addon, which coop_crm_base does not depend on (the
        claims' addon does)."""
        if "rating.rating" not in self.env:
            return ()
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search([("partner_id", "in", request["partners"].ids)])
        )
        kept = self._coop_privacy_filter_documents(
            request, {(r.res_model, r.res_id) for r in ratings}
        )
        return ratings.filtered(lambda r: (r.res_model, r.res_id) in kept)

    def _coop_privacy_attachments(self, request, messages):
        domain = [("id", "in", messages.attachment_ids.ids)]
        if request["identity"]:
            domain = [
                "|",
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "in", request["partners"].ids),
            ] + domain
        return self.env["ir.attachment"].sudo().search(domain)

    @staticmethod
    def _coop_export_values(records, only=None):
        """Readable stored values of ``records`` (no binaries, no one2many), of the
        fields ``only`` when given."""
        if not records:
            return []
        fnames = [
            fname
            for fname, desc in records.fields_get(attributes=["type", "store"]).items()
            if desc.get("store")
            and desc["type"] not in EXPORT_SKIPPED_TYPES
            and (only is None or fname in only)
        ]
        return records.read(fnames)

    # ------------------------------------------------------------------ export
    def _coop_personal_data(self, companies=None, portal=False):
        """Everything the cooperatives ``companies`` (None: all) hold about the partner,
        as a JSON-ready dict. ``portal``: the person's own request, internal notes left
        out."""
        self.ensure_one()
        partners = self if portal else self._coop_privacy_partners()
        request = partners._coop_privacy_request(companies)
        records = request["records"]
        messages = self._coop_privacy_messages(request)
        if portal:
            # the notes on the person's own partner are theirs; elsewhere, what was
            # written to or by them, not the staff's internal notes
            messages = messages.filtered(
                lambda m: (m.model == "res.partner" and m.res_id in partners.ids)
                or not (
                    m.is_internal
                    or m.subtype_id.internal
                    or m.message_type == "user_notification"
                )
            )
        attachments = self._coop_privacy_attachments(request, messages)
        ratings = self._coop_privacy_ratings(request)
        orders = records.get("sale_orders", self.env["sale.order"])
        survey_answers = records.get("survey_answers", self.env["survey.user_input"])
        data = {
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "partner": self._coop_export_values(self)[0],
            "contacts": self._coop_export_values(partners - self),
            "sale_orders": [
                {
                    "name": order.name,
                    "date_order": fields.Datetime.to_string(order.date_order),
                    "state": order.state,
                    "company": order.company_id.name,
                    "currency": order.currency_id.name,
                    "amount_untaxed": order.amount_untaxed,
                    "amount_total": order.amount_total,
                    "lines": [
                        {
                            "product": line.product_id.display_name,
                            "description": line.name,
                            "quantity": line.product_uom_qty,
                            "price_subtotal": line.price_subtotal,
                        }
                        for line in order.order_line
                    ],
                }
                for order in orders
            ],
            "survey_answers": [
                {
                    "survey": answer.survey_id.title,
                    "state": answer.state,
                    "date": fields.Datetime.to_string(
                        answer.end_datetime or answer.create_date
                    ),
                    "answers": [
                        {
                            "question": line.question_id.title,
                            "answer": line.value_text_box
                            if line.answer_type == "text_box"
                            else line.display_name,
                        }
                        for line in answer.user_input_line_ids
                    ],
                }
                for answer in survey_answers
            ],
            "ratings": [
                {
                    "document": rating.res_name,
                    "rating": rating.rating,
                    "feedback": rating.feedback,
                    "date": fields.Datetime.to_string(rating.create_date),
                }
                for rating in ratings
            ],
            "messages": [
                {
                    "date": fields.Datetime.to_string(message.date),
                    "model": message.model,
                    "res_id": message.res_id,
                    "author": message.author_id.display_name or message.email_from,
                    "subject": message.subject,
                    "body": html2plaintext(message.body or ""),
                }
                for message in messages
            ],
            "attachments": [
                {
                    "name": attachment.name,
                    "mimetype": attachment.mimetype,
                    "file_size": attachment.file_size,
                    "create_date": fields.Datetime.to_string(attachment.create_date),
                }
                for attachment in attachments
            ],
        }
        for section, found in records.items():
            if section not in data:
                data[section] = self._coop_export_values(
                    found, self._coop_privacy_export_fields(section, portal)
                )
        return data

    @api.model
    def _coop_privacy_export_fields(self, section, portal):
        """Fields exported of a section's records; None: every stored field. Addons
        leave out the internal fields of their records from the person's own (portal)
        export."""
        return None

    def action_coop_export_personal_data(self):
        """Export the partner's personal data kept by the user's cooperatives as a JSON
        file and download it (M-9, issue #14)."""
        self.ensure_one()
        self._coop_check_privacy_rights()
        data = self._coop_personal_data(companies=self._coop_privacy_scope())
        payload = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"personal_data_partner_{self.id}.json",
                "mimetype": "application/json",
                "raw": payload.encode(),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.message_post(
            body=_("Personal data exported by %(user)s.", user=self.env.user.name)
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ erasure
    def action_coop_anonymize(self):
        """Erase the personal data the user's cooperatives keep about the partners and
        their contacts, keep the sales (M-9, issue #14).

        Sale orders, their amounts, cards and memberships stay attached to the partner,
        so turnover, statistics and indicators do not change. In the records of the
        cooperatives of the request: chatter messages written by or sent to the person
        and those of their interactions are emptied (with their tracking values), the
        mails kept in mail.mail lose body and recipients, their attachments and
        followers go, interactions and appointments lose their texts, survey answers
        and ratings their free texts; each addon erases its own records (claim texts,
        registrations). When the request covers the person themselves (see the class
        docstring): name (replaced by "Anonymised customer <id>"), contact details,
        address, profile, consents, tags, bank accounts, the chatter of the partner,
        the portal login (archived, login replaced) and the blacklist rows of their
        e-mail and phone go too. Otherwise the person stays as the other cooperatives
        know them, and the user is told so (without naming those cooperatives).
        """
        self._coop_check_privacy_rights()
        companies = self._coop_privacy_scope()
        partners = self._coop_privacy_partners()
        if any(
            partner.user_ids.filtered(lambda u: not u.share) for partner in partners
        ):
            raise UserError(_("The partner of an internal user cannot be anonymised."))
        request = partners._coop_privacy_request(companies)
        records = request["records"]
        messages = self._coop_privacy_messages(request)
        mails = self._coop_privacy_mails(request, messages)
        messages |= mails.mail_message_id
        attachments = self._coop_privacy_attachments(request, messages)
        messages.tracking_value_ids.unlink()
        mails.write(
            {
                "body_html": False,
                "email_to": False,
                "email_cc": False,
                "recipient_ids": [fields.Command.clear()],
                "headers": False,
            }
        )
        messages.write(
            {
                "body": "",
                "subject": False,
                "email_from": False,
                "attachment_ids": [fields.Command.clear()],
            }
        )
        self.env["mail.notification"].sudo().search(
            [
                ("mail_message_id", "in", messages.ids),
                ("failure_reason", "!=", False),
            ]
        ).write({"failure_reason": False})  # bounce texts quote the address
        attachments.unlink()
        records["interactions"].with_context(**NO_TRACK).write(
            {
                "subject": _("Anonymised"),
                "outcome": False,
            }
        )
        appointments = records.get("appointments", self.env["calendar.event"])
        appointments.with_context(**NO_TRACK, no_mail_to_attendees=True).write(
            {
                "name": _("Anonymised appointment"),
                "description": False,
                "coop_summary": False,
            }
        )
        ratings = self._coop_privacy_ratings(request)
        if ratings:
            ratings.write({"feedback": False})
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search([("partner_id", "in", partners.ids)])
        )
        kept = self._coop_privacy_filter_documents(
            request, {(f.res_model, f.res_id) for f in followers}
        )
        followers.filtered(lambda f: (f.res_model, f.res_id) in kept).unlink()
        # survey answers: scores stay (satisfaction indicators), free texts go
        survey_answers = records["survey_answers"]
        survey_answers.user_input_line_ids.filtered(
            lambda line: line.answer_type in ("char_box", "text_box")
        ).unlink()
        survey_answers.write({"email": False, "nickname": False})
        partners._coop_anonymize_records(request)
        if not request["identity"]:
            partners.sudo().write(
                {
                    "coop_erased_company_ids": [
                        fields.Command.link(company.id) for company in companies
                    ]
                }
            )
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "message": _(
                        "The records of your cooperative about this customer are "
                        "erased. The customer is also known to another cooperative: "
                        "their name and contact details stay until the union or that "
                        "cooperative erases them."
                    ),
                },
            }
        self._coop_anonymize_identity(partners)
        return True

    def _coop_anonymize_identity(self, partners):
        """Erase the person: login, blacklist rows, bank accounts, the partner's
        fields."""
        emails = self._coop_privacy_emails(partners)
        phones = {
            number
            for partner in partners.sudo()
            for number in (
                partner.phone,
                partner.mobile,
                partner._phone_format(number=partner.phone) if partner.phone else False,
                partner._phone_format(number=partner.mobile)
                if partner.mobile
                else False,
            )
            if number
        }
        users = (
            partners.sudo().with_context(active_test=False).user_ids.filtered("share")
        )
        self.env["res.users.apikeys"].sudo().search(
            [("user_id", "in", users.ids)]
        ).unlink()
        if users:
            users.write({"active": False})
            # the login in SQL: a write would mail the person a "login changed" notice
            # that quotes their name and address, which this erasure would have to chase
            self.env.cr.execute(
                SQL(
                    "UPDATE res_users SET login = 'anonymised-' || id WHERE id IN %s",
                    tuple(users.ids),
                )
            )
            users.invalidate_recordset(["login"])
        if emails:
            self.env["mail.blacklist"].sudo().with_context(active_test=False).search(
                [("email", "in", list(emails))]
            ).unlink()
        if phones:
            self.env["phone.blacklist"].sudo().with_context(active_test=False).search(
                [("number", "in", list(phones))]
            ).unlink()
        partners.bank_ids.sudo().unlink()
        blank = {fname: False for fname in ERASED_FIELDS if fname in self._fields}
        now = fields.Datetime.now()
        for partner in partners:
            partner.sudo().with_context(**NO_TRACK).write(
                dict(
                    blank,
                    name=_("Anonymised customer %s", partner.id),
                    coop_anonymized_date=now,
                )
            )

    def _coop_anonymize_records(self, request):
        """Hook: erase the texts other addons keep in ``request["records"]`` (claims,
        registrations); ``request`` is built by ``_coop_privacy_request``: touch only
        the records it lists, the records of the cooperatives of the request."""
        return True

    def _coop_anonymize_related(self):
        """Former hook of the erasure, called on every cooperative's records at once: no
        longer called (issue #14); use ``_coop_anonymize_records``."""
        return True

    # --------------------------------------------------- The customer met at a souk
    # The customer met at a souk (M-3, issue #21): region from the city, Morocco by
    # default, a warning on a likely duplicate, how consent was given.

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
