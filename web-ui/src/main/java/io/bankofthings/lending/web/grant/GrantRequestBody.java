package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.GrantLimits;
import io.bankofthings.lending.grant.Period;
import java.time.Instant;
import java.util.List;

/** Body of a grant request or a change of limits; amounts in minor units, instants in ISO 8601 (UTC). */
public record GrantRequestBody(
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

    GrantLimits toLimits() {
        return new GrantLimits(currency, allowedCounterparties, allowedMerchantCategories, maxPerTransactionMinor,
                dailyLimitMinor, weeklyLimitMinor, monthlyLimitMinor, maxPayments, maxPaymentsPeriod, validFrom, validUntil);
    }
}
