package io.bankofthings.lending.loan;

import io.bankofthings.lending.support.TestDatabase;
import java.util.List;
import java.util.UUID;

/** Stores applications in a given state for tests of the steps that follow. */
public final class LoanFixtures {

    private LoanFixtures() {}

    public static LoanApplications applications() {
        return new LoanApplications(TestDatabase.jdbc());
    }

    /** Stores an application for {@code borrowerId} and moves it straight to {@code status}; returns its id. */
    public static String stored(String borrowerId, long amountMinor, LoanStatus status) {
        String loanId = "L-test-" + UUID.randomUUID();
        var application = new NewLoanApplication(borrowerId, borrowerId, amountMinor, "EUR", 24, "test",
                List.of(new NewLoanApplication.NewCollateral(CollateralKind.EQUIPMENT, "CNC lathe", amountMinor * 3, "dev-" + loanId)));
        var collateral = List.of(new CollateralItem("C-" + UUID.randomUUID(), CollateralKind.EQUIPMENT, "CNC lathe", amountMinor * 3, "dev-" + loanId));
        TestDatabase.transactions().executeWithoutResult(s -> {
            applications().insert(loanId, application, collateral);
            applications().setStatus(loanId, status);
        });
        return loanId;
    }
}
