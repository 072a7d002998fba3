package io.bankofthings.lending.loan;

import java.util.List;

/**
 * A loan's repayment schedule and balance; amounts in minor units of {@code currency}.
 *
 * @param outstandingPrincipalMinor principal not repaid yet
 * @param outstandingMinor          everything still owed on the schedule (open principal and interest)
 * @param overdueMinor              what is due and unpaid today
 * @param daysPastDue               days since the oldest unpaid due date, 0 when nothing is overdue
 */
public record LoanSchedule(
        String loanId,
        String status,
        String currency,
        RepaymentType repaymentType,
        Integer annualRateBps,
        long principalMinor,
        long outstandingPrincipalMinor,
        long outstandingMinor,
        long overdueMinor,
        long daysPastDue,
        long repaidMinor,
        List<ScheduledInstallment> installments) {}
