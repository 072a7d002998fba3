package io.bankofthings.lending.collateral;

import io.bankofthings.lending.loan.DeviceType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The devices the bank knows. A device becomes known when operations registers it (its id and type, after installing
 * it or checking the IoT platform's record); only known devices can secure a loan.
 */
@Repository
public class DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    private final JdbcClient jdbc;

    public DeviceRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers a device without a fixed position, or updates its type and label; returns it as stored. */
    public RegisteredDevice register(String deviceId, DeviceType type, String label, String registeredBy) {
        return register(deviceId, type, label, null, null, registeredBy);
    }

    /**
     * Registers a device, or updates its type, label and position; returns it as stored.
     *
     * @param latitude where a fixed device (an RFID gate) stands, WGS84 degrees, or null; given with {@code longitude}
     */
    public RegisteredDevice register(String deviceId, DeviceType type, String label, @Nullable Double latitude,
            @Nullable Double longitude, String registeredBy) {
        jdbc.sql("""
                        insert into collateral_device (device_id, device_type, label, latitude, longitude, registered_by)
                        values (:id, :type, :label, :lat, :lon, :by)
                        on conflict (device_id) do update set device_type = excluded.device_type, label = excluded.label,
                            latitude = excluded.latitude, longitude = excluded.longitude""")
                .param("id", deviceId)
                .param("type", type.name())
                .param("label", label)
                .param("lat", latitude)
                .param("lon", longitude)
                .param("by", registeredBy)
                .update();
        LOG.info("Device {} ({}) registered by {}", deviceId, type, registeredBy);
        return find(deviceId).orElseThrow();
    }

    public Optional<RegisteredDevice> find(String deviceId) {
        return jdbc.sql("select * from collateral_device where device_id = :id")
                .param("id", deviceId)
                .query(DeviceRegistry::device)
                .optional();
    }

    public List<RegisteredDevice> all() {
        return jdbc.sql("select * from collateral_device order by device_id")
                .query(DeviceRegistry::device)
                .list();
    }

    private static RegisteredDevice device(ResultSet rs, int row) throws SQLException {
        return new RegisteredDevice(rs.getString("device_id"), DeviceType.valueOf(rs.getString("device_type")),
                rs.getString("label"), rs.getString("registered_by"), rs.getTimestamp("registered_at").toInstant(),
                rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class));
    }
}
