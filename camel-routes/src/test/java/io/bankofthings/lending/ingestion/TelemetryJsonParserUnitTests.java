package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryJsonParserUnitTests {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final TelemetryJsonParser parser = new TelemetryJsonParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private TelemetryReading parse(String json, String transportDeviceId) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), transportDeviceId);
    }

    @Test
    void parsesAllKnownFieldsAndKeepsUnknownMetrics() {
        TelemetryReading reading = parse(
                """
                {"deviceId":"press-7","ts":"2026-11-22T10:00:00.5Z","seq":42,"lat":31.2304,"lon":121.4737,"fw":"1.2",
                 "metrics":{"powerOn":true,"operatingHours":1234.5,"currentAmps":3,"energyKwh":87.125,
                            "temperatureC":-4.5,"inventoryCount":17,"tamper":false,"vibrationMmS":0.75,"doorOpen":true,
                            "rssi":null}}
                """,
                "press-7");

        assertThat(reading)
                .isEqualTo(new TelemetryReading(
                        "press-7",
                        Instant.parse("2026-11-22T10:00:00.5Z"),
                        42,
                        31.2304,
                        121.4737,
                        new TelemetryMetrics(
                                true, 1234.5, 3.0, 87.125, -4.5, 17L, false, Map.of("vibrationMmS", 0.75, "doorOpen", 1.0))));
    }

    @Test
    void acceptsEpochMillisOffsetTimestampsAndTheTransportDeviceIdAlone() {
        assertThat(parse("{\"ts\":1795341600000,\"seq\":0}", "fridge-2"))
                .isEqualTo(new TelemetryReading("fridge-2", Instant.parse("2026-11-22T10:00:00Z"), 0, null, null, TelemetryMetrics.NONE));
        assertThat(parse("{\"ts\":\"2026-11-22T12:00:00+02:00\",\"seq\":1}", "fridge-2").timestamp())
                .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Test
    void takesTheDeviceIdFromThePayloadWithoutTransportDeviceId() {
        assertThat(parse("{\"deviceId\":\"tracker-1\",\"ts\":1795341600000,\"seq\":3}", null).deviceId())
                .isEqualTo("tracker-1");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            MALFORMED_JSON     | {"ts":"2026-11-22T10:00:00Z","seq":1                                  | Unexpected end-of-input
            MALFORMED_JSON     | {"ts":"2026-11-22T10:00:00Z","seq":1,"seq":2}                        | Duplicate field 'seq'
            MALFORMED_JSON     | {"ts":"2026-11-22T10:00:00Z","seq":1} {}                             | Trailing token
            WRONG_TYPE         | [1,2,3]                                                              | payload must be a JSON object
            MISSING_FIELD      | {"seq":1}                                                            | ts is required
            MISSING_FIELD      | {"ts":"2026-11-22T10:00:00Z"}                                        | seq is required
            WRONG_TYPE         | {"ts":true,"seq":1}                                                  | ts must be an ISO-8601 string or integral epoch millis, was BOOLEAN true
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":"42"}                             | seq must be an integer, was STRING "42"
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":1.5}                              | seq must be an integer
            WRONG_TYPE         | {"deviceId":7,"ts":"2026-11-22T10:00:00Z","seq":1}                   | deviceId must be a string
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":1,"lat":"31.2","lon":121.4}       | lat must be a number, was STRING "31.2"
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":1,"metrics":[1]}                  | metrics must be an object
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":1,"metrics":{"powerOn":"yes"}}    | metric 'powerOn' must be a boolean, was STRING "yes"
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":1,"metrics":{"temperatureC":"4"}} | metric 'temperatureC' must be a number
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":1,"metrics":{"inventoryCount":2.5}} | metric 'inventoryCount' must be an integer
            WRONG_TYPE         | {"ts":"2026-11-22T10:00:00Z","seq":1,"metrics":{"mode":"eco"}}       | metric 'mode' must be a number or boolean, was STRING "eco"
            INVALID_VALUE      | {"ts":"2026-11-22T10:00:00Z","seq":-1}                               | seq must not be negative: -1
            INVALID_VALUE      | {"ts":"2026-11-22T10:00:00Z","seq":1,"lat":91.0,"lon":0}             | lat out of range [-90, 90]: 91.0
            INVALID_VALUE      | {"ts":"2026-11-22T10:00:00Z","seq":1,"lat":10.0}                     | lat and lon must be given together
            INVALID_VALUE      | {"ts":"2026-11-22T10:00:00Z","seq":1,"metrics":{"inventoryCount":-3}} | metric 'inventoryCount' must not be negative: -3
            INVALID_TIMESTAMP  | {"ts":"yesterday","seq":1}                                           | ts 'yesterday' is not an ISO-8601 instant
            INVALID_TIMESTAMP  | {"ts":"2026-11-22T10:00:00","seq":1}                                 | ts '2026-11-22T10:00:00' is not an ISO-8601 instant
            INVALID_TIMESTAMP  | {"ts":0,"seq":1}                                                     | ts 1970-01-01T00:00:00Z outside plausible range
            INVALID_TIMESTAMP  | {"ts":"2026-11-24T12:00:00Z","seq":1}                                | ts 2026-11-24T12:00:00Z outside plausible range
            DEVICE_ID_MISMATCH | {"deviceId":"press-8","ts":"2026-11-22T10:00:00Z","seq":1}           | transport device 'press-7', payload deviceId 'press-8'
            """)
    void rejectsWithReasonAndOffendingValue(RejectionReason reason, String json, String detail) {
        assertThatThrownBy(() -> parse(json, "press-7"))
                .isInstanceOfSatisfying(TelemetryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(reason + ": ")
                .hasMessageContaining(detail);
    }

    @Test
    void rejectsAMissingDeviceIdWithoutTransportDeviceId() {
        assertThatThrownBy(() -> parse("{\"ts\":\"2026-11-22T10:00:00Z\",\"seq\":1}", null))
                .isInstanceOfSatisfying(
                        TelemetryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_FIELD))
                .hasMessageContaining("deviceId is required");
    }

    @Test
    void rejectsDeviceIdsWithCharactersOutsideThePattern() {
        assertThatThrownBy(() -> parse("{\"ts\":\"2026-11-22T10:00:00Z\",\"seq\":1}", "press 7\n"))
                .isInstanceOfSatisfying(
                        TelemetryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_VALUE))
                .hasMessageContaining("deviceId 'press 7\n' does not match");
    }

    @Test
    void rejectsPayloadsThatAreNotUtf8OrTooLarge() {
        assertThatThrownBy(() -> parser.parse(new byte[] {'{', (byte) 0xff, '}'}, "press-7"))
                .isInstanceOfSatisfying(
                        TelemetryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_JSON));
        assertThatThrownBy(() -> parser.parse(new byte[TelemetryJsonParser.MAX_PAYLOAD_BYTES + 1], "press-7"))
                .isInstanceOfSatisfying(
                        TelemetryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.PAYLOAD_TOO_LARGE))
                .hasMessageContaining("65537 bytes, limit 65536");
        assertThatThrownBy(() -> parser.parse(new byte[0], "press-7"))
                .isInstanceOfSatisfying(
                        TelemetryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_JSON));
    }
}
