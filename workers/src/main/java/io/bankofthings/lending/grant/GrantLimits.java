package io.bankofthings.lending.grant;

import java.time.Instant;
import java.util.List;

/**
 * The scope and limits of a grant, amounts in minor units of {@code currency}. A payment is in scope when its
 * counterparty is one of {@code allowedCounterparties} or its merchant category (ISO 18245, four digits) is one of
 * {@code allowedMerchantCategories}. Period limits and the payment count are optional (null: no such limit).
 */
public record GrantLimits(
        String currency,
        List<String> allowedCounterparties,
        List<String> allowedMerchantCategories,
        Long maxPerTransactionMinor,
        Long dailyLimitMinor,
        Long weeklyLimitMinor,
        Long monthlyLimitMinor,
        Integer maxPayments,
        Period maxPaymentsPeriod,
        Instant validFrom,
        Instant validUntil) {

    public GrantLimits {
        allowedCounterparties = allowedCounterparties == null ? List.of() : List.copyOf(allowedCounterparties);
        allowedMerchantCategories = allowedMerchantCategories == null ? List.of() : List.copyOf(allowedMerchantCategories);
    }

    /** The limit on the amount for a period, or null. */
    public Long amountLimit(Period period) {
        return switch (period) {
            case DAY -> dailyLimitMinor;
            case WEEK -> weeklyLimitMinor;
            case MONTH -> monthlyLimitMinor;
        };
    }

    /**
     * The most the thing can spend in one calendar month under these limits; the risk table decides on it.
     * {@link Long#MAX_VALUE} when nothing bounds it.
     */
    public long monthlyExposureMinor() {
        long exposure = Long.MAX_VALUE;
        for (Period period : Period.values()) {
            Long limit = amountLimit(period);
            if (limit != null) {
                exposure = Math.min(exposure, saturatedMultiply(limit, period.perMonth()));
            }
        }
        if (maxPayments != null && maxPaymentsPeriod != null && maxPerTransactionMinor != null) {
            exposure = Math.min(exposure,
                    saturatedMultiply(saturatedMultiply(maxPerTransactionMinor, maxPayments), maxPaymentsPeriod.perMonth()));
        }
        return exposure;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
