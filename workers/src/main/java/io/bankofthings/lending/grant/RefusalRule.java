package io.bankofthings.lending.grant;

/** The rule that refused a payment; the owner and the thing see it. */
public enum RefusalRule {
    /** The thing is blocked. */
    THING_NOT_ACTIVE(Kind.STATE),
    /** The thing has no grant, or its grant is requested, suspended, rejected, revoked or expired. */
    GRANT_NOT_ACTIVE(Kind.STATE),
    /** The payment is before the grant's validFrom or at or after its validUntil. */
    OUTSIDE_VALIDITY_WINDOW(Kind.STATE),
    /** The payment is in another currency than the grant's. */
    CURRENCY_NOT_ALLOWED(Kind.SCOPE),
    /** Neither the counterparty nor the merchant category is in the grant's scope. */
    COUNTERPARTY_NOT_ALLOWED(Kind.SCOPE),
    PER_TRANSACTION_LIMIT(Kind.LIMIT),
    DAILY_LIMIT(Kind.LIMIT),
    WEEKLY_LIMIT(Kind.LIMIT),
    MONTHLY_LIMIT(Kind.LIMIT),
    /** The grant's maximum number of payments in its period is reached. */
    PAYMENT_COUNT_LIMIT(Kind.LIMIT);

    /** What a refusal means for risk: a limit was hit, the scope was left, or the grant was not usable. */
    public enum Kind {
        LIMIT,
        SCOPE,
        STATE
    }

    private final Kind kind;

    RefusalRule(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static RefusalRule amountLimit(Period period) {
        return switch (period) {
            case DAY -> DAILY_LIMIT;
            case WEEK -> WEEKLY_LIMIT;
            case MONTH -> MONTHLY_LIMIT;
        };
    }
}
