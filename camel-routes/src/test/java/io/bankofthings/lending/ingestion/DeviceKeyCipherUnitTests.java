package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeyCipherUnitTests {

    private static final byte[] MASTER = new byte[32];
    private static final byte[] DEVICE_KEY = "device-key-of-press-7-32-bytes!!".getBytes();

    @Test
    void sealedKeyOpensOnlyForItsDeviceUnderItsMasterKey() {
        DeviceKeyCipher cipher = new DeviceKeyCipher(MASTER);
        byte[] nonce = cipher.newNonce();
        byte[] sealed = cipher.seal("press-7", nonce, DEVICE_KEY);

        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("device-k");
        assertThat(cipher.open("press-7", nonce, sealed)).isEqualTo(DEVICE_KEY);
        assertThatIllegalStateException().isThrownBy(() -> cipher.open("press-8", nonce, sealed))
                .withMessage("Could not open the key of device press-8: AEADBadTagException");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatIllegalStateException().isThrownBy(() -> new DeviceKeyCipher(other).open("press-7", nonce, sealed));
        byte[] tampered = sealed.clone();
        tampered[0] ^= 1;
        assertThatIllegalStateException().isThrownBy(() -> cipher.open("press-7", nonce, tampered));
    }

    @Test
    void takesTheMasterKeyFromTheSettingsOrCreatesTheFileOnce(@TempDir Path dir) throws Exception {
        String encoded = Base64.getEncoder().encodeToString(MASTER);
        assertThatIllegalArgumentException().isThrownBy(() -> new DeviceKeyCipher(new byte[16]))
                .withMessage("Master key must be 32 bytes, was 16");
        assertThatIllegalStateException().isThrownBy(() -> DeviceKeyCipher.fromSettings(settings(null, null)))
                .withMessageContaining("LENDING_INGESTION_MASTER_KEY");
        assertThatIllegalStateException().isThrownBy(() -> DeviceKeyCipher.fromSettings(settings("c2hvcnQ=", null)))
                .withMessageContaining("base64 of 32 bytes");

        DeviceKeyCipher fromValue = DeviceKeyCipher.fromSettings(settings(encoded, null));
        byte[] nonce = fromValue.newNonce();
        assertThat(new DeviceKeyCipher(MASTER).open("d", nonce, fromValue.seal("d", nonce, DEVICE_KEY))).isEqualTo(DEVICE_KEY);

        Path file = dir.resolve("secrets/master.key");
        DeviceKeyCipher created = DeviceKeyCipher.fromSettings(settings(null, file.toString()));
        String written = Files.readString(file);
        DeviceKeyCipher reread = DeviceKeyCipher.fromSettings(settings(null, file.toString()));
        assertThat(Files.readString(file)).isEqualTo(written);
        assertThat(Base64.getDecoder().decode(written)).hasSize(32);
        assertThat(reread.open("d", nonce, created.seal("d", nonce, DEVICE_KEY))).isEqualTo(DEVICE_KEY);
    }

    private static IngestionSettings settings(String masterKey, String masterKeyFile) {
        return new IngestionSettings(Map.of("generic", "s"), masterKey, masterKeyFile, true, Duration.ofDays(30),
                Duration.ofMinutes(5), 5000, Duration.ofSeconds(5), 5000);
    }
}
