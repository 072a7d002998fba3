package io.bankofthings.lending.loan;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.RetentionSettings;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Storage refuses a readings retention shorter than the longest loan term; both modules must agree on that term. */
class TelemetryRetentionFloorUnitTests {

    @Test
    void readingsRetentionFloorCoversTheLongestLoanTermTheRulesAccept() {
        assertThat(RetentionSettings.LONGEST_LOAN_TERM_MONTHS).isEqualTo(LoanApplicationValidator.MAX_TERM_MONTHS);
        LocalDate worstStart = LocalDate.parse("2028-01-01"); // three leap days in the next ten years
        long longestTermDays = Duration.between(worstStart.atStartOfDay(),
                worstStart.plusMonths(LoanApplicationValidator.MAX_TERM_MONTHS).atStartOfDay()).toDays();
        assertThat(RetentionSettings.MIN_READINGS_RETENTION.toDays()).isGreaterThanOrEqualTo(longestTermDays);
    }
}
