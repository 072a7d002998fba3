package io.bankofthings.lending.loan;

import io.bankofthings.lending.support.TestDatabase;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Valid applications, and applications stored in a given state, for tests of the steps that follow. */
public final class LoanFixtures {

    /** A workshop in Munich with a 300 m radius. */
    public static final CollateralSite SITE = new CollateralSite("Werkstattweg 1, 80331 Munich", 48.137, 11.575, 300);

    private LoanFixtures() {}

    public static LoanApplications applications() {
        return new LoanApplications(TestDatabase.jdbc());
    }

    public static Applicant person() {
        return new Applicant(ApplicantType.NATURAL_PERSON, "Bob Builder", LocalDate.of(1980, 5, 17), "T22000129",
                null, null, "DE");
    }

    /** An application over one equipment item watched by one equipment monitor. */
    public static NewLoanApplication application(String borrowerId, long amountMinor, RepaymentType type, String assetId,
            String deviceId) {
        return new NewLoanApplication(borrowerId, borrowerId, person(), amountMinor, "EUR", 24, "test", type,
                List.of(new NewLoanApplication.NewCollateral(CollateralKind.EQUIPMENT, "CNC lathe", assetId, amountMinor * 3,
                        SITE, List.of(new BoundDevice(deviceId, DeviceType.EQUIPMENT_MONITOR)))));
    }

    /** Stores an application for {@code borrowerId} and moves it straight to {@code status}; returns its id. */
    public static String stored(String borrowerId, long amountMinor, LoanStatus status) {
        String loanId = "L-test-" + UUID.randomUUID();
        var application = application(borrowerId, amountMinor, RepaymentType.ANNUITY, "SN-" + loanId, "dev-" + loanId);
        var item = application.collateral().getFirst();
        var collateral = List.of(new CollateralItem("C-" + UUID.randomUUID(), item.kind(), item.description(),
                item.assetIdentifier(), item.declaredValueMinor(), item.site(), item.devices()));
        TestDatabase.transactions().executeWithoutResult(s -> {
            applications().insert(loanId, application, collateral);
            applications().setStatus(loanId, status);
        });
        return loanId;
    }

    /**
     * Stores an application in {@code status} over one vehicle at {@link #SITE} watched by {@code devices}; returns the
     * collateral item's id.
     */
    public static String storedCollateral(String borrowerId, LoanStatus status, List<BoundDevice> devices) {
        String loanId = "L-test-" + UUID.randomUUID();
        String collateralId = "C-" + UUID.randomUUID();
        var application = new NewLoanApplication(borrowerId, borrowerId, person(), 500_000, "EUR", 24, "test",
                RepaymentType.ANNUITY, List.of(new NewLoanApplication.NewCollateral(CollateralKind.VEHICLE, "delivery van",
                        "VIN-" + loanId, 1_500_000, SITE, devices)));
        var collateral = List.of(new CollateralItem(collateralId, CollateralKind.VEHICLE, "delivery van", "VIN-" + loanId,
                1_500_000, SITE, devices));
        TestDatabase.transactions().executeWithoutResult(s -> {
            applications().insert(loanId, application, collateral);
            applications().setStatus(loanId, status);
        });
        return collateralId;
    }
}
