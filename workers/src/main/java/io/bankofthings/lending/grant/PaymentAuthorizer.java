package io.bankofthings.lending.grant;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.ledger.Money;
import io.bankofthings.lending.ledger.Posting;
import io.bankofthings.lending.loan.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides a thing's payment against its grant and posts it to the ledger, in one database transaction that holds the
 * grant's row lock ({@code SELECT ... FOR UPDATE}): concurrent payments of one thing are checked one after the other
 * against counters that include every earlier payment, so no limit is ever exceeded. The ledger posting carries the
 * key {@code thing-payment:<thingId>:<idempotencyKey>} and the payment row is unique by (thing, key), so a retry
 * returns the first answer and never pays twice. Refusals are stored too, with the rule that refused.
 */
@Service
public class PaymentAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentAuthorizer.class);
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private final Grants grants;
    private final Payments payments;
    private final ThingRegistry things;
    private final Ledger ledger;
    private final RiskMonitor risk;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PaymentMetrics metrics;

    public PaymentAuthorizer(Grants grants, Payments payments, ThingRegistry things, Ledger ledger, RiskMonitor risk,
            TransactionTemplate tx, Clock clock) {
        this(grants, payments, things, ledger, risk, tx, clock, new PaymentMetrics(new SimpleMeterRegistry()));
    }

    @Autowired
    public PaymentAuthorizer(Grants grants, Payments payments, ThingRegistry things, Ledger ledger, RiskMonitor risk,
            TransactionTemplate tx, Clock clock, PaymentMetrics metrics) {
        this.metrics = metrics;
        this.grants = grants;
        this.payments = payments;
        this.things = things;
        this.ledger = ledger;
        this.risk = risk;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Authorizes or refuses the payment of an authenticated thing.
     *
     * @throws InvalidGrantRequestException if the request itself is malformed (nothing is stored)
     * @throws GrantConflictException       if the idempotency key was used before for a different payment
     */
    public PaymentOutcome authorize(String thingId, PaymentRequest request) {
        var errors = validate(request);
        if (!errors.isEmpty()) {
            throw new InvalidGrantRequestException("The payment request has invalid fields", errors);
        }
        try (var thingKey = MDC.putCloseable("thingId", thingId)) {
            return authorizeLogged(thingId, request);
        }
    }

    private PaymentOutcome authorizeLogged(String thingId, PaymentRequest request) {
        var outcome = tx.execute(status -> decide(thingId, request));
        var payment = outcome.payment();
        if (outcome.replayed()) {
            metrics.replayed();
            LOG.info("Payment {} of thing {} replayed for key {}: {}", payment.paymentId(), thingId, request.idempotencyKey(),
                    payment.result());
        } else {
            LOG.info("Payment {} of thing {} under grant {} for {} {} to {}: {}{}", payment.paymentId(), thingId,
                    payment.grantId(), payment.amountMinor(), payment.currency(), payment.counterparty(), payment.result(),
                    payment.refusalRule() == null ? "" : " by " + payment.refusalRule());
            metrics.decided(payment);
            risk.afterPayment(payment);
        }
        return outcome;
    }

    private PaymentOutcome decide(String thingId, PaymentRequest request) {
        var thing = things.find(thingId).orElseThrow(() -> new ThingNotFoundException(thingId));
        Optional<Grant> grant = grants.lockCurrentForThing(thingId);
        // Read after taking the lock: an earlier request with the same key has committed by now.
        var earlier = payments.find(thingId, request.idempotencyKey());
        if (earlier.isPresent()) {
            return replay(earlier.get(), request);
        }
        // PostgreSQL keeps microseconds: the answer returned now equals the one a retry reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var refusal = check(thing, grant, request, now);
        String paymentId = "P-" + UUID.randomUUID();
        String grantId = grant.map(Grant::grantId).orElse(null);
        ThingPayment payment;
        if (refusal.isPresent()) {
            payment = new ThingPayment(paymentId, thingId, grantId, request.idempotencyKey(), request.amountMinor(),
                    request.currency(), request.counterparty(), request.merchantCategory(), request.description(),
                    ThingPayment.REFUSED, refusal.get().rule(), refusal.get().detail(), null, now);
        } else {
            var amount = Money.of(request.amountMinor(), request.currency());
            var posted = ledger.post(new Posting(
                    ledgerKey(thingId, request.idempotencyKey()),
                    "THING_PAYMENT",
                    grantId,
                    "Payment " + paymentId + " of " + thingId + " to " + request.counterparty(),
                    List.of(
                            Posting.Line.debit(thing.ownerAccount(), amount),
                            Posting.Line.credit(thing.account(), amount),
                            Posting.Line.debit(thing.account(), amount),
                            Posting.Line.credit(Accounts.merchantSettlement(request.counterparty()), amount))));
            payments.count(grantId, day(now), request.amountMinor());
            payment = new ThingPayment(paymentId, thingId, grantId, request.idempotencyKey(), request.amountMinor(),
                    request.currency(), request.counterparty(), request.merchantCategory(), request.description(),
                    ThingPayment.AUTHORIZED, null, null, posted.transactionId(), now);
        }
        if (!payments.insert(payment)) {
            // Only possible without a grant row to lock: another request with this key won the insert.
            return replay(payments.find(thingId, request.idempotencyKey()).orElseThrow(), request);
        }
        return new PaymentOutcome(payment, false);
    }

    private static PaymentOutcome replay(ThingPayment earlier, PaymentRequest request) {
        if (!earlier.sameRequestAs(request)) {
            throw new GrantConflictException("Idempotency key " + request.idempotencyKey()
                    + " was used for a different payment (" + earlier.paymentId() + "); use a new key for a new payment");
        }
        return new PaymentOutcome(earlier, true);
    }

    /** A refusal: the rule and a sentence that names the numbers. */
    record Refusal(RefusalRule rule, String detail) {}

    private Optional<Refusal> check(Thing thing, Optional<Grant> current, PaymentRequest request, Instant now) {
        if (!thing.active()) {
            return refuse(RefusalRule.THING_NOT_ACTIVE, "thing " + thing.thingId() + " is " + thing.status());
        }
        if (current.isEmpty()) {
            return refuse(RefusalRule.GRANT_NOT_ACTIVE, "thing " + thing.thingId() + " has no grant");
        }
        var grant = current.get();
        var limits = grant.limits();
        if (grant.state() != GrantState.AUTHORIZED) {
            return refuse(RefusalRule.GRANT_NOT_ACTIVE, "grant " + grant.grantId() + " is " + grant.state());
        }
        if (!grant.validAt(now)) {
            return refuse(RefusalRule.OUTSIDE_VALIDITY_WINDOW,
                    "grant " + grant.grantId() + " is valid from " + limits.validFrom() + " until " + limits.validUntil());
        }
        if (!limits.currency().equals(request.currency())) {
            return refuse(RefusalRule.CURRENCY_NOT_ALLOWED, "grant " + grant.grantId() + " pays in " + limits.currency() + " only");
        }
        boolean counterpartyAllowed = limits.allowedCounterparties().contains(request.counterparty());
        boolean categoryAllowed = request.merchantCategory() != null
                && limits.allowedMerchantCategories().contains(request.merchantCategory());
        if (!counterpartyAllowed && !categoryAllowed) {
            return refuse(RefusalRule.COUNTERPARTY_NOT_ALLOWED, "counterparty " + request.counterparty()
                    + (request.merchantCategory() == null ? "" : " (merchant category " + request.merchantCategory() + ")")
                    + " is outside the scope of grant " + grant.grantId());
        }
        long amount = request.amountMinor();
        if (amount > limits.maxPerTransactionMinor()) {
            return refuse(RefusalRule.PER_TRANSACTION_LIMIT,
                    amount + " is above the maximum of " + limits.maxPerTransactionMinor() + " " + limits.currency() + " per payment");
        }
        Map<Period, Payments.Usage> usage = payments.usage(grant.grantId(), day(now));
        for (Period period : Period.values()) {
            Long limit = limits.amountLimit(period);
            long spent = usage.get(period).amountMinor();
            if (limit != null && spent + amount > limit) {
                return refuse(RefusalRule.amountLimit(period), amount + " would exceed the " + period.adjective()
                        + " limit of " + limit + " " + limits.currency() + ": " + (limit - spent) + " left");
            }
        }
        if (limits.maxPayments() != null && usage.get(limits.maxPaymentsPeriod()).count() >= limits.maxPayments()) {
            return refuse(RefusalRule.PAYMENT_COUNT_LIMIT, "the grant allows " + limits.maxPayments() + " payments a "
                    + limits.maxPaymentsPeriod().name().toLowerCase() + " and all are used");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(RefusalRule rule, String detail) {
        return Optional.of(new Refusal(rule, detail));
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    public static String ledgerKey(String thingId, String idempotencyKey) {
        return "thing-payment:" + thingId + ":" + idempotencyKey;
    }

    static List<FieldError> validate(PaymentRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.idempotencyKey() == null || !IDEMPOTENCY_KEY.matcher(request.idempotencyKey()).matches()) {
            errors.add(new FieldError("idempotencyKey",
                    "is required: 1 to 100 letters, digits or . _ : - starting with a letter or digit, unique per payment"));
        }
        if (request.amountMinor() == null || request.amountMinor() <= 0) {
            errors.add(new FieldError("amountMinor", "is required and must be positive (minor units), was " + request.amountMinor()));
        }
        if (request.currency() == null || !GrantLimitsValidator.CURRENCY.matcher(request.currency()).matches()) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code of three upper-case letters, was " + request.currency()));
        }
        if (request.counterparty() == null || !GrantLimitsValidator.COUNTERPARTY.matcher(request.counterparty()).matches()) {
            errors.add(new FieldError("counterparty",
                    "is required: 1 to 64 letters, digits or . : _ - starting with a letter or digit, was " + request.counterparty()));
        }
        if (request.merchantCategory() != null && !GrantLimitsValidator.MERCHANT_CATEGORY.matcher(request.merchantCategory()).matches()) {
            errors.add(new FieldError("merchantCategory", "must be a four-digit merchant category code (ISO 18245), was "
                    + request.merchantCategory()));
        }
        if (request.description() != null && request.description().length() > 200) {
            errors.add(new FieldError("description", "must be at most 200 characters"));
        }
        return errors;
    }
}
