package io.bankofthings.lending.loan;

/**
 * The valuation of one collateral item by the collateral-valuation table: lending value = market value x (1 - haircut),
 * lending limit = lending value x LTV cap; amounts in minor units.
 */
public record CollateralValuation(
        String collateralId,
        CollateralKind kind,
        long marketValueMinor,
        double haircut,
        double ltvCap,
        long lendingValueMinor,
        long maxLoanMinor) {}
