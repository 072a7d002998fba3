package io.bankofthings.lending.loan;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Terms of the loan process.
 *
 * @param offerValidity   how long the borrower has to accept an offer before it expires
 * @param reviewSla       how long a referred application may wait for an underwriter before it is escalated
 * @param annualRateBps   nominal annual interest rate of an offer, in basis points (750 = 7.50%)
 * @param securedParty    the name the bank files liens under
 */
@ConfigurationProperties("lending.loans")
public record LoanSettings(
        @DefaultValue("P14D") Duration offerValidity,
        @DefaultValue("PT24H") Duration reviewSla,
        @DefaultValue("750") int annualRateBps,
        @DefaultValue("Bank of Things") String securedParty) {

    public LoanSettings {
        if (offerValidity == null || offerValidity.isNegative() || offerValidity.isZero()) {
            throw new IllegalArgumentException("lending.loans.offer-validity must be positive, was " + offerValidity);
        }
        if (reviewSla == null || reviewSla.isNegative() || reviewSla.isZero()) {
            throw new IllegalArgumentException("lending.loans.review-sla must be positive, was " + reviewSla);
        }
        if (annualRateBps < 0 || annualRateBps > 10_000) {
            throw new IllegalArgumentException("lending.loans.annual-rate-bps must be 0..10000, was " + annualRateBps);
        }
    }

    public static LoanSettings defaults() {
        return new LoanSettings(Duration.ofDays(14), Duration.ofHours(24), 750, "Bank of Things");
    }
}
