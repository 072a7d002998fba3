package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.NewLoanApplication;
import java.math.BigDecimal;
import java.util.List;

/** The application form of the borrower portal: amounts as typed (major units, e.g. 10000.00), one collateral item. */
public class LoanApplicationForm {

    private String amount = "";
    private String currency = "EUR";
    private Integer termMonths = 24;
    private String purpose = "";
    private CollateralKind collateralKind = CollateralKind.EQUIPMENT;
    private String collateralDescription = "";
    private String collateralValue = "";
    private String deviceId = "";

    /** Converts to the domain command; an amount that is not a number becomes -1 so the validator names the field. */
    NewLoanApplication toApplication(String borrowerId, String username) {
        return new NewLoanApplication(borrowerId, username, toMinor(amount), currency, termMonths == null ? 0 : termMonths,
                purpose, List.of(new NewLoanApplication.NewCollateral(collateralKind, collateralDescription,
                        toMinor(collateralValue), deviceId == null ? null : deviceId.strip())));
    }

    static long toMinor(String major) {
        try {
            return new BigDecimal(major.strip().replace(",", "")).movePointRight(2).longValueExact();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Maps a domain field name to the form field that shows its error. */
    static String formField(String field) {
        return switch (field) {
            case "amountMinor" -> "amount";
            case "collateral[0].kind" -> "collateralKind";
            case "collateral[0].description" -> "collateralDescription";
            case "collateral[0].declaredValueMinor" -> "collateralValue";
            case "collateral[0].deviceId" -> "deviceId";
            default -> field;
        };
    }

    public String getAmount() { return amount; }
    public void setAmount(String amount) { this.amount = amount; }
    public String getCurrency() { return currency; }
    public void setCurrency(String currency) { this.currency = currency; }
    public Integer getTermMonths() { return termMonths; }
    public void setTermMonths(Integer termMonths) { this.termMonths = termMonths; }
    public String getPurpose() { return purpose; }
    public void setPurpose(String purpose) { this.purpose = purpose; }
    public CollateralKind getCollateralKind() { return collateralKind; }
    public void setCollateralKind(CollateralKind collateralKind) { this.collateralKind = collateralKind; }
    public String getCollateralDescription() { return collateralDescription; }
    public void setCollateralDescription(String collateralDescription) { this.collateralDescription = collateralDescription; }
    public String getCollateralValue() { return collateralValue; }
    public void setCollateralValue(String collateralValue) { this.collateralValue = collateralValue; }
    public String getDeviceId() { return deviceId; }
    public void setDeviceId(String deviceId) { this.deviceId = deviceId; }
}
