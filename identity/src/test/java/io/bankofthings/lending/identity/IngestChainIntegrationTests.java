package io.bankofthings.lending.identity;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The {@code /ingest/**} chain with platform credentials present: platform secret only, no token, no CSRF. */
@SpringBootTest(properties = "lending.keycloak.url=http://127.0.0.1:9")
@AutoConfigureMockMvc
class IngestChainIntegrationTests {

    @TestConfiguration
    static class Platforms {
        @Bean
        PlatformCredentials platformCredentials() {
            return (platform, secret) -> platform.equals("acme") && secret != null
                    && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), "acme-secret".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Autowired MockMvc mvc;

    @Test
    void platformWithItsSecretReachesTheHandlerWithoutCsrfOrSession() throws Exception {
        mvc.perform(post("/ingest/acme").header(PlatformCredentials.SECRET_HEADER, "acme-secret").content("{}"))
                .andExpect(status().isOk())
                .andExpect(content().string("ingested from platform:acme"))
                .andExpect(header().doesNotExist("Set-Cookie"));
    }

    @Test
    void wrongOrMissingSecretIsRefusedWith401Problem() throws Exception {
        mvc.perform(post("/ingest/acme").header(PlatformCredentials.SECRET_HEADER, "guess"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "PlatformSecret header=\"X-Platform-Secret\""))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("A valid X-Platform-Secret for platform 'acme' is required."));
        mvc.perform(post("/ingest/acme")).andExpect(status().isUnauthorized());
        mvc.perform(post("/ingest/other").header(PlatformCredentials.SECRET_HEADER, "acme-secret"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aUsersTokenDoesNotAuthenticateAPlatform() throws Exception {
        mvc.perform(post("/ingest/acme").with(jwt().jwt(token -> token.subject("bob-id"))))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void pathsOtherThanAPlatformAreNotFound() throws Exception {
        mvc.perform(post("/ingest/acme/deeper").header(PlatformCredentials.SECRET_HEADER, "acme-secret"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404));
    }
}
