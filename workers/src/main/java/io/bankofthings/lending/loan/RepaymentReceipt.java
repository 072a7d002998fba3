package io.bankofthings.lending.loan;

/**
 * The outcome of a repayment or payoff; amounts in minor units.
 *
 * @param replayed true when the idempotency key was seen before and nothing new was booked
 */
public record RepaymentReceipt(
        String loanId,
        String idempotencyKey,
        String kind,
        long amountMinor,
        long principalMinor,
        long interestMinor,
        long transactionId,
        boolean replayed,
        long outstandingMinor,
        String status) {}
