package io.bankofthings.lending.loan;

import java.util.List;

/** The collateral (an asset or a device) already secures another live application or loan. */
public class DuplicateCollateralException extends RuntimeException {

    private final List<String> claims;

    public DuplicateCollateralException(List<String> claims) {
        super("Collateral already in another live application: " + String.join(", ", claims));
        this.claims = List.copyOf(claims);
    }

    /** What is taken, as {@code asset:<identifier>} or {@code device:<deviceId>}. */
    public List<String> claims() {
        return claims;
    }
}
