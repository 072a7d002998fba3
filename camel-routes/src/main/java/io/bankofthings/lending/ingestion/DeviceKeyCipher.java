package io.bankofthings.lending.ingestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals device keys with AES-256-GCM under the master key, with the device id as associated data, so a sealed key
 * only opens for its own device and any change to it is detected.
 */
public final class DeviceKeyCipher {

    /** Length of the master key, in bytes. */
    public static final int MASTER_KEY_BYTES = 32;

    /** Length of the GCM nonce, in bytes. */
    static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceKeyCipher.class);

    private final SecretKey masterKey;
    private final SecureRandom random = new SecureRandom();

    /** Creates a cipher over {@code masterKey}, which must be {@value #MASTER_KEY_BYTES} bytes. */
    public DeviceKeyCipher(byte[] masterKey) {
        if (masterKey.length != MASTER_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "Master key must be %d bytes, was %d".formatted(MASTER_KEY_BYTES, masterKey.length));
        }
        this.masterKey = new SecretKeySpec(masterKey, "AES");
    }

    /**
     * Returns the cipher for the configured master key: {@code masterKey} (base64) when set, else the key in
     * {@code masterKeyFile}, which is created with a random key when missing.
     *
     * @throws IllegalStateException when neither is configured or the key is not base64 of 32 bytes
     */
    public static DeviceKeyCipher fromSettings(IngestionSettings settings) {
        String encoded = settings.masterKey();
        if (encoded == null && settings.masterKeyFile() != null) {
            encoded = readOrCreate(Path.of(settings.masterKeyFile()));
        }
        if (encoded == null) {
            throw new IllegalStateException(
                    "No device master key: set LENDING_INGESTION_MASTER_KEY (base64 of 32 random bytes)");
        }
        try {
            return new DeviceKeyCipher(Base64.getDecoder().decode(encoded.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The device master key must be base64 of 32 bytes: " + e.getMessage());
        }
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
            byte[] key = new byte[MASTER_KEY_BYTES];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, encoded, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the data folder's own protection applies
            }
            LOG.warn("Created a device master key in {}; production sets LENDING_INGESTION_MASTER_KEY instead", file);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the device master key file " + file, e);
        }
    }

    /** Returns a new random nonce of {@value #NONCE_BYTES} bytes. */
    byte[] newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /** Returns {@code deviceKey} sealed for {@code deviceId} with {@code nonce}. */
    byte[] seal(String deviceId, byte[] nonce, byte[] deviceKey) {
        return run(Cipher.ENCRYPT_MODE, deviceId, nonce, deviceKey);
    }

    /**
     * Returns the device key sealed for {@code deviceId}.
     *
     * @throws IllegalStateException naming the device when the sealed key was altered, belongs to another device or
     *     was sealed under another master key
     */
    byte[] open(String deviceId, byte[] nonce, byte[] sealed) {
        return run(Cipher.DECRYPT_MODE, deviceId, nonce, sealed);
    }

    private byte[] run(int mode, String deviceId, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, masterKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(deviceId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not %s the key of device %s: %s"
                    .formatted(mode == Cipher.ENCRYPT_MODE ? "seal" : "open", deviceId, e.getClass().getSimpleName()));
        }
    }
}
