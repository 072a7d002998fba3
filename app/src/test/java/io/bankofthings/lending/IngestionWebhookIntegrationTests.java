package io.bankofthings.lending;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.ingestion.ReadingSignatures;
import io.bankofthings.lending.ingestion.TelemetryJson;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole application on its embedded defaults: an operator provisions a device key through the JWT-protected API,
 * a platform posts a signed reading through identity's {@code /ingest/**} chain with its secret, and the reading is
 * served back.
 */
@SpringBootTest
@AutoConfigureMockMvc
class IngestionWebhookIntegrationTests {

    private static final String SECRET = "app-test-generic-secret";

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.ingestion.platform-secrets.generic", () -> SECRET);
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;

    private static org.springframework.test.web.servlet.request.RequestPostProcessor operator() {
        return jwt().jwt(j -> j.subject("olga-id").claim("preferred_username", "olga"))
                .authorities(new SimpleGrantedAuthority("ROLE_operator"));
    }

    @Test
    void aPlatformPostsASignedReadingWithItsSecretAndOperatorsReadItBack() throws Exception {
        String press = "app-press-" + System.nanoTime();
        byte[] key = Base64.getDecoder().decode(json.readTree(mvc.perform(
                                post("/api/ingestion/devices/{id}/key", press).with(operator()))
                        .andExpect(status().isCreated())
                        .andReturn().getResponse().getContentAsString())
                .get("key").asText());
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        TelemetryReading reading = new TelemetryReading(press, ts, 1, null, null,
                new TelemetryMetrics(true, 12.5, null, null, null, null, null, Map.of()));
        byte[] body = TelemetryJson.toBytes(reading, ReadingSignatures.sign(key, reading));

        mvc.perform(post("/ingest/generic").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("A valid X-Platform-Secret for platform 'generic' is required."));
        mvc.perform(post("/ingest/generic").header("X-Platform-Secret", SECRET)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1));

        mvc.perform(get("/api/ingestion/devices/{id}/readings", press)
                        .param("from", ts.minusSeconds(1).toString()).param("to", ts.plusSeconds(1).toString()))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/ingestion/devices/{id}/readings", press).with(operator())
                        .param("from", ts.minusSeconds(1).toString()).param("to", ts.plusSeconds(1).toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].seq").value(1))
                .andExpect(jsonPath("$[0].metrics.operatingHours").value(12.5));
        mvc.perform(post("/api/ingestion/devices/{id}/key", press).with(jwt().jwt(j -> j.subject("bob-id"))
                        .authorities(new SimpleGrantedAuthority("ROLE_borrower"))))
                .andExpect(status().isForbidden());
    }
}
