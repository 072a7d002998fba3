package io.bankofthings.lending.ledger;

import java.util.Objects;

/** An amount of money in minor units (cents) of an ISO 4217 currency; never negative. */
public record Money(long minor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minor < 0) {
            throw new IllegalArgumentException("Money must not be negative: " + minor);
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("Currency must be three upper-case letters: " + currency);
        }
    }

    public static Money of(long minor, String currency) {
        return new Money(minor, currency);
    }
}
