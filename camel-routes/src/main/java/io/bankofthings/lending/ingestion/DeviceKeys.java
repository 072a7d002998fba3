package io.bankofthings.lending.ingestion;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The HMAC keys of devices, provisioned through the API and kept sealed ({@link DeviceKeyCipher}) in
 * {@code ingestion_device_key}; opened keys are cached in memory. Keys are never logged.
 */
@Component
public class DeviceKeys {

    /** Length of a generated device key, in bytes. */
    public static final int KEY_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceKeys.class);

    private final JdbcTemplate jdbc;
    private final DeviceKeyCipher cipher;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, byte[]> opened = new ConcurrentHashMap<>();

    /** Keeps keys in the database of {@code jdbc}, sealed with the master key of {@code settings}. */
    @Autowired
    public DeviceKeys(JdbcTemplate jdbc, IngestionSettings settings) {
        this(jdbc, DeviceKeyCipher.fromSettings(settings));
    }

    DeviceKeys(JdbcTemplate jdbc, DeviceKeyCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * Creates a new random key for {@code deviceId}, replacing any earlier one, and returns it; the only time the
     * key leaves the platform.
     *
     * @param deviceId id of the device; must match {@link TelemetryJsonParser#DEVICE_ID}
     * @param provisionedBy user name of who provisions the key, for the record
     * @throws IllegalArgumentException when the device id is invalid
     */
    public byte[] provision(String deviceId, String provisionedBy) {
        if (!TelemetryJsonParser.DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException(
                    "Device id must match %s: '%s'".formatted(TelemetryJsonParser.DEVICE_ID, deviceId));
        }
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        byte[] nonce = cipher.newNonce();
        byte[] sealed = cipher.seal(deviceId, nonce, key);
        jdbc.update("""
                insert into ingestion_device_key (device_id, key_nonce, key_sealed, provisioned_by) values (?, ?, ?, ?)
                on conflict (device_id) do update set key_nonce = excluded.key_nonce, key_sealed = excluded.key_sealed,
                    provisioned_at = now(), provisioned_by = excluded.provisioned_by""",
                deviceId, nonce, sealed, provisionedBy);
        opened.put(deviceId, key.clone());
        LOG.info("Provisioned a key for device {} by {}", deviceId, provisionedBy);
        return key;
    }

    /** Returns a copy of the key of {@code deviceId}, or empty when none is provisioned. */
    public Optional<byte[]> keyOf(String deviceId) {
        byte[] key = opened.get(deviceId);
        if (key == null) {
            key = jdbc.query("select key_nonce, key_sealed from ingestion_device_key where device_id = ?",
                            rs -> rs.next() ? cipher.open(deviceId, rs.getBytes(1), rs.getBytes(2)) : null, deviceId);
            if (key == null) {
                return Optional.empty();
            }
            opened.put(deviceId, key);
        }
        return Optional.of(Arrays.copyOf(key, key.length));
    }
}
