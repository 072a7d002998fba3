package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.PaymentAuthorizer;
import io.bankofthings.lending.grant.PaymentRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payments by things, authenticated as the thing ({@link ThingSecurityConfiguration}). 201 when authorized, 422 with
 * the refusing rule when refused; a retry with the same idempotency key gets the first answer again with
 * {@code Idempotent-Replayed: true}.
 */
@RestController
class ThingPaymentController {

    private final PaymentAuthorizer authorizer;

    ThingPaymentController(PaymentAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Body fields as {@link PaymentRequest}; the header {@code Idempotency-Key} wins over the body's idempotencyKey. */
    record PaymentBody(String idempotencyKey, Long amountMinor, String currency, String counterparty,
            String merchantCategory, String description) {}

    @PostMapping("/api/things/{thingId}/payments")
    ResponseEntity<PaymentView> pay(
            @PathVariable String thingId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKeyHeader,
            @RequestBody PaymentBody body,
            Authentication thing) {
        if (!thing.getName().equals(thingId)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        String key = idempotencyKeyHeader != null ? idempotencyKeyHeader : body.idempotencyKey();
        var outcome = authorizer.authorize(thingId, new PaymentRequest(key, body.amountMinor(), body.currency(),
                body.counterparty(), body.merchantCategory(), body.description()));
        var payment = outcome.payment();
        return ResponseEntity.status(payment.authorized() ? HttpStatus.CREATED : HttpStatus.UNPROCESSABLE_ENTITY)
                .header("Idempotent-Replayed", Boolean.toString(outcome.replayed()))
                .body(PaymentView.of(payment));
    }
}
