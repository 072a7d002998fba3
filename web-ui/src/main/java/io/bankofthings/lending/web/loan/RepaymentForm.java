package io.bankofthings.lending.web.loan;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;
import org.springframework.validation.Errors;

/**
 * The "Make a repayment" form of a disbursed loan's page: the amount as typed in major units (e.g. 125.50, in the
 * loan's currency) and the idempotency key of this rendering of the form, so a double submit pays once.
 */
public class RepaymentForm {

    private String amount = "";
    private String idempotencyKey = "";

    /** A form for a new repayment, under a key of its own. */
    static RepaymentForm fresh() {
        var form = new RepaymentForm();
        form.idempotencyKey = "page-" + UUID.randomUUID();
        return form;
    }

    /**
     * The amount in minor units (two decimals, as the rest of the portal), or null with the reason on
     * {@code amount} in {@code errors} when it is missing, not a number, has more than two decimals or is not positive.
     */
    Long amountMinor(Errors errors) {
        String typed = amount == null ? "" : amount.strip().replace(",", "");
        if (typed.isEmpty()) {
            errors.rejectValue("amount", "required", "is required");
            return null;
        }
        if (!typed.matches("[+-]?\\d+(\\.\\d*)?|[+-]?\\.\\d+")) {
            errors.rejectValue("amount", "format", "must be an amount like 125.50, was '" + abbreviate(amount.strip()) + "'");
            return null;
        }
        var value = new BigDecimal(typed);
        if (value.signum() <= 0) {
            errors.rejectValue("amount", "positive", "must be positive, was " + value.toPlainString());
            return null;
        }
        if (value.stripTrailingZeros().scale() > 2) {
            errors.rejectValue("amount", "format", "has at most two decimals, was " + value.toPlainString());
            return null;
        }
        try {
            return value.movePointRight(2).longValueExact();
        } catch (ArithmeticException tooLarge) {
            errors.rejectValue("amount", "format", "is too large");
            return null;
        }
    }

    /** {@code minor} units shown as on the page: 1,234.56 EUR. */
    static String display(long minor, String currency) {
        return String.format(Locale.ROOT, "%,.2f %s", BigDecimal.valueOf(minor, 2), currency);
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }

    public String getAmount() { return amount; }
    public void setAmount(String amount) { this.amount = amount; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public void setIdempotencyKey(String idempotencyKey) { this.idempotencyKey = idempotencyKey; }
}
