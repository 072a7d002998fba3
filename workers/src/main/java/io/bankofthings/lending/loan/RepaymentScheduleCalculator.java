package io.bankofthings.lending.loan;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly repayment schedules in minor units. Interest per month is the outstanding principal times the nominal annual
 * rate / 12, rounded half-up to a minor unit; the last instalment takes the rounding remainder of the principal, so the
 * principal parts always add up to the amount lent.
 */
public final class RepaymentScheduleCalculator {

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal BPS_PER_YEAR_TO_MONTHLY = BigDecimal.valueOf(10_000L * 12);

    private RepaymentScheduleCalculator() {}

    /**
     * @param principalMinor amount lent, positive
     * @param annualRateBps  nominal annual rate in basis points, 0..10000
     * @param months         number of monthly instalments, positive
     * @param firstDueDate   due date of the first instalment; the others fall on the same day of the following months
     */
    public static List<Installment> schedule(RepaymentType type, long principalMinor, int annualRateBps, int months,
            LocalDate firstDueDate) {
        if (principalMinor <= 0) {
            throw new IllegalArgumentException("Principal must be positive, was " + principalMinor);
        }
        if (months <= 0) {
            throw new IllegalArgumentException("Months must be positive, was " + months);
        }
        if (annualRateBps < 0 || annualRateBps > 10_000) {
            throw new IllegalArgumentException("Annual rate must be 0..10000 bps, was " + annualRateBps);
        }
        BigDecimal monthly = BigDecimal.valueOf(annualRateBps).divide(BPS_PER_YEAR_TO_MONTHLY, MC);
        return switch (type) {
            case ANNUITY -> annuity(principalMinor, monthly, months, firstDueDate);
            case EQUAL_PRINCIPAL -> equalPrincipal(principalMinor, monthly, months, firstDueDate);
        };
    }

    /** The constant monthly payment of an annuity, rounded half-up to a minor unit. */
    static long annuityPayment(long principalMinor, BigDecimal monthlyRate, int months) {
        if (monthlyRate.signum() == 0) {
            return BigDecimal.valueOf(principalMinor).divide(BigDecimal.valueOf(months), 0, RoundingMode.CEILING).longValueExact();
        }
        BigDecimal growth = BigDecimal.ONE.add(monthlyRate).pow(months, MC);
        BigDecimal payment = BigDecimal.valueOf(principalMinor).multiply(monthlyRate).multiply(growth)
                .divide(growth.subtract(BigDecimal.ONE), MC);
        return payment.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static List<Installment> annuity(long principal, BigDecimal monthlyRate, int months, LocalDate first) {
        long payment = annuityPayment(principal, monthlyRate, months);
        var installments = new ArrayList<Installment>(months);
        long balance = principal;
        for (int k = 1; k <= months; k++) {
            long interest = interest(balance, monthlyRate);
            long principalPart = k == months ? balance : Math.min(balance, Math.max(0, payment - interest));
            installments.add(new Installment(k, first.plusMonths(k - 1), principalPart, interest));
            balance -= principalPart;
        }
        return installments;
    }

    private static List<Installment> equalPrincipal(long principal, BigDecimal monthlyRate, int months, LocalDate first) {
        long part = principal / months;
        var installments = new ArrayList<Installment>(months);
        long balance = principal;
        for (int k = 1; k <= months; k++) {
            long interest = interest(balance, monthlyRate);
            long principalPart = k == months ? balance : part;
            installments.add(new Installment(k, first.plusMonths(k - 1), principalPart, interest));
            balance -= principalPart;
        }
        return installments;
    }

    private static long interest(long balance, BigDecimal monthlyRate) {
        return BigDecimal.valueOf(balance).multiply(monthlyRate).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
