import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as PartnerList from "@point_of_sale/../tests/tours/utils/partner_list_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as PosLoyalty from "@pos_loyalty/../tests/tours/utils/pos_loyalty_util";
import { registry } from "@web/core/registry";

// P-1, P-2: the cashier finds the customer by the phone typed nationally (stored in
// E.164), sells to them and the card earns its points (counted by the server at sync)
registry.category("web_tour.tours").add("CoopPosPhoneSearchCard", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            {
                content: "type the customer's phone as they say it",
                trigger: ".modal-dialog .input-group input",
                run: "edit 06 12 34 56 78",
            },
            PartnerList.clickPartner("Khadija Souk"),
            PosLoyalty.customerIs("Khadija Souk"),
            ProductScreen.clickDisplayedProduct("Amlou jar"),
            {
                content: "the cashier sees the card: tier and validity",
                trigger: ".coop-card-panel .coop-card-tier:contains(Bronze)",
            },
            { trigger: ".coop-card-panel .coop-card-valid" },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});

// P-2, L-3: an expired card renewed at the till: the fee line added by the button
registry.category("web_tour.tours").add("CoopPosRenewCard", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            PartnerList.clickPartner("Khadija Souk"),
            ProductScreen.clickDisplayedProduct("Amlou jar"),
            { trigger: ".coop-card-panel .coop-card-expired" },
            {
                content: "renew the card: the card fee is added to the order",
                trigger: ".coop-card-panel .coop-card-renew",
                run: "click",
            },
            ProductScreen.selectedOrderlineHas("Coop card fee", "1.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});

// P-3: a member (badge in the customer list) buys at the members' pricelist
registry.category("web_tour.tours").add("CoopPosMemberPricelist", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            {
                content: "the customer list shows the member badge",
                trigger: ".partner-info:contains(Khadija Souk) .coop-member-badge",
            },
            PartnerList.clickPartner("Khadija Souk"),
            ProductScreen.clickDisplayedProduct("Amlou jar"),
            ProductScreen.selectedOrderlineHas("Amlou jar", "1.00", "72.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
