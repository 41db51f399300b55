import {patch} from "@web/core/utils/patch";
import {PosOrder} from "@point_of_sale/app/models/pos_order";

// P-3: an active member of the cooperative buys at the members' pricelist, instead of
// the point of sale's default one (a customer's own pricelist stays theirs)
patch(PosOrder.prototype, {
    updatePricelistAndFiscalPosition(newPartner) {
        super.updatePricelistAndFiscalPosition(...arguments);
        const members = this.config.coop_member_pricelist_id;
        if (
            members &&
            newPartner?.coop_pos_member &&
            this.pricelist_id?.id === this.config.pricelist_id?.id
        ) {
            this.set_pricelist(members);
        }
    },
});
