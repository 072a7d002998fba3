package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.NewLoanApplication;
import io.bankofthings.lending.loan.RepaymentType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The application form of the borrower portal: amounts as typed (major units, e.g. 10000.00), the applicant, one
 * collateral item with its site and one device. Text that does not parse becomes a value the validator refuses with the
 * field's name.
 */
public class LoanApplicationForm {

    private ApplicantType applicantType = ApplicantType.NATURAL_PERSON;
    private String applicantName = "";
    private String birthDate = "";
    private String nationalId = "";
    private String registrationNumber = "";
    private String foundedOn = "";
    private String country = "DE";
    private String amount = "";
    private String currency = "EUR";
    private Integer termMonths = 24;
    private String purpose = "";
    private RepaymentType repaymentType = RepaymentType.ANNUITY;
    private CollateralKind collateralKind = CollateralKind.EQUIPMENT;
    private String collateralDescription = "";
    private String assetIdentifier = "";
    private String collateralValue = "";
    private String siteAddress = "";
    private String siteLatitude = "";
    private String siteLongitude = "";
    private Integer siteRadius = 200;
    private String deviceId = "";
    private DeviceType deviceType = DeviceType.EQUIPMENT_MONITOR;

    NewLoanApplication toApplication(String borrowerId, String username) {
        var applicant = new Applicant(applicantType, applicantName,
                applicantType == ApplicantType.NATURAL_PERSON ? date(birthDate) : null,
                applicantType == ApplicantType.NATURAL_PERSON ? strip(nationalId) : null,
                applicantType == ApplicantType.LEGAL_PERSON ? strip(registrationNumber) : null,
                applicantType == ApplicantType.LEGAL_PERSON ? date(foundedOn) : null,
                strip(country));
        var site = new CollateralSite(siteAddress, number(siteLatitude), number(siteLongitude), siteRadius == null ? 0 : siteRadius);
        return new NewLoanApplication(borrowerId, username, applicant, toMinor(amount), currency,
                termMonths == null ? 0 : termMonths, purpose, repaymentType,
                List.of(new NewLoanApplication.NewCollateral(collateralKind, collateralDescription, strip(assetIdentifier),
                        toMinor(collateralValue), site, List.of(new BoundDevice(strip(deviceId), deviceType)))));
    }

    static long toMinor(String major) {
        try {
            return new BigDecimal(major.strip().replace(",", "")).movePointRight(2).longValueExact();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    /** Maps a domain field name to the form field that shows its error. */
    static String formField(String field) {
        return switch (field) {
            case "amountMinor" -> "amount";
            case "applicant", "applicant.name" -> "applicantName";
            case "applicant.type" -> "applicantType";
            case "applicant.birthDate" -> "birthDate";
            case "applicant.nationalId" -> "nationalId";
            case "applicant.registrationNumber" -> "registrationNumber";
            case "applicant.foundedOn" -> "foundedOn";
            case "applicant.country" -> "country";
            case "collateral[0].kind" -> "collateralKind";
            case "collateral[0].description" -> "collateralDescription";
            case "collateral[0].assetIdentifier" -> "assetIdentifier";
            case "collateral[0].declaredValueMinor" -> "collateralValue";
            case "collateral[0].site", "collateral[0].site.address" -> "siteAddress";
            case "collateral[0].site.latitude" -> "siteLatitude";
            case "collateral[0].site.longitude" -> "siteLongitude";
            case "collateral[0].site.radiusMeters" -> "siteRadius";
            case "collateral[0].devices", "collateral[0].devices[0].deviceId" -> "deviceId";
            case "collateral[0].devices[0].type" -> "deviceType";
            case "termMonths", "currency", "purpose", "repaymentType" -> field;
            default -> "collateralDescription";
        };
    }

    public ApplicantType getApplicantType() { return applicantType; }
    public void setApplicantType(ApplicantType applicantType) { this.applicantType = applicantType; }
    public String getApplicantName() { return applicantName; }
    public void setApplicantName(String applicantName) { this.applicantName = applicantName; }
    public String getBirthDate() { return birthDate; }
    public void setBirthDate(String birthDate) { this.birthDate = birthDate; }
    public String getNationalId() { return nationalId; }
    public void setNationalId(String nationalId) { this.nationalId = nationalId; }
    public String getRegistrationNumber() { return registrationNumber; }
    public void setRegistrationNumber(String registrationNumber) { this.registrationNumber = registrationNumber; }
    public String getFoundedOn() { return foundedOn; }
    public void setFoundedOn(String foundedOn) { this.foundedOn = foundedOn; }
    public String getCountry() { return country; }
    public void setCountry(String country) { this.country = country; }
    public String getAmount() { return amount; }
    public void setAmount(String amount) { this.amount = amount; }
    public String getCurrency() { return currency; }
    public void setCurrency(String currency) { this.currency = currency; }
    public Integer getTermMonths() { return termMonths; }
    public void setTermMonths(Integer termMonths) { this.termMonths = termMonths; }
    public String getPurpose() { return purpose; }
    public void setPurpose(String purpose) { this.purpose = purpose; }
    public RepaymentType getRepaymentType() { return repaymentType; }
    public void setRepaymentType(RepaymentType repaymentType) { this.repaymentType = repaymentType; }
    public CollateralKind getCollateralKind() { return collateralKind; }
    public void setCollateralKind(CollateralKind collateralKind) { this.collateralKind = collateralKind; }
    public String getCollateralDescription() { return collateralDescription; }
    public void setCollateralDescription(String collateralDescription) { this.collateralDescription = collateralDescription; }
    public String getAssetIdentifier() { return assetIdentifier; }
    public void setAssetIdentifier(String assetIdentifier) { this.assetIdentifier = assetIdentifier; }
    public String getCollateralValue() { return collateralValue; }
    public void setCollateralValue(String collateralValue) { this.collateralValue = collateralValue; }
    public String getSiteAddress() { return siteAddress; }
    public void setSiteAddress(String siteAddress) { this.siteAddress = siteAddress; }
    public String getSiteLatitude() { return siteLatitude; }
    public void setSiteLatitude(String siteLatitude) { this.siteLatitude = siteLatitude; }
    public String getSiteLongitude() { return siteLongitude; }
    public void setSiteLongitude(String siteLongitude) { this.siteLongitude = siteLongitude; }
    public Integer getSiteRadius() { return siteRadius; }
    public void setSiteRadius(Integer siteRadius) { this.siteRadius = siteRadius; }
    public String getDeviceId() { return deviceId; }
    public void setDeviceId(String deviceId) { this.deviceId = deviceId; }
    public DeviceType getDeviceType() { return deviceType; }
    public void setDeviceType(DeviceType deviceType) { this.deviceType = deviceType; }
}
