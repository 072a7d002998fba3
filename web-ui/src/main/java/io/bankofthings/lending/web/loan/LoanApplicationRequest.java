package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.NewLoanApplication;
import io.bankofthings.lending.loan.RepaymentType;
import java.time.LocalDate;
import java.util.List;

/**
 * Body of {@code POST /api/loan-applications}; amounts in minor units (cents). Missing numbers become values the
 * validator refuses with the field's name; a missing repayment type means ANNUITY.
 */
public record LoanApplicationRequest(
        ApplicantData applicant,
        Long amountMinor,
        String currency,
        Integer termMonths,
        String purpose,
        RepaymentType repaymentType,
        List<Collateral> collateral) {

    /** Who borrows: a natural person (birthDate, nationalId) or a legal person (registrationNumber, foundedOn). */
    public record ApplicantData(ApplicantType type, String name, LocalDate birthDate, String nationalId,
            String registrationNumber, LocalDate foundedOn, String country) {

        @Override
        public String toString() {
            return "ApplicantData[" + type + "]";
        }
    }

    /** Where the item is kept: address, WGS 84 coordinates and a radius in metres. */
    public record Site(String address, Double latitude, Double longitude, Integer radiusMeters) {}

    /** One device bound to the item. */
    public record Device(String deviceId, DeviceType type) {}

    /** One collateral item, its site and the IoT devices that watch it. */
    public record Collateral(CollateralKind kind, String description, String assetIdentifier, Long declaredValueMinor,
            Site site, List<Device> devices) {}

    NewLoanApplication toApplication(String borrowerId, String username) {
        return new NewLoanApplication(
                borrowerId,
                username,
                applicant == null ? null : new Applicant(applicant.type(), applicant.name(), applicant.birthDate(),
                        applicant.nationalId(), applicant.registrationNumber(), applicant.foundedOn(), applicant.country()),
                amountMinor == null ? 0 : amountMinor,
                currency,
                termMonths == null ? 0 : termMonths,
                purpose,
                repaymentType == null ? RepaymentType.ANNUITY : repaymentType,
                collateral == null ? List.of() : collateral.stream().map(LoanApplicationRequest::toCollateral).toList());
    }

    private static NewLoanApplication.NewCollateral toCollateral(Collateral c) {
        if (c == null) {
            return null;
        }
        var site = c.site() == null ? null : new CollateralSite(c.site().address(),
                c.site().latitude() == null ? Double.NaN : c.site().latitude(),
                c.site().longitude() == null ? Double.NaN : c.site().longitude(),
                c.site().radiusMeters() == null ? 0 : c.site().radiusMeters());
        var devices = c.devices() == null ? null
                : c.devices().stream().map(d -> d == null ? null : new BoundDevice(d.deviceId(), d.type())).toList();
        return new NewLoanApplication.NewCollateral(c.kind(), c.description(), c.assetIdentifier(),
                c.declaredValueMinor() == null ? 0 : c.declaredValueMinor(), site, devices);
    }
}
