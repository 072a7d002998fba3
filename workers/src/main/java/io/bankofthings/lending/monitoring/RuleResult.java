package io.bankofthings.lending.monitoring;

import org.jspecify.annotations.Nullable;

/**
 * What one rule found: not applicable (the reading lacks the data), safe (the condition does not hold, so open alerts
 * of this type may be resolved), or an alert.
 */
public record RuleResult(AlertType type, boolean applicable, @Nullable AlertCandidate alert) {

    public static RuleResult notApplicable(AlertType type) {
        return new RuleResult(type, false, null);
    }

    public static RuleResult safe(AlertType type) {
        return new RuleResult(type, true, null);
    }

    public static RuleResult alert(AlertCandidate alert) {
        return new RuleResult(alert.type(), true, alert);
    }

    public boolean isSafe() {
        return applicable && alert == null;
    }
}
