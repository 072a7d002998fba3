package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.ThingPayment;
import java.time.Instant;

/** A payment as the API shows it to the thing and its owner. */
public record PaymentView(
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
        String refusalRule,
        String refusalDetail,
        Long ledgerTransactionId,
        Instant createdAt) {

    static PaymentView of(ThingPayment p) {
        return new PaymentView(p.paymentId(), p.thingId(), p.grantId(), p.idempotencyKey(), p.amountMinor(), p.currency(),
                p.counterparty(), p.merchantCategory(), p.description(), p.result(),
                p.refusalRule() == null ? null : p.refusalRule().name(), p.refusalDetail(), p.ledgerTransactionId(),
                p.createdAt());
    }
}
