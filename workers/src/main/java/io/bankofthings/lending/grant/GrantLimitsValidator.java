package io.bankofthings.lending.grant;

import io.bankofthings.lending.loan.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks grant limits field by field and names every problem. */
final class GrantLimitsValidator {

    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final Pattern COUNTERPARTY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,63}");
    static final Pattern MERCHANT_CATEGORY = Pattern.compile("[0-9]{4}");
    static final int MAX_SCOPE_ENTRIES = 50;
    static final Duration MAX_VALIDITY = Duration.ofDays(366);

    private GrantLimitsValidator() {}

    static List<FieldError> validate(GrantLimits limits, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (limits.currency() == null || !CURRENCY.matcher(limits.currency()).matches()) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code of three upper-case letters, was " + limits.currency()));
        }
        checkScope(errors, "allowedCounterparties", limits.allowedCounterparties(), COUNTERPARTY,
                "must be 1 to 64 letters, digits or . : _ - starting with a letter or digit");
        checkScope(errors, "allowedMerchantCategories", limits.allowedMerchantCategories(), MERCHANT_CATEGORY,
                "must be a four-digit merchant category code (ISO 18245)");
        if (limits.allowedCounterparties().isEmpty() && limits.allowedMerchantCategories().isEmpty()) {
            errors.add(new FieldError("allowedCounterparties",
                    "name at least one allowed counterparty or merchant category: a grant without a scope is refused"));
        }
        Long max = limits.maxPerTransactionMinor();
        if (max == null || max <= 0) {
            errors.add(new FieldError("maxPerTransactionMinor", "is required and must be positive, was " + max));
        }
        Long previous = null;
        String previousName = null;
        for (Period period : Period.values()) {
            String field = switch (period) {
                case DAY -> "dailyLimitMinor";
                case WEEK -> "weeklyLimitMinor";
                case MONTH -> "monthlyLimitMinor";
            };
            Long limit = limits.amountLimit(period);
            if (limit == null) {
                continue;
            }
            if (limit <= 0) {
                errors.add(new FieldError(field, "must be positive when given, was " + limit));
            } else if (max != null && max > 0 && limit < max) {
                errors.add(new FieldError(field, "must be at least maxPerTransactionMinor (" + max + "), was " + limit));
            } else if (previous != null && limit < previous) {
                errors.add(new FieldError(field, "must be at least " + previousName + " (" + previous + "), was " + limit));
            }
            if (limit > 0) {
                previous = limit;
                previousName = field;
            }
        }
        if (limits.maxPayments() != null && limits.maxPayments() <= 0) {
            errors.add(new FieldError("maxPayments", "must be positive when given, was " + limits.maxPayments()));
        }
        if ((limits.maxPayments() == null) != (limits.maxPaymentsPeriod() == null)) {
            errors.add(new FieldError("maxPaymentsPeriod", "give maxPayments and maxPaymentsPeriod (DAY, WEEK or MONTH) together"));
        }
        Instant from = limits.validFrom() == null ? now : limits.validFrom();
        if (limits.validUntil() == null) {
            errors.add(new FieldError("validUntil", "is required: the grant ends at this instant (ISO 8601, e.g. 2027-01-31T00:00:00Z)"));
        } else if (!limits.validUntil().isAfter(from)) {
            errors.add(new FieldError("validUntil", "must be after validFrom (" + from + "), was " + limits.validUntil()));
        } else if (!limits.validUntil().isAfter(now)) {
            errors.add(new FieldError("validUntil", "must be in the future, was " + limits.validUntil()));
        } else if (Duration.between(from, limits.validUntil()).compareTo(MAX_VALIDITY) > 0) {
            errors.add(new FieldError("validUntil", "must be at most 366 days after validFrom; renew the grant instead"));
        }
        return errors;
    }

    private static void checkScope(List<FieldError> errors, String field, List<String> values, Pattern pattern, String rule) {
        if (values.size() > MAX_SCOPE_ENTRIES) {
            errors.add(new FieldError(field, "must have at most " + MAX_SCOPE_ENTRIES + " entries, had " + values.size()));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !pattern.matcher(value).matches()) {
                errors.add(new FieldError(field + "[" + i + "]", rule + ", was " + value));
            }
        }
    }
}
