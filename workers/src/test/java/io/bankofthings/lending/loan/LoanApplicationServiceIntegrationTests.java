package io.bankofthings.lending.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.support.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Submission: field-by-field validation and refusal of a second live application for the same collateral. */
class LoanApplicationServiceIntegrationTests {

    private final LoanApplicationService service =
            new LoanApplicationService(LoanFixtures.applications(), TestDatabase.transactions(), null, Clock.systemUTC());

    @Test
    void storesAValidApplicationWithApplicantSiteAndDevices() {
        String asset = "SN-" + UUID.randomUUID();
        var stored = service.submit(LoanFixtures.application("sub-1", 100_000, RepaymentType.EQUAL_PRINCIPAL, asset, "d-" + asset));

        assertThat(stored.status()).isEqualTo(LoanStatus.SUBMITTED);
        assertThat(stored.repaymentType()).isEqualTo(RepaymentType.EQUAL_PRINCIPAL);
        assertThat(stored.applicant().maskedIdentityNumber()).isEqualTo("*******29");
        assertThat(stored.applicant().toString()).doesNotContain("T22000129");
        assertThat(stored.collateral()).singleElement().satisfies(item -> {
            assertThat(item.assetIdentifier()).isEqualTo(asset);
            assertThat(item.site()).isEqualTo(LoanFixtures.SITE);
            assertThat(item.devices()).containsExactly(new BoundDevice("d-" + asset, DeviceType.EQUIPMENT_MONITOR));
        });
    }

    @Test
    void refusesASecondLiveApplicationForTheSameAssetOrDeviceUntilTheFirstEnds() {
        String asset = "SN-" + UUID.randomUUID();
        var first = service.submit(LoanFixtures.application("dup-1", 100_000, RepaymentType.ANNUITY, asset, "dev-a-" + asset));

        assertThatThrownBy(() -> service.submit(LoanFixtures.application("dup-2", 100_000, RepaymentType.ANNUITY,
                        asset.toLowerCase(), "dev-b-" + asset)))
                .isInstanceOfSatisfying(DuplicateCollateralException.class,
                        e -> assertThat(e.claims()).containsExactly("asset:" + asset.toUpperCase()));
        assertThatThrownBy(() -> service.submit(LoanFixtures.application("dup-3", 100_000, RepaymentType.ANNUITY,
                        "OTHER-" + asset, "dev-a-" + asset)))
                .isInstanceOfSatisfying(DuplicateCollateralException.class,
                        e -> assertThat(e.claims()).containsExactly("device:dev-a-" + asset));
        assertThat(LoanFixtures.applications().findByBorrower("dup-2")).isEmpty();

        service.rejectEarly(first.loanId(), "identity check failed: test", LoanApplicationService.KYC_ACTOR);
        var second = service.submit(LoanFixtures.application("dup-2", 100_000, RepaymentType.ANNUITY, asset, "dev-b-" + asset));
        assertThat(second.status()).isEqualTo(LoanStatus.SUBMITTED);
    }

    @Test
    void refusesInvalidApplicationsFieldByField() {
        var bad = new NewLoanApplication("v-1", "v", new Applicant(ApplicantType.NATURAL_PERSON, "X", null, "12", null, null, "de"),
                0, "EUR", 24, null, null,
                List.of(new NewLoanApplication.NewCollateral(CollateralKind.VEHICLE, "van", "!", 10,
                        new CollateralSite("", 91, 0, 5), List.of(new BoundDevice("ok-1", null), new BoundDevice("ok-1", DeviceType.GPS_TRACKER)))));

        assertThatThrownBy(() -> service.submit(bad))
                .isInstanceOfSatisfying(InvalidLoanApplicationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("applicant.name", "applicant.country", "applicant.birthDate", "applicant.nationalId",
                                "amountMinor", "repaymentType", "collateral[0].assetIdentifier", "collateral[0].site.address",
                                "collateral[0].site.latitude", "collateral[0].site.radiusMeters",
                                "collateral[0].devices[0].type", "collateral[0].devices[1].deviceId"));
        assertThat(LoanFixtures.applications().findByBorrower("v-1")).isEmpty();
    }
}
