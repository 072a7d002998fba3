package io.bankofthings.lending;

import io.bankofthings.lending.identity.PlatformCredentials;
import io.bankofthings.lending.ingestion.web.PlatformSecrets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets identity's {@code /ingest/**} chain check platform secrets with the ingestion module's
 * {@link PlatformSecrets}; neither module depends on the other.
 */
@Configuration(proxyBeanMethods = false)
class IngestionSecurityWiring {

    @Bean
    PlatformCredentials platformCredentials(PlatformSecrets secrets) {
        return secrets::matches;
    }
}
