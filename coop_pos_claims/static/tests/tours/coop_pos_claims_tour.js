import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as PartnerList from "@point_of_sale/../tests/tours/utils/partner_list_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TicketScreen from "@point_of_sale/../tests/tours/utils/ticket_screen_util";
import {registry} from "@web/core/registry";

// P-6: a sale, then a claim about it registered from the orders screen
registry.category("web_tour.tours").add("CoopPosRegisterClaim", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            PartnerList.clickPartner("Khadija Souk"),
            ProductScreen.clickDisplayedProduct("Amlou jar"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            Chrome.clickMenuOption("Orders"),
            TicketScreen.selectFilter("Paid"),
            TicketScreen.selectOrder("-0001"),
            {
                content: "register a claim about the order",
                trigger: ".ticket-screen .coop-register-claim",
                run: "click",
            },
            {
                content: "say what it is about",
                trigger: ".modal textarea, .modal input",
                run: "edit The jar was broken",
            },
            Dialog.confirm(),
            {
                content: "the claim is registered",
                trigger: ".o_notification:contains(registered)",
            },
        ].flat(),
});
