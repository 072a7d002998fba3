package io.bankofthings.lending.loan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Checks a new application field by field; the rules here are the ones the API and the page show. */
final class LoanApplicationValidator {

    static final long MAX_AMOUNT_MINOR = 100_000_000_00L;
    static final int MAX_TERM_MONTHS = 120;
    static final int MAX_COLLATERAL_ITEMS = 20;
    static final int MAX_DEVICES_PER_ITEM = 10;
    static final int MIN_SITE_RADIUS_METERS = 10;
    static final int MAX_SITE_RADIUS_METERS = 50_000;
    static final String DEVICE_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";
    private static final String ASSET_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:/-]{2,99}";
    private static final String NATIONAL_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9 -]{4,38}[A-Za-z0-9]";
    private static final String REGISTRATION_PATTERN = "[A-Za-z0-9][A-Za-z0-9 ./-]{2,38}[A-Za-z0-9]";

    private LoanApplicationValidator() {}

    static List<FieldError> validate(NewLoanApplication application, LocalDate today) {
        var errors = new ArrayList<FieldError>();
        if (application.borrowerId() == null || application.borrowerId().isBlank()) {
            errors.add(new FieldError("borrowerId", "is required"));
        }
        validateApplicant(application.applicant(), today, errors);
        if (application.amountMinor() <= 0) {
            errors.add(new FieldError("amountMinor", "must be positive, was " + application.amountMinor()));
        } else if (application.amountMinor() > MAX_AMOUNT_MINOR) {
            errors.add(new FieldError("amountMinor", "must be at most " + MAX_AMOUNT_MINOR + ", was " + application.amountMinor()));
        }
        if (application.currency() == null || !application.currency().matches("[A-Z]{3}")) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code such as EUR, was " + application.currency()));
        }
        if (application.termMonths() < 1 || application.termMonths() > MAX_TERM_MONTHS) {
            errors.add(new FieldError("termMonths", "must be between 1 and " + MAX_TERM_MONTHS + ", was " + application.termMonths()));
        }
        if (application.purpose() != null && application.purpose().length() > 500) {
            errors.add(new FieldError("purpose", "must be at most 500 characters"));
        }
        if (application.repaymentType() == null) {
            errors.add(new FieldError("repaymentType", "must be one of ANNUITY, EQUAL_PRINCIPAL"));
        }
        var collateral = application.collateral();
        if (collateral == null || collateral.isEmpty()) {
            errors.add(new FieldError("collateral", "at least one collateral item is required"));
        } else if (collateral.size() > MAX_COLLATERAL_ITEMS) {
            errors.add(new FieldError("collateral", "at most " + MAX_COLLATERAL_ITEMS + " items, was " + collateral.size()));
        } else {
            var assets = new HashSet<String>();
            var devices = new HashSet<String>();
            for (int i = 0; i < collateral.size(); i++) {
                validateItem(collateral.get(i), "collateral[" + i + "]", assets, devices, errors);
            }
        }
        return errors;
    }

    private static void validateApplicant(Applicant applicant, LocalDate today, List<FieldError> errors) {
        if (applicant == null) {
            errors.add(new FieldError("applicant", "is required"));
            return;
        }
        if (applicant.type() == null) {
            errors.add(new FieldError("applicant.type", "must be one of NATURAL_PERSON, LEGAL_PERSON"));
        }
        if (applicant.name() == null || applicant.name().strip().length() < 2 || applicant.name().length() > 200) {
            errors.add(new FieldError("applicant.name", "must be 2 to 200 characters"));
        }
        if (applicant.country() == null || !applicant.country().matches("[A-Z]{2}")) {
            errors.add(new FieldError("applicant.country", "must be an ISO 3166 code such as DE, was " + applicant.country()));
        }
        if (applicant.type() == ApplicantType.NATURAL_PERSON) {
            if (applicant.birthDate() == null) {
                errors.add(new FieldError("applicant.birthDate", "is required for a natural person"));
            } else if (!applicant.birthDate().isBefore(today)) {
                errors.add(new FieldError("applicant.birthDate", "must be in the past, was " + applicant.birthDate()));
            }
            // the value itself is never echoed: it is a national id
            if (applicant.nationalId() == null || !applicant.nationalId().matches(NATIONAL_ID_PATTERN)) {
                errors.add(new FieldError("applicant.nationalId", "must be 6 to 40 letters, digits, spaces or hyphens"));
            }
        } else if (applicant.type() == ApplicantType.LEGAL_PERSON) {
            if (applicant.registrationNumber() == null || !applicant.registrationNumber().matches(REGISTRATION_PATTERN)) {
                errors.add(new FieldError("applicant.registrationNumber", "must be 4 to 40 letters, digits, spaces or . / -"));
            }
            if (applicant.foundedOn() == null) {
                errors.add(new FieldError("applicant.foundedOn", "is required for a legal person"));
            } else if (applicant.foundedOn().isAfter(today)) {
                errors.add(new FieldError("applicant.foundedOn", "must not be in the future, was " + applicant.foundedOn()));
            }
        }
    }

    private static void validateItem(NewLoanApplication.NewCollateral item, String at, HashSet<String> assets,
            HashSet<String> devices, List<FieldError> errors) {
        if (item == null) {
            errors.add(new FieldError(at, "is required"));
            return;
        }
        if (item.kind() == null) {
            errors.add(new FieldError(at + ".kind", "must be one of EQUIPMENT, VEHICLE, INVENTORY_LOT"));
        }
        if (item.description() == null || item.description().isBlank()) {
            errors.add(new FieldError(at + ".description", "is required"));
        } else if (item.description().length() > 500) {
            errors.add(new FieldError(at + ".description", "must be at most 500 characters"));
        }
        if (item.assetIdentifier() == null || !item.assetIdentifier().matches(ASSET_ID_PATTERN)) {
            errors.add(new FieldError(at + ".assetIdentifier",
                    "must be 3-100 letters, digits or . _ : / - (serial number, VIN or lot number)"));
        } else if (!assets.add(item.assetIdentifier().toUpperCase(java.util.Locale.ROOT))) {
            errors.add(new FieldError(at + ".assetIdentifier", "is declared twice in this application: " + item.assetIdentifier()));
        }
        if (item.declaredValueMinor() <= 0) {
            errors.add(new FieldError(at + ".declaredValueMinor", "must be positive, was " + item.declaredValueMinor()));
        }
        var site = item.site();
        if (site == null) {
            errors.add(new FieldError(at + ".site", "is required: address, latitude, longitude and radiusMeters"));
        } else {
            if (site.address() == null || site.address().isBlank() || site.address().length() > 300) {
                errors.add(new FieldError(at + ".site.address", "must be 1 to 300 characters"));
            }
            if (!(site.latitude() >= -90 && site.latitude() <= 90)) {
                errors.add(new FieldError(at + ".site.latitude", "must be between -90 and 90, was " + site.latitude()));
            }
            if (!(site.longitude() >= -180 && site.longitude() <= 180)) {
                errors.add(new FieldError(at + ".site.longitude", "must be between -180 and 180, was " + site.longitude()));
            }
            if (site.radiusMeters() < MIN_SITE_RADIUS_METERS || site.radiusMeters() > MAX_SITE_RADIUS_METERS) {
                errors.add(new FieldError(at + ".site.radiusMeters", "must be between " + MIN_SITE_RADIUS_METERS + " and "
                        + MAX_SITE_RADIUS_METERS + ", was " + site.radiusMeters()));
            }
        }
        var bound = item.devices();
        if (bound == null || bound.isEmpty()) {
            errors.add(new FieldError(at + ".devices", "at least one device is required"));
        } else if (bound.size() > MAX_DEVICES_PER_ITEM) {
            errors.add(new FieldError(at + ".devices", "at most " + MAX_DEVICES_PER_ITEM + " devices, was " + bound.size()));
        } else {
            for (int d = 0; d < bound.size(); d++) {
                var device = bound.get(d);
                String dat = at + ".devices[" + d + "]";
                if (device == null) {
                    errors.add(new FieldError(dat, "is required"));
                    continue;
                }
                if (device.deviceId() == null || !device.deviceId().matches(DEVICE_ID_PATTERN)) {
                    errors.add(new FieldError(dat + ".deviceId",
                            "must be 1-100 letters, digits or . _ : - and start with a letter or digit"));
                } else if (!devices.add(device.deviceId())) {
                    errors.add(new FieldError(dat + ".deviceId", "is bound twice in this application: " + device.deviceId()));
                }
                if (device.type() == null) {
                    errors.add(new FieldError(dat + ".type", "must be one of GPS_TRACKER, EQUIPMENT_MONITOR, RFID_GATE"));
                }
            }
        }
    }
}
