package io.bankofthings.lending.kyc;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Know-your-customer check of an applicant: a natural person must be of age (18), a legal person must exist (founded
 * on or before today), and neither may be on the compliance watch list. The watch list holds SHA-256 hashes of
 * identity numbers (upper-cased, without spaces and hyphens), so no raw national id is kept there; reasons never name
 * the number.
 */
@Service
public class IdentityCheck {

    static final int AGE_OF_MAJORITY = 18;

    private final JdbcClient jdbc;
    private final Clock clock;

    public IdentityCheck(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public IdentityCheckResult check(Applicant applicant) {
        if (applicant == null) {
            return new IdentityCheckResult(false, "identity check failed: no applicant data");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (applicant.type() == ApplicantType.NATURAL_PERSON) {
            int age = Period.between(applicant.birthDate(), today).getYears();
            if (age < AGE_OF_MAJORITY) {
                return new IdentityCheckResult(false, "identity check failed: applicant is under " + AGE_OF_MAJORITY);
            }
        } else if (applicant.foundedOn() != null && applicant.foundedOn().isAfter(today)) {
            return new IdentityCheckResult(false, "identity check failed: company founding date lies in the future");
        }
        var listed = jdbc.sql("select reason from kyc_watchlist where identity_hash = :hash")
                .param("hash", hash(applicant.identityNumber()))
                .query(String.class)
                .optional();
        if (listed.isPresent()) {
            return new IdentityCheckResult(false, "identity check failed: on the compliance watch list (" + listed.get() + ")");
        }
        return new IdentityCheckResult(true, "identity verified: " + (applicant.type() == ApplicantType.NATURAL_PERSON
                ? "natural person of age" : "registered legal person") + ", not on the watch list");
    }

    /** Puts an identity number on the watch list (compliance). */
    public void watch(String identityNumber, String reason) {
        jdbc.sql("insert into kyc_watchlist (identity_hash, reason) values (:hash, :reason) on conflict do nothing")
                .param("hash", hash(identityNumber))
                .param("reason", reason)
                .update();
    }

    static String hash(String identityNumber) {
        String normalized = identityNumber == null ? "" : identityNumber.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
