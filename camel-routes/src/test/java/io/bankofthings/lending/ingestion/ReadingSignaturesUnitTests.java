package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ReadingSignaturesUnitTests {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static final TelemetryReading READING = new TelemetryReading("press-7",
            Instant.parse("2026-12-01T10:15:00.123456Z"), 42, 31.2304, 121.4737,
            new TelemetryMetrics(true, 1234.5, 3.0, null, -0.00001, 12L, false, Map.of("vibrationMmS", 0.75)));

    @Test
    void writesTheDocumentedCanonicalForm() {
        assertThat(ReadingSignatures.canonical(READING)).isEqualTo(String.join("\n",
                "v1", "press-7", "1796120100123456", "42", "31.2304", "121.4737",
                "currentAmps=3;inventoryCount=12;operatingHours=1234.5;powerOn=true;tamper=false;"
                        + "temperatureC=-0.00001;vibrationMmS=0.75"));
        assertThat(ReadingSignatures.canonical(new TelemetryReading("d", Instant.EPOCH, 0, null, null, TelemetryMetrics.NONE)))
                .isEqualTo("v1\nd\n0\n0\n\n\n");
    }

    @Test
    void signsWithHmacSha256OverTheCanonicalForm() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(
                ReadingSignatures.canonical(READING).getBytes(StandardCharsets.UTF_8)));

        assertThat(ReadingSignatures.sign(KEY, READING)).isEqualTo(expected);
        assertThat(ReadingSignatures.verify(KEY, READING, expected)).isTrue();
        assertThat(ReadingSignatures.verify(KEY, READING, expected.toUpperCase())).isTrue();
    }

    @Test
    void refusesAnotherKeyAChangedReadingAndNonHex() {
        String signature = ReadingSignatures.sign(KEY, READING);
        TelemetryReading changed = new TelemetryReading("press-7", READING.timestamp(), 43, READING.latitude(),
                READING.longitude(), READING.metrics());

        assertThat(ReadingSignatures.verify(new byte[32], READING, signature)).isFalse();
        assertThat(ReadingSignatures.verify(KEY, changed, signature)).isFalse();
        assertThat(ReadingSignatures.verify(KEY, READING, "not hex")).isFalse();
        assertThat(ReadingSignatures.verify(KEY, READING, signature.substring(2))).isFalse();
    }
}
