package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.NewLoanApplication;
import java.util.List;

/** Body of {@code POST /api/loan-applications}; amounts in minor units (cents). */
public record LoanApplicationRequest(
        Long amountMinor, String currency, Integer termMonths, String purpose, List<Collateral> collateral) {

    /** One collateral item and the IoT device that watches it. */
    public record Collateral(CollateralKind kind, String description, Long declaredValueMinor, String deviceId) {}

    NewLoanApplication toApplication(String borrowerId, String username) {
        return new NewLoanApplication(
                borrowerId,
                username,
                amountMinor == null ? 0 : amountMinor,
                currency,
                termMonths == null ? 0 : termMonths,
                purpose,
                collateral == null
                        ? List.of()
                        : collateral.stream()
                                .map(c -> c == null
                                        ? null
                                        : new NewLoanApplication.NewCollateral(
                                                c.kind(), c.description(),
                                                c.declaredValueMinor() == null ? 0 : c.declaredValueMinor(),
                                                c.deviceId()))
                                .toList());
    }
}
