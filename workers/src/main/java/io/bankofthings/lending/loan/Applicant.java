package io.bankofthings.lending.loan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.LocalDate;

/**
 * Who borrows, with the identity data the KYC check needs. A natural person has a birth date and a national id; a legal
 * person has a registration number and a founding date. Identity numbers are never logged and shown only masked; the
 * national id is left out of JSON.
 *
 * @param country ISO 3166-1 alpha-2 code of residence or incorporation
 */
public record Applicant(
        ApplicantType type,
        String name,
        LocalDate birthDate,
        @JsonIgnore String nationalId,
        String registrationNumber,
        LocalDate foundedOn,
        String country) {

    /** The identity number the KYC check uses: the national id of a person, the registration number of a company. */
    public String identityNumber() {
        return type == ApplicantType.LEGAL_PERSON ? registrationNumber : nationalId;
    }

    /** The identity number with all but its last two characters replaced by {@code *}, for views. */
    public String maskedIdentityNumber() {
        String id = identityNumber();
        if (id == null || id.isEmpty()) {
            return null;
        }
        int visible = Math.min(2, id.length() / 3);
        return "*".repeat(id.length() - visible) + id.substring(id.length() - visible);
    }

    @Override
    public String toString() {
        return "Applicant[" + type + ", " + name + ", id " + maskedIdentityNumber() + "]";
    }
}
