package io.bankofthings.lending.collateral;

import io.bankofthings.lending.loan.DeviceType;
import java.util.List;
import java.util.Optional;
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

    /** Registers a device, or updates its type and label; returns it as stored. */
    public RegisteredDevice register(String deviceId, DeviceType type, String label, String registeredBy) {
        jdbc.sql("""
                        insert into collateral_device (device_id, device_type, label, registered_by)
                        values (:id, :type, :label, :by)
                        on conflict (device_id) do update set device_type = excluded.device_type, label = excluded.label""")
                .param("id", deviceId)
                .param("type", type.name())
                .param("label", label)
                .param("by", registeredBy)
                .update();
        LOG.info("Device {} ({}) registered by {}", deviceId, type, registeredBy);
        return find(deviceId).orElseThrow();
    }

    public Optional<RegisteredDevice> find(String deviceId) {
        return jdbc.sql("select * from collateral_device where device_id = :id")
                .param("id", deviceId)
                .query((rs, n) -> new RegisteredDevice(rs.getString("device_id"), DeviceType.valueOf(rs.getString("device_type")),
                        rs.getString("label"), rs.getString("registered_by"), rs.getTimestamp("registered_at").toInstant()))
                .optional();
    }

    public List<RegisteredDevice> all() {
        return jdbc.sql("select * from collateral_device order by device_id")
                .query((rs, n) -> new RegisteredDevice(rs.getString("device_id"), DeviceType.valueOf(rs.getString("device_type")),
                        rs.getString("label"), rs.getString("registered_by"), rs.getTimestamp("registered_at").toInstant()))
                .list();
    }
}
