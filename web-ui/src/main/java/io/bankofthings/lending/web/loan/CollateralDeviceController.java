package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.collateral.RegisteredDevice;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.FieldError;
import io.bankofthings.lending.loan.InvalidLoanApplicationException;
import io.bankofthings.lending.web.audit.Actor;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The device registry for operations: a device must be registered here before it can secure a loan. */
@RestController
@RequestMapping("/api/collateral-devices")
@PreAuthorize("hasAnyRole('operator','admin')")
class CollateralDeviceController {

    private final DeviceRegistry devices;

    CollateralDeviceController(DeviceRegistry devices) {
        this.devices = devices;
    }

    /**
     * A device to register; {@code latitude} and {@code longitude} (WGS84, together or not at all) say where a fixed
     * device stands, e.g. an RFID gate, whose sightings the cross-check compares with the GPS tracker's position.
     */
    record DeviceRequest(DeviceType type, String label, @Nullable Double latitude, @Nullable Double longitude) {}

    @GetMapping
    List<RegisteredDevice> all() {
        return devices.all();
    }

    @PutMapping("/{deviceId}")
    RegisteredDevice register(@PathVariable String deviceId, @RequestBody DeviceRequest request, Authentication authentication) {
        var errors = new java.util.ArrayList<FieldError>();
        if (!deviceId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
            errors.add(new FieldError("deviceId", "must be 1-100 letters, digits or . _ : - and start with a letter or digit"));
        }
        if (request.type() == null) {
            errors.add(new FieldError("type", "must be one of GPS_TRACKER, EQUIPMENT_MONITOR, RFID_GATE"));
        }
        if (request.label() != null && request.label().length() > 200) {
            errors.add(new FieldError("label", "must be at most 200 characters"));
        }
        if ((request.latitude() == null) != (request.longitude() == null)) {
            errors.add(new FieldError("latitude", "latitude and longitude must be given together"));
        }
        if (request.latitude() != null && !(request.latitude() >= -90 && request.latitude() <= 90)) {
            errors.add(new FieldError("latitude", "must be between -90 and 90, was " + request.latitude()));
        }
        if (request.longitude() != null && !(request.longitude() >= -180 && request.longitude() <= 180)) {
            errors.add(new FieldError("longitude", "must be between -180 and 180, was " + request.longitude()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidLoanApplicationException(errors);
        }
        return devices.register(deviceId, request.type(), request.label(), request.latitude(), request.longitude(),
                Actor.username(authentication));
    }
}
