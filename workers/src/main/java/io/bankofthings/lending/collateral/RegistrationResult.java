package io.bankofthings.lending.collateral;

import java.util.List;

/** The outcome of collateral registration: accepted, or refused with every reason. */
public record RegistrationResult(List<String> refusals, String summary) {

    public boolean accepted() {
        return refusals.isEmpty();
    }
}
