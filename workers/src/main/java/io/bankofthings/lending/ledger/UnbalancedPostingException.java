package io.bankofthings.lending.ledger;

/** A posting whose debits and credits differ in one currency. */
public class UnbalancedPostingException extends IllegalArgumentException {

    public UnbalancedPostingException(String idempotencyKey, String currency, long netMinor) {
        super("Posting " + idempotencyKey + " is not balanced in " + currency + ": debits minus credits = " + netMinor);
    }
}
