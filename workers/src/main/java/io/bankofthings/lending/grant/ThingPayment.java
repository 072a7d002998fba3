package io.bankofthings.lending.grant;

import java.time.Instant;

/** A payment a thing asked for and what became of it: AUTHORIZED with its ledger transaction, or REFUSED by a rule. */
public record ThingPayment(
        String paymentId,
        String thingId,
        String grantId,
        String idempotencyKey,
        long amountMinor,
        String currency,
        String counterparty,
        String merchantCategory,
        String description,
        String result,
        RefusalRule refusalRule,
        String refusalDetail,
        Long ledgerTransactionId,
        Instant createdAt) {

    public static final String AUTHORIZED = "AUTHORIZED";
    public static final String REFUSED = "REFUSED";

    public boolean authorized() {
        return AUTHORIZED.equals(result);
    }

    boolean sameRequestAs(PaymentRequest request) {
        return amountMinor == request.amountMinor()
                && currency.equals(request.currency())
                && counterparty.equals(request.counterparty())
                && java.util.Objects.equals(merchantCategory, request.merchantCategory());
    }
}
