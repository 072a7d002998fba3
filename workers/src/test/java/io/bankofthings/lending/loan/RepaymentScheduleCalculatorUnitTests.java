package io.bankofthings.lending.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RepaymentScheduleCalculatorUnitTests {

    static final LocalDate FIRST = LocalDate.of(2027, 1, 31);

    @Test
    void annuityPaysTheTextbookInstalmentAndRepaysThePrincipalExactly() {
        // 10,000.00 at 6% over 12 months: 860.66 a month (standard annuity formula)
        var schedule = RepaymentScheduleCalculator.schedule(RepaymentType.ANNUITY, 1_000_000, 600, 12, FIRST);

        assertThat(schedule).hasSize(12);
        assertThat(schedule.subList(0, 11)).allSatisfy(i -> assertThat(i.totalMinor()).isEqualTo(86_066));
        assertThat(schedule.getLast().totalMinor()).isBetween(86_060L, 86_072L);
        assertThat(schedule.stream().mapToLong(Installment::principalMinor).sum()).isEqualTo(1_000_000);
        assertThat(schedule.getFirst().interestMinor()).isEqualTo(5_000); // 10,000.00 x 0.5%
        assertThat(schedule.getFirst().principalMinor()).isEqualTo(81_066);
        assertThat(schedule.stream().mapToLong(Installment::interestMinor).sum()).isBetween(32_780L, 32_800L);
    }

    @Test
    void equalPrincipalRepaysTheSamePrincipalEachMonthWithFallingInterest() {
        var schedule = RepaymentScheduleCalculator.schedule(RepaymentType.EQUAL_PRINCIPAL, 1_000_000, 600, 12, FIRST);

        assertThat(schedule.subList(0, 11)).allSatisfy(i -> assertThat(i.principalMinor()).isEqualTo(83_333));
        assertThat(schedule.getLast().principalMinor()).isEqualTo(1_000_000 - 11 * 83_333);
        assertThat(schedule.getFirst().interestMinor()).isEqualTo(5_000);
        assertThat(schedule.get(1).interestMinor()).isEqualTo(4_583); // 916,667 x 0.5%, rounded half up
        assertThat(schedule).isSortedAccordingTo((a, b) -> Long.compare(b.interestMinor(), a.interestMinor()));
        // total interest = r x P x (n + 1) / 2 = 0.005 x 10,000.00 x 6.5 = 325.00, give or take rounding
        assertThat(schedule.stream().mapToLong(Installment::interestMinor).sum()).isBetween(32_495L, 32_505L);
    }

    @Test
    void dueDatesFallMonthlyFromTheFirstAndKeepTheEndOfMonth() {
        var schedule = RepaymentScheduleCalculator.schedule(RepaymentType.ANNUITY, 300_000, 750, 3, FIRST);

        assertThat(schedule).extracting(Installment::dueDate)
                .containsExactly(LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31));
        assertThat(schedule).extracting(Installment::seq).containsExactly(1, 2, 3);
    }

    @Test
    void zeroRateSplitsThePrincipalWithoutInterest() {
        var annuity = RepaymentScheduleCalculator.schedule(RepaymentType.ANNUITY, 1_000, 0, 3, FIRST);

        assertThat(annuity).extracting(Installment::interestMinor).containsOnly(0L);
        assertThat(annuity).extracting(Installment::principalMinor).containsExactly(334L, 334L, 332L);
        assertThat(RepaymentScheduleCalculator.annuityPayment(1_000, BigDecimal.ZERO, 3)).isEqualTo(334);
    }

    @Test
    void refusesNonsenseTerms() {
        assertThatThrownBy(() -> RepaymentScheduleCalculator.schedule(RepaymentType.ANNUITY, 0, 600, 12, FIRST))
                .hasMessage("Principal must be positive, was 0");
        assertThatThrownBy(() -> RepaymentScheduleCalculator.schedule(RepaymentType.ANNUITY, 100, 600, 0, FIRST))
                .hasMessage("Months must be positive, was 0");
        assertThatThrownBy(() -> RepaymentScheduleCalculator.schedule(RepaymentType.ANNUITY, 100, 20_000, 1, FIRST))
                .hasMessage("Annual rate must be 0..10000 bps, was 20000");
    }
}
