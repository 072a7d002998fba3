package io.bankofthings.lending.web.things;

import io.bankofthings.lending.grant.GrantLimits;
import io.bankofthings.lending.grant.Period;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The form that requests a grant for a thing: amounts as typed in major units (e.g. {@code 50.00}), lists as
 * comma-separated text, the validity as a number of days from now. Blank optional limits mean "no such limit".
 */
public class GrantForm {

    private String currency = "EUR";
    private String counterparties = "";
    private String merchantCategories = "";
    private String maxPerTransaction = "";
    private String dailyLimit = "";
    private String weeklyLimit = "";
    private String monthlyLimit = "";
    private @Nullable Integer maxPayments;
    private @Nullable Period maxPaymentsPeriod;
    private @Nullable Integer validDays = 90;

    /** Converts to the domain limits; text that is not an amount becomes -1 so the validator names the field. */
    GrantLimits toLimits(Instant now) {
        return new GrantLimits(
                currency.strip().toUpperCase(java.util.Locale.ROOT),
                list(counterparties),
                list(merchantCategories),
                optionalMinor(maxPerTransaction),
                optionalMinor(dailyLimit),
                optionalMinor(weeklyLimit),
                optionalMinor(monthlyLimit),
                maxPayments,
                maxPayments == null ? null : maxPaymentsPeriod,
                now,
                validDays == null ? null : now.plus(Duration.ofDays(validDays)));
    }

    /** Maps a domain field name to the form field that shows its error. */
    static String formField(String field) {
        return switch (field) {
            case "allowedCounterparties" -> "counterparties";
            case "allowedMerchantCategories" -> "merchantCategories";
            case "maxPerTransactionMinor" -> "maxPerTransaction";
            case "dailyLimitMinor" -> "dailyLimit";
            case "weeklyLimitMinor" -> "weeklyLimit";
            case "monthlyLimitMinor" -> "monthlyLimit";
            case "validUntil", "validFrom" -> "validDays";
            default -> field;
        };
    }

    /** The form fields that can carry an error. */
    static final List<String> FIELDS = List.of("currency", "counterparties", "merchantCategories", "maxPerTransaction",
            "dailyLimit", "weeklyLimit", "monthlyLimit", "maxPayments", "maxPaymentsPeriod", "validDays");

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static @Nullable Long optionalMinor(String major) {
        if (major.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(major.strip().replace(",", "")).movePointRight(2).longValueExact();
        } catch (RuntimeException e) {
            return -1L;
        }
    }

    public String getCurrency() { return currency; }
    public void setCurrency(@Nullable String currency) { this.currency = currency == null ? "" : currency; }
    public String getCounterparties() { return counterparties; }
    public void setCounterparties(@Nullable String counterparties) { this.counterparties = counterparties == null ? "" : counterparties; }
    public String getMerchantCategories() { return merchantCategories; }
    public void setMerchantCategories(@Nullable String merchantCategories) { this.merchantCategories = merchantCategories == null ? "" : merchantCategories; }
    public String getMaxPerTransaction() { return maxPerTransaction; }
    public void setMaxPerTransaction(@Nullable String maxPerTransaction) { this.maxPerTransaction = maxPerTransaction == null ? "" : maxPerTransaction; }
    public String getDailyLimit() { return dailyLimit; }
    public void setDailyLimit(@Nullable String dailyLimit) { this.dailyLimit = dailyLimit == null ? "" : dailyLimit; }
    public String getWeeklyLimit() { return weeklyLimit; }
    public void setWeeklyLimit(@Nullable String weeklyLimit) { this.weeklyLimit = weeklyLimit == null ? "" : weeklyLimit; }
    public String getMonthlyLimit() { return monthlyLimit; }
    public void setMonthlyLimit(@Nullable String monthlyLimit) { this.monthlyLimit = monthlyLimit == null ? "" : monthlyLimit; }
    public @Nullable Integer getMaxPayments() { return maxPayments; }
    public void setMaxPayments(@Nullable Integer maxPayments) { this.maxPayments = maxPayments; }
    public @Nullable Period getMaxPaymentsPeriod() { return maxPaymentsPeriod; }
    public void setMaxPaymentsPeriod(@Nullable Period maxPaymentsPeriod) { this.maxPaymentsPeriod = maxPaymentsPeriod; }
    public @Nullable Integer getValidDays() { return validDays; }
    public void setValidDays(@Nullable Integer validDays) { this.validDays = validDays; }
}
