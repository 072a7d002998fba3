package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The loan journey over real HTTP with tokens issued by the real Keycloak (started by {@code ./lending test} through
 * {@code infra/keycloak.sh}): a borrower's token is accepted and scoped to their own loans, other roles are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeycloakLoanJourneyIT {

    static final String KEYCLOAK = System.getenv().getOrDefault("LENDING_KEYCLOAK_URL", "http://127.0.0.1:18080");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.keycloak.url", () -> KEYCLOAK);
    }

    @LocalServerPort int port;
    @Autowired ObjectMapper json;

    @BeforeAll
    static void keycloakIsUp() {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/lending")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).as("realm lending at %s", KEYCLOAK).isEqualTo(200);
        } catch (Exception e) {
            fail("Keycloak is not reachable at " + KEYCLOAK + ": start it with infra/keycloak.sh start (./lending test does)", e);
        }
    }

    static String token(String user) throws Exception {
        String form = "grant_type=password&client_id=lending-cli&username=" + user + "&password="
                + URLEncoder.encode(user + "-pw", StandardCharsets.UTF_8);
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/lending/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("token for %s: %s", user, response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("access_token").asText();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void borrowerWithARealTokenGetsALoanDisbursed() throws Exception {
        String bob = token("bob");
        // van-1 is a demo GPS tracker (lending.collateral.seed-demo-devices) at the Munich depot
        var submitted = call("POST", "/api/loan-applications", bob, LoanTestData.application(1_500_000, 36, "ANNUITY",
                "VEHICLE", 6_000_000, "VIN-" + java.util.UUID.randomUUID().toString().substring(0, 8), "van-1", "GPS_TRACKER"));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String loanId = json.readTree(submitted.body()).get("loanId").asText();

        JsonNode state;
        Instant deadline = Instant.now().plusSeconds(90);
        do {
            Thread.sleep(200);
            var read = call("GET", "/api/loan-applications/" + loanId, bob, null);
            assertThat(read.statusCode()).isEqualTo(200);
            state = json.readTree(read.body());
        } while (!state.get("status").asText().equals("OFFERED") && Instant.now().isBefore(deadline));
        assertThat(state.get("status").asText()).isEqualTo("OFFERED");
        assertThat(call("POST", "/api/loan-applications/" + loanId + "/offer/accept", bob, null).statusCode()).isEqualTo(202);
        deadline = Instant.now().plusSeconds(90);
        do {
            Thread.sleep(200);
            state = json.readTree(call("GET", "/api/loan-applications/" + loanId, bob, null).body());
        } while (!state.get("status").asText().equals("DISBURSED") && Instant.now().isBefore(deadline));
        assertThat(state.get("status").asText()).isEqualTo("DISBURSED");

        assertThat(call("GET", "/api/loan-applications/" + loanId, token("carol"), null).statusCode())
                .as("another borrower").isEqualTo(404);
        assertThat(call("GET", "/api/loan-applications/" + loanId, token("uma"), null).statusCode())
                .as("an underwriter").isEqualTo(200);
        assertThat(call("POST", "/api/loan-applications", token("anna"), "{}").statusCode())
                .as("an analyst cannot apply").isEqualTo(403);
        assertThat(call("GET", "/api/loan-applications/" + loanId, null, null).statusCode())
                .as("no token").isEqualTo(401);
        assertThat(call("GET", "/api/loan-applications/" + loanId, bob + "tampered", null).statusCode())
                .as("a tampered token").isEqualTo(401);
    }
}
