package io.bankofthings.lending.kyc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.support.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityCheckIntegrationTests {

    private final IdentityCheck check = new IdentityCheck(TestDatabase.jdbc(),
            Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

    private static Applicant person(LocalDate born, String nationalId) {
        return new Applicant(ApplicantType.NATURAL_PERSON, "Test Person", born, nationalId, null, null, "DE");
    }

    @Test
    void passesAnAdultNotOnTheWatchList() {
        var result = check.check(person(LocalDate.of(1990, 3, 1), "ID" + UUID.randomUUID().toString().substring(0, 8)));

        assertThat(result.passed()).isTrue();
        assertThat(result.reason()).isEqualTo("identity verified: natural person of age, not on the watch list");
    }

    @Test
    void refusesAMinor() {
        var result = check.check(person(LocalDate.of(2009, 1, 1), "MINOR0001"));

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("identity check failed: applicant is under 18");
    }

    @Test
    void refusesAWatchListedIdentityWhateverItsSpacingWithoutNamingTheNumber() {
        String id = "WL" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        check.watch(id, "sanctions list");

        var result = check.check(person(LocalDate.of(1970, 1, 1), id.substring(0, 4) + " " + id.substring(4).toLowerCase()));
        var company = check.check(new Applicant(ApplicantType.LEGAL_PERSON, "Shell Ltd", null, null, id, LocalDate.of(2000, 1, 1), "GB"));

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("identity check failed: on the compliance watch list (sanctions list)")
                .doesNotContain(id);
        assertThat(company.passed()).isFalse();
        assertThat(TestDatabase.jdbc().sql("select count(*) from kyc_watchlist where identity_hash = :h")
                .param("h", IdentityCheck.hash(id)).query(Long.class).single()).isEqualTo(1L);
    }
}
