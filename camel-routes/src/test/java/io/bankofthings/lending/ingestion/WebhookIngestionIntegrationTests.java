package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** {@code POST /ingest/{platform}} for each platform format, every rejection reason, an S3 outage and the queries. */
class WebhookIngestionIntegrationTests extends IngestionIntegrationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void storesASignedGenericReadingAndABatchAndServesThemBack() throws Exception {
        String press = unique("press");
        byte[] key = keys.provision(press, "test");
        TelemetryReading first = reading(press, 1, recent(30));
        TelemetryReading second = reading(press, 2, recent(20));
        TelemetryReading third = reading(press, 3, recent(10));

        webhook("generic", GENERIC_SECRET, signed(key, first).toString())
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.storage").value("WRITTEN"))
                .andExpect(jsonPath("$.rejected").isEmpty());
        ArrayNode batch = JSON.createArrayNode().add(signed(key, second)).add(signed(key, third));
        webhook("generic", GENERIC_SECRET, JSON.createObjectNode().set("readings", batch).toString())
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.received").value(2))
                .andExpect(jsonPath("$.accepted").value(2));

        assertThat(readingsOf(press, recent(60), recent(-1))).containsExactly(first, second, third);
        api(get("/api/ingestion/devices/{id}", press))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.highestSequence").value(3))
                .andExpect(jsonPath("$.lastSeen").value(third.timestamp().toString()));
    }

    @Test
    void storesThingsBoardGatewayTelemetryOfTwoDevices() throws Exception {
        String press = unique("press");
        String fridge = unique("fridge");
        byte[] pressKey = keys.provision(press, "test");
        byte[] fridgeKey = keys.provision(fridge, "test");
        TelemetryReading pressReading = new TelemetryReading(press, recent(5), 7, 48.1374, 11.5755,
                new TelemetryMetrics(true, 1234.5, null, null, null, null, null, Map.of("vibrationMmS", 0.5)));
        TelemetryReading fridgeReading = new TelemetryReading(fridge, recent(4), 9, null, null,
                new TelemetryMetrics(null, null, null, null, 4.5, 12L, false, Map.of()));
        String body = """
                {"%s": [{"ts": %d, "values": {"seq": 7, "latitude": 48.1374, "longitude": 11.5755, "powerOn": true,
                          "operatingHours": 1234.5, "vibrationMmS": 0.5, "sig": "%s"}}],
                 "%s": [{"ts": %d, "values": {"seq": 9, "temperatureC": 4.5, "inventoryCount": 12, "tamper": false,
                          "sig": "%s"}}]}"""
                .formatted(press, pressReading.timestamp().toEpochMilli(), ReadingSignatures.sign(pressKey, pressReading),
                        fridge, fridgeReading.timestamp().toEpochMilli(), ReadingSignatures.sign(fridgeKey, fridgeReading));

        webhook("thingsboard", THINGSBOARD_SECRET, body)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.platform").value("thingsboard"))
                .andExpect(jsonPath("$.accepted").value(2));

        assertThat(readingsOf(press, recent(60), recent(-1))).containsExactly(pressReading);
        assertThat(readingsOf(fridge, recent(60), recent(-1))).containsExactly(fridgeReading);
    }

    @Test
    void storesHuaweiIotdaPropertyReportsOneReadingPerService() throws Exception {
        String tracker = unique("tracker");
        byte[] key = keys.provision(tracker, "test");
        TelemetryReading located = new TelemetryReading(tracker, recent(3), 100, 31.2304, 121.4737,
                new TelemetryMetrics(true, null, 1.5, 20.25, null, null, null, Map.of("batteryLevel", 57.0)));
        TelemetryReading tampered = new TelemetryReading(tracker, recent(2), 101, null, null,
                new TelemetryMetrics(null, null, null, null, null, null, true, Map.of()));
        DateTimeFormatter iotda = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        String body = """
                {"resource": "device.property", "event": "report", "event_time": "%s",
                 "notify_data": {"header": {"device_id": "%s", "product_id": "tracker-v2", "app_id": "lending"},
                   "body": {"services": [
                     {"service_id": "Location", "event_time": "%s", "properties": {"seq": 100, "latitude": 31.2304,
                      "longitude": 121.4737, "powerOn": true, "currentAmps": 1.5, "energyKwh": 20.25, "batteryLevel": 57,
                      "sig": "%s"}},
                     {"service_id": "Alarm", "event_time": "%s", "properties": {"seq": 101, "tamper": true, "sig": "%s"}}
                   ]}}}"""
                .formatted(iotda.format(tampered.timestamp()), tracker,
                        iotda.format(located.timestamp()), ReadingSignatures.sign(key, located),
                        iotda.format(tampered.timestamp()), ReadingSignatures.sign(key, tampered));

        webhook("iotda", IOTDA_SECRET, body)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(2));

        assertThat(readingsOf(tracker, recent(60), recent(-1))).containsExactly(located, tampered);
    }

    @Test
    void refusesAWrongSecretAndAnUnknownPlatformWithoutStoringAnything() throws Exception {
        String press = unique("press");
        byte[] key = keys.provision(press, "test");
        String body = signed(key, reading(press, 1, recent(1))).toString();

        webhook("generic", "guess", body)
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("X-Platform-Secret")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("A valid X-Platform-Secret for platform 'generic' is required"));
        webhook("generic", THINGSBOARD_SECRET, body).andExpect(status().isUnauthorized());
        webhook("sigfox", GENERIC_SECRET, body)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Unknown platform"));

        assertThat(readingsOf(press, recent(60), recent(-1))).isEmpty();
    }

    /** Each way a reading can be bad, as a single-reading request. */
    enum Poison {
        MALFORMED_JSON(400), MISSING_FIELD(422), WRONG_TYPE(422), INVALID_VALUE(422), INVALID_TIMESTAMP(422),
        UNSIGNED(422), UNKNOWN_DEVICE(422), BAD_SIGNATURE(422), STALE_TIMESTAMP(422), FUTURE_TIMESTAMP(422),
        REPLAYED(409);

        final int status;

        Poison(int status) {
            this.status = status;
        }
    }

    @ParameterizedTest
    @EnumSource(Poison.class)
    void quarantinesEachPoisonedReadingWithItsReasonAndAnswersWithAProblem(Poison poison) throws Exception {
        String device = unique("poison");
        byte[] key = keys.provision(device, "test");
        RejectionReason reason = RejectionReason.valueOf(poison.name());
        if (poison == Poison.REPLAYED) {
            webhook("generic", GENERIC_SECRET, signed(key, reading(device, 5, recent(2))).toString())
                    .andExpect(status().isAccepted());
        }
        String body = switch (poison) {
            case MALFORMED_JSON -> "{\"deviceId\": \"%s\", \"seq\": ".formatted(device);
            case MISSING_FIELD -> signed(key, reading(device, 1, recent(1))).without("seq").toString();
            case WRONG_TYPE -> signed(key, reading(device, 1, recent(1))).put("seq", "one").toString();
            case INVALID_VALUE -> signed(key, reading(device, 1, recent(1))).put("lat", 91.0).toString();
            case INVALID_TIMESTAMP -> signed(key, reading(device, 1, recent(1))).put("ts", "yesterday").toString();
            case UNSIGNED -> signed(key, reading(device, 1, recent(1))).without("sig").toString();
            case UNKNOWN_DEVICE -> signed(key, reading(unique("stranger"), 1, recent(1))).toString();
            case BAD_SIGNATURE -> signed(key, reading(device, 1, recent(1))).put("seq", 2).toString();
            case STALE_TIMESTAMP -> signed(key, reading(device, 1, recent(60 * 24 * 31))).toString();
            case FUTURE_TIMESTAMP -> signed(key, reading(device, 1, recent(-10))).toString();
            case REPLAYED -> signed(key, reading(device, 5, recent(1))).toString();
        };
        long before = metrics.quarantinedCount(reason);
        long countedToday = quarantinedToday(reason);

        webhook("generic", GENERIC_SECRET, body)
                .andExpect(status().is(poison.status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value(reason.name()))
                .andExpect(jsonPath("$.detail").value(containsString(reason.name() + ": ")))
                .andExpect(jsonPath("$.rejected[0].reason").value(reason.name()));

        assertThat(metrics.quarantinedCount(reason)).isEqualTo(before + 1);
        assertThat(quarantinedToday(reason)).isEqualTo(countedToday + 1);
        JsonNode listed = JSON.readTree(api(get("/api/ingestion/quarantine").param("limit", "500"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        assertThat(listed.findValues("reason").stream().map(JsonNode::asText))
                .anyMatch(text -> text.startsWith(reason.name() + ": "));
        assertThat(readingsOf(device, recent(60 * 24 * 32), recent(-60)))
                .extracting(TelemetryReading::sequence)
                .containsExactlyElementsOf(poison == Poison.REPLAYED ? List.of(5L) : List.of());
    }

    @Test
    void acceptsTheGoodReadingsOfABatchListsTheBadOnesAndRemovesDuplicates() throws Exception {
        String press = unique("press");
        byte[] key = keys.provision(press, "test");
        TelemetryReading one = reading(press, 1, recent(3));
        TelemetryReading two = reading(press, 2, recent(2));
        ArrayNode batch = JSON.createArrayNode()
                .add(signed(key, one))
                .add(signed(key, two).put("sig", "00"))
                .add(signed(key, one))
                .add(signed(key, reading(press, 3, recent(1))));

        webhook("generic", GENERIC_SECRET, batch.toString())
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.received").value(4))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.duplicates").value(1))
                .andExpect(jsonPath("$.rejected.length()").value(1))
                .andExpect(jsonPath("$.rejected[0].index").value(1))
                .andExpect(jsonPath("$.rejected[0].reason").value("BAD_SIGNATURE"));

        assertThat(readingsOf(press, recent(60), recent(-1))).extracting(TelemetryReading::sequence).containsExactly(1L, 3L);
        webhook("generic", GENERIC_SECRET, batch.toString())
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.rejected.length()").value(4))
                .andExpect(jsonPath("$.rejected[0].reason").value("REPLAYED"));
    }

    @Test
    void keepsAcceptedReadingsInTheSpoolWhileS3IsDownAndWritesThemWhenItIsBack() throws Exception {
        String press = unique("press");
        byte[] key = keys.provision(press, "test");
        TelemetryReading during = reading(press, 1, recent(2));
        TelemetryReading rejected = reading(press, 2, recent(1));
        s3.stop();
        try {
            webhook("generic", GENERIC_SECRET, JSON.createArrayNode().add(signed(key, during))
                            .add(signed(key, rejected).without("sig")).toString())
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.accepted").value(1))
                    .andExpect(jsonPath("$.storage").value("SPOOLED"));
            assertThat(spool.size()).isGreaterThanOrEqualTo(2);
        } finally {
            s3.start();
        }
        await().atMost(TIMEOUT).until(() -> spool.size() == 0);
        assertThat(readingsOf(press, recent(60), recent(-1))).containsExactly(during);
        assertThat(quarantinedToday(RejectionReason.UNSIGNED)).isPositive();
        webhook("generic", GENERIC_SECRET, signed(key, during).toString()).andExpect(status().isConflict());
    }

    @Test
    void summarizesOperatingHoursPerDayTimeOutsideTheSiteAndLastSeen() throws Exception {
        String press = unique("press");
        byte[] key = keys.provision(press, "test");
        Instant dayStart = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        double[][] positions = {{48.1374, 11.5755}, {48.2000, 11.7000}, {48.1375, 11.5756}, {48.1374, 11.5755}};
        double[] hours = {100.0, 101.5, 103.0, 0.5};
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < 4; i++) {
            TelemetryReading r = new TelemetryReading(press, dayStart.plus(Duration.ofHours(2L * i + 1)), i + 1,
                    positions[i][0], positions[i][1],
                    new TelemetryMetrics(true, hours[i], null, null, null, null, null, Map.of()));
            batch.add(signed(key, r));
        }
        TelemetryReading today = new TelemetryReading(press, dayStart.plus(Duration.ofHours(25)), 5, 48.1374, 11.5755,
                new TelemetryMetrics(true, 2.0, null, null, null, null, null, Map.of()));
        if (today.timestamp().isBefore(Instant.now().minusSeconds(60))) {
            batch.add(signed(key, today));
        }
        webhook("generic", GENERIC_SECRET, batch.toString()).andExpect(status().isAccepted());

        JsonNode summary = JSON.readTree(api(get("/api/ingestion/devices/{id}/summary", press)
                        .param("from", dayStart.toString())
                        .param("to", dayStart.plus(Duration.ofDays(1)).toString())
                        .param("siteLat", "48.1374").param("siteLon", "11.5755").param("siteRadiusMetres", "500"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());

        assertThat(summary.get("readingCount").asInt()).isEqualTo(4);
        assertThat(summary.get("operatingHoursPerDay").get(LocalDate.ofInstant(dayStart, ZoneOffset.UTC).toString()).asDouble())
                .isEqualTo(3.0);
        assertThat(Duration.parse(summary.get("timeOutsideSite").asText())).isEqualTo(Duration.ofHours(2));
        assertThat(Instant.parse(summary.get("lastSeen").asText())).isEqualTo(dayStart.plus(Duration.ofHours(7)));
        api(get("/api/ingestion/devices/{id}/summary", press)
                        .param("from", dayStart.toString()).param("to", dayStart.plusSeconds(60).toString())
                        .param("siteLat", "48.1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("siteLat, siteLon and siteRadiusMetres must be given together"));
    }

    @Test
    void provisionsDeviceKeysOnlyForOperatorsAndShowsTheKeyOnce() throws Exception {
        String device = unique("gate");
        mvc.perform(post("/api/ingestion/devices/{id}/key", device).with(request -> {
                    request.addUserRole("borrower");
                    return request;
                }))
                .andExpect(status().isForbidden());
        JsonNode provisioned = JSON.readTree(api(post("/api/ingestion/devices/{id}/key", device))
                .andExpect(status().isCreated())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.algorithm").value("HmacSHA256"))
                .andReturn().getResponse().getContentAsByteArray());
        byte[] key = java.util.Base64.getDecoder().decode(provisioned.get("key").asText());
        assertThat(keys.keyOf(device)).hasValueSatisfying(stored -> assertThat(stored).isEqualTo(key));
        webhook("generic", GENERIC_SECRET, signed(key, reading(device, 1, recent(1))).toString())
                .andExpect(status().isAccepted());
    }

    private ObjectNode signed(byte[] key, TelemetryReading reading) {
        return TelemetryJson.toNode(reading, ReadingSignatures.sign(key, reading));
    }

    private ResultActions webhook(String platform, String secret, String body) throws Exception {
        return mvc.perform(post("/ingest/{platform}", platform)
                .header("X-Platform-Secret", secret)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body.getBytes(StandardCharsets.UTF_8)));
    }

    private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(r -> {
            r.addUserRole("operator");
            return r;
        }));
    }

    private List<TelemetryReading> readingsOf(String deviceId, Instant from, Instant to) throws Exception {
        byte[] body = api(get("/api/ingestion/devices/{id}/readings", deviceId)
                        .param("from", from.toString()).param("to", to.toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        TelemetryJsonParser parser = new TelemetryJsonParser();
        return java.util.stream.StreamSupport.stream(JSON.readTree(body).spliterator(), false)
                .map(node -> parser.read(node, null).reading())
                .toList();
    }

    private long quarantinedToday(RejectionReason reason) throws Exception {
        JsonNode counts = JSON.readTree(api(get("/api/ingestion/quarantine/counts"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        return counts.path("byReason").path(reason.name()).asLong(0);
    }
}
