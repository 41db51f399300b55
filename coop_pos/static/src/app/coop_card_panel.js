import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatFloat} from "@web/core/utils/numbers";
import {patch} from "@web/core/utils/patch";
import {deserializeDate, formatDate} from "@web/core/l10n/dates";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {OrderSummary} from "@point_of_sale/app/screens/product_screen/order_summary/order_summary";
import {PosOrder} from "@point_of_sale/app/models/pos_order";

function isoDate(value) {
    if (!value) {
        return "";
    }
    return typeof value === "string" ? value.slice(0, 10) : value.toISODate();
}

patch(PosOrder.prototype, {
    /** P-2: the customer's cooperative card, when the till has it. */
    coopCard() {
        const partner = this.get_partner();
        if (!partner) {
            return null;
        }
        return (
            this.models["loyalty.card"].find(
                (card) =>
                    card.partner_id?.id === partner.id && card.program_id?.coop_card
            ) || null
        );
    },
});

/**
 * P-2: what the cashier needs to know of the customer's cooperative card: number,
 * tier, points, expiry or grace, and a button that adds the card fee when it has
 * expired (the server renews the card when the order is paid).
 */
export class CoopCardPanel extends Component {
    static template = "coop_pos.CoopCardPanel";
    static props = {};

    setup() {
        this.pos = usePos();
    }
    get card() {
        return this.pos.get_order()?.coopCard();
    }
    get today() {
        return luxon.DateTime.now().toISODate();
    }
    get status() {
        const card = this.card;
        const expiry = isoDate(card.coop_date_expiry);
        const end = isoDate(card.expiration_date);
        if (!expiry || expiry >= this.today) {
            return "valid";
        }
        return end && end >= this.today ? "grace" : "expired";
    }
    get statusText() {
        const card = this.card;
        if (this.status === "valid") {
            return _t("Valid until %s", this.formatDay(card.coop_date_expiry));
        }
        if (this.status === "grace") {
            return _t("Expired on %(expiry)s, earns until %(end)s", {
                expiry: this.formatDay(card.coop_date_expiry),
                end: this.formatDay(card.expiration_date),
            });
        }
        return _t("Expired on %s", this.formatDay(card.coop_date_expiry));
    }
    get pointsText() {
        return _t("%s points", formatFloat(this.card.points, {trailingZeros: false}));
    }
    formatDay(value) {
        return value ? formatDate(deserializeDate(isoDate(value))) : "";
    }
    get feeProductId() {
        return this.card.program_id.raw.coop_fee_product_id;
    }
    get tier() {
        const tiers = {bronze: _t("Bronze"), silver: _t("Silver"), gold: _t("Gold")};
        return tiers[this.card.coop_tier] || "";
    }
    async renew() {
        let product = this.pos.models["product.product"].get(this.feeProductId);
        if (!product) {
            [product] = await this.pos.data.read("product.product", [
                this.feeProductId,
            ]);
        }
        await this.pos.addLineToCurrentOrder({product_id: product}, {}, false);
    }
}

patch(OrderSummary, {
    components: {...OrderSummary.components, CoopCardPanel},
});
