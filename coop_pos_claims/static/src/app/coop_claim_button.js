import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";
import {TicketScreen} from "@point_of_sale/app/screens/ticket_screen/ticket_screen";
import {TextInputPopup} from "@point_of_sale/app/utils/input_popups/text_input_popup";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";

// P-6: a claim registered at the till, for a synced order's customer, received in
// person and linked to the order (pos.order.coop_register_claim on the server)
patch(TicketScreen.prototype, {
    setup() {
        super.setup(...arguments);
        this.notification = useService("notification");
    },
    async coopRegisterClaim(order) {
        const subject = await makeAwaitable(this.dialog, TextInputPopup, {
            title: _t("What is the claim about?"),
            rows: 3,
        });
        if (!subject || !subject.trim()) {
            return;
        }
        const claim = await this.pos.data.call("pos.order", "coop_register_claim", [
            order.id,
            subject,
        ]);
        this.notification.add(_t("Claim %s registered.", claim.name), {
            type: "success",
        });
    },
});
