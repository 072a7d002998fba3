package io.bankofthings.lending.ingestion.web;

import io.bankofthings.lending.ingestion.IngestionHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ingest/{platform}}: authenticates the platform by its shared secret in {@value #SECRET_HEADER} and
 * hands the body to {@link TelemetryWebhookRoute}; answers 202 with a {@link WebhookReceipt} once the accepted
 * readings are durable. Refusals are RFC 9457 problem details ({@link IngestionProblems}).
 */
@RestController
class TelemetryWebhookController {

    /** Header carrying the platform's shared secret. */
    static final String SECRET_HEADER = "X-Platform-Secret";

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryWebhookController.class);

    private final PlatformSecrets secrets;
    private final WebhookIngestion ingestion;
    private final ProducerTemplate producer;

    TelemetryWebhookController(PlatformSecrets secrets, WebhookIngestion ingestion, ProducerTemplate producer) {
        this.secrets = secrets;
        this.ingestion = ingestion;
        this.producer = producer;
    }

    @PostMapping("/ingest/{platform}")
    ResponseEntity<WebhookReceipt> ingest(
            @PathVariable String platform,
            @RequestHeader(name = SECRET_HEADER, required = false) @Nullable String secret,
            @RequestBody(required = false) byte @Nullable [] body,
            HttpServletRequest request) {
        if (!ingestion.supports(platform)) {
            throw new UnknownPlatformException(platform);
        }
        if (!secrets.matches(platform, secret)) {
            LOG.warn("Refused webhook for platform {}: {}", platform, secret == null ? "no secret" : "wrong secret");
            throw new PlatformNotAuthenticatedException(platform);
        }
        try {
            WebhookReceipt receipt = producer.requestBodyAndHeaders(
                    TelemetryWebhookRoute.ENDPOINT,
                    body == null ? new byte[0] : body,
                    Map.of(TelemetryWebhookRoute.PLATFORM, platform, IngestionHeaders.SOURCE, request.getRequestURI()),
                    WebhookReceipt.class);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(receipt);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The path names a platform without an adapter. */
    static final class UnknownPlatformException extends RuntimeException {
        UnknownPlatformException(String platform) {
            super("No IoT platform '%s'; known: generic, thingsboard, iotda".formatted(
                    platform.length() <= 32 ? platform : platform.substring(0, 32)));
        }
    }

    /** The request lacks the platform's secret or carries a wrong one. */
    static final class PlatformNotAuthenticatedException extends RuntimeException {
        PlatformNotAuthenticatedException(String platform) {
            super("A valid %s for platform '%s' is required".formatted(SECRET_HEADER, platform));
        }
    }
}
