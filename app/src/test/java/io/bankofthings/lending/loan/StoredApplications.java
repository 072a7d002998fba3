package io.bankofthings.lending.loan;

import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores an application straight in a given status, without its process, for page tests that need a state the
 * process would not reach with the data they want to show (e.g. a device that has stopped reporting).
 */
public final class StoredApplications {

    private StoredApplications() {}

    public static String stored(LoanApplications applications, TransactionTemplate tx, NewLoanApplication application,
            LoanStatus status) {
        String loanId = "L-" + UUID.randomUUID();
        var collateral = application.collateral().stream()
                .map(c -> new CollateralItem("C-" + UUID.randomUUID(), c.kind(), c.description(), c.assetIdentifier(),
                        c.declaredValueMinor(), c.site(), c.devices()))
                .toList();
        tx.executeWithoutResult(s -> {
            applications.insert(loanId, application, collateral);
            applications.setStatus(loanId, status);
            applications.appendHistory(loanId, status, "stored by a test", "test");
        });
        return loanId;
    }
}
