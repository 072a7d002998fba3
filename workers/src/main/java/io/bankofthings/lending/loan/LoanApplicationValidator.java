package io.bankofthings.lending.loan;

import java.util.ArrayList;
import java.util.List;

/** Checks a new application field by field; the rules here are the ones the API and the page show. */
final class LoanApplicationValidator {

    static final long MAX_AMOUNT_MINOR = 100_000_000_00L;
    static final int MAX_TERM_MONTHS = 120;
    static final int MAX_COLLATERAL_ITEMS = 20;
    private static final String DEVICE_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";

    private LoanApplicationValidator() {}

    static List<FieldError> validate(NewLoanApplication application) {
        var errors = new ArrayList<FieldError>();
        if (application.borrowerId() == null || application.borrowerId().isBlank()) {
            errors.add(new FieldError("borrowerId", "is required"));
        }
        if (application.amountMinor() <= 0) {
            errors.add(new FieldError("amountMinor", "must be positive, was " + application.amountMinor()));
        } else if (application.amountMinor() > MAX_AMOUNT_MINOR) {
            errors.add(new FieldError("amountMinor", "must be at most " + MAX_AMOUNT_MINOR + ", was " + application.amountMinor()));
        }
        if (application.currency() == null || !application.currency().matches("[A-Z]{3}")) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code such as EUR, was " + application.currency()));
        }
        if (application.termMonths() < 1 || application.termMonths() > MAX_TERM_MONTHS) {
            errors.add(new FieldError("termMonths", "must be between 1 and " + MAX_TERM_MONTHS + ", was " + application.termMonths()));
        }
        if (application.purpose() != null && application.purpose().length() > 500) {
            errors.add(new FieldError("purpose", "must be at most 500 characters"));
        }
        var collateral = application.collateral();
        if (collateral == null || collateral.isEmpty()) {
            errors.add(new FieldError("collateral", "at least one collateral item is required"));
        } else if (collateral.size() > MAX_COLLATERAL_ITEMS) {
            errors.add(new FieldError("collateral", "at most " + MAX_COLLATERAL_ITEMS + " items, was " + collateral.size()));
        } else {
            for (int i = 0; i < collateral.size(); i++) {
                var item = collateral.get(i);
                String at = "collateral[" + i + "].";
                if (item == null) {
                    errors.add(new FieldError("collateral[" + i + "]", "is required"));
                    continue;
                }
                if (item.kind() == null) {
                    errors.add(new FieldError(at + "kind", "must be one of EQUIPMENT, VEHICLE, INVENTORY_LOT"));
                }
                if (item.description() == null || item.description().isBlank()) {
                    errors.add(new FieldError(at + "description", "is required"));
                } else if (item.description().length() > 500) {
                    errors.add(new FieldError(at + "description", "must be at most 500 characters"));
                }
                if (item.declaredValueMinor() <= 0) {
                    errors.add(new FieldError(at + "declaredValueMinor", "must be positive, was " + item.declaredValueMinor()));
                }
                if (item.deviceId() == null || !item.deviceId().matches(DEVICE_ID_PATTERN)) {
                    errors.add(new FieldError(at + "deviceId",
                            "must be 1-100 letters, digits or . _ : - and start with a letter or digit"));
                }
            }
        }
        return errors;
    }
}
