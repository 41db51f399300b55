import {patch} from "@web/core/utils/patch";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {PartnerList} from "@point_of_sale/app/screens/partner_list/partner_list";

// P-1: a customer created at the till belongs to the point of sale's cooperative
patch(PosStore.prototype, {
    editPartnerContext(partner) {
        return {
            ...super.editPartnerContext(partner),
            coop_pos_config_id: this.config.id,
        };
    },
});

/**
 * P-1: phones are stored in E.164 (+212612345678); the cashier types them as people say
 * them (0612345678, 00212612345678, +212 6 12 34 56 78). The international digits of
 * what is typed, or null when it is not a phone number.
 */
export function coopPhoneDigits(query, phoneCode) {
    const typed = (query || "").replace(/[\s().-]/g, "");
    if (!/^(\+|00|0)[0-9]{3,}$/.test(typed)) {
        return null;
    }
    if (typed.startsWith("+")) {
        return typed.slice(1);
    }
    if (typed.startsWith("00")) {
        return typed.slice(2);
    }
    return phoneCode ? `${phoneCode}${typed.slice(1)}` : null;
}

patch(PartnerList.prototype, {
    coopPhoneDigits() {
        return coopPhoneDigits(
            this.state.query,
            this.pos.company.country_id?.phone_code
        );
    },
    getPartners() {
        const partners = super.getPartners(...arguments);
        const digits = this.coopPhoneDigits();
        if (!digits) {
            return partners;
        }
        const byPhone = this.pos.models["res.partner"]
            .getAll()
            .filter((partner) =>
                [partner.phone, partner.mobile].some(
                    (number) =>
                        number && number.replace(/[^0-9]/g, "").startsWith(digits)
                )
            );
        return [...new Set([...byPhone, ...partners])];
    },
    async getNewPartners() {
        const digits = this.coopPhoneDigits();
        if (!digits) {
            return super.getNewPartners(...arguments);
        }
        return await this.pos.data.searchRead(
            "res.partner",
            [
                "|",
                ["phone", "=like", `+${digits}%`],
                ["mobile", "=like", `+${digits}%`],
            ],
            [],
            {limit: 30, offset: this.state.currentOffset}
        );
    },
});
