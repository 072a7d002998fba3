package io.bankofthings.lending.ledger;

import java.util.List;
import java.util.Objects;

/**
 * A balanced ledger transaction to post once: the idempotency key makes a repeated posting a no-op.
 *
 * @param idempotencyKey unique per business event, e.g. {@code loan-disbursement:L-123}
 * @param kind           what happened, e.g. {@code DISBURSEMENT}
 * @param reference      the business key it belongs to (loanId, grantId), searchable
 * @param lines          debit and credit lines; debits equal credits per currency
 */
public record Posting(String idempotencyKey, String kind, String reference, String description, List<Line> lines) {

    /** One side of a posting: {@code debit} true for a debit, false for a credit. */
    public record Line(String account, boolean debit, Money amount) {
        public Line {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(amount, "amount");
            if (amount.minor() == 0) {
                throw new IllegalArgumentException("A ledger line needs a non-zero amount on account " + account);
            }
        }

        public static Line debit(String account, Money amount) {
            return new Line(account, true, amount);
        }

        public static Line credit(String account, Money amount) {
            return new Line(account, false, amount);
        }
    }

    public Posting {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(kind, "kind");
        lines = List.copyOf(lines);
        if (lines.size() < 2) {
            throw new IllegalArgumentException("A posting needs at least two lines, got " + lines.size());
        }
        var byCurrency = new java.util.HashMap<String, Long>();
        for (Line line : lines) {
            long signed = line.debit() ? line.amount().minor() : -line.amount().minor();
            byCurrency.merge(line.amount().currency(), signed, Math::addExact);
        }
        byCurrency.forEach((currency, net) -> {
            if (net != 0) {
                throw new UnbalancedPostingException(idempotencyKey, currency, net);
            }
        });
    }
}
