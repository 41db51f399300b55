import re

from odoo import _, models
from odoo.exceptions import UserError

from .coop_claim import PHASE_ORDER

CLAIM_LETTERS = (
    "coop_claims.report_claim_acknowledgement",
    "coop_claims.report_claim_progress",
    "coop_claims.report_claim_closing",
)
# C-5, issue #14: a letter prints once its phase is reached, never before
LETTER_FIRST_PHASE = {
    "coop_claims.report_claim_progress": "registration",
    "coop_claims.report_claim_closing": "closure",
}

# Arabic letters and marks, without the Arabic punctuation (، ؛ ؟ ۔) and digits
ARABIC_LETTERS = (
    "\u0621-\u065f\u066e-\u06d3\u06d5-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb50-\ufdff\ufe70-\ufeff"
)
# punctuation glued to an Arabic word within Arabic text: at the end of the word before
# another Arabic word or the end of the text, or at the start of a word
GLUED_PUNCTUATION = re.compile(
    rf"(?<=[{ARABIC_LETTERS}])[^\w\s<>]+(?=\s*$|\s+[{ARABIC_LETTERS}]|[{ARABIC_LETTERS}])"
    rf"|(?:(?<=\s)|^)[^\w\s<>]+(?=[{ARABIC_LETTERS}])"
)
TEXT_WITH_ARABIC = re.compile(rf">([^<>]*[{ARABIC_LETTERS}][^<>]*)<")


def separate_arabic_punctuation(html):
    """Put each punctuation mark glued to an Arabic word of Arabic text in its own
    inline element (X-2, C-5, issue #7).

    wkhtmltopdf's WebKit measures a word that joins Arabic letters and punctuation
    (``أعلاه.``, ``العزيز،``) narrower than it paints it: a right-to-left line holding
    one is placed too far right and runs past the right margin by the difference.
    Measured as separate inline boxes, the pieces have their painted width. Punctuation
    between an Arabic word and digits or Latin (``نوفمبر, 2026``) is left alone: there,
    separate boxes make WebKit draw the pieces over each other. Only the text between
    tags of the body is touched; attributes, the head and text without Arabic letters
    are not."""
    start = max(html.find("<body"), 0)

    def separate(match):
        text = GLUED_PUNCTUATION.sub(
            lambda mark: f'<span class="o_coop_rtl_punct">{mark.group(0)}</span>',
            match.group(1),
        )
        return f">{text}<"

    return html[:start] + TEXT_WITH_ARABIC.sub(separate, html[start:])


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_html(self, report_ref, docids, data=None):
        report_name = self._get_report(report_ref).report_name
        if report_name in LETTER_FIRST_PHASE and docids:
            self._coop_check_letter_phase(report_name, docids)
        html, report_type = super()._render_qweb_html(report_ref, docids, data=data)
        if report_name in CLAIM_LETTERS:
            html = separate_arabic_punctuation(html.decode()).encode()
        return html, report_type

    def _coop_check_letter_phase(self, report_name, docids):
        first = LETTER_FIRST_PHASE[report_name]
        ids = docids if isinstance(docids, list | tuple) else [docids]
        claims = self.env["coop.claim"].sudo().browse(ids).exists()
        early = claims.filtered(lambda c: PHASE_ORDER[c.phase] < PHASE_ORDER[first])
        if early:
            raise UserError(
                _(
                    "This letter of claim %(claim)s is printed from the phase "
                    "%(phase)s on.",
                    claim=early[0].name,
                    phase=early._coop_state_label(first),
                )
            )
