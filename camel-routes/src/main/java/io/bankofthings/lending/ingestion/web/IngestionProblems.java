package io.bankofthings.lending.ingestion.web;

import io.bankofthings.lending.ingestion.RejectionReason;
import io.bankofthings.lending.storage.ObjectStoreException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the webhooks and the ingestion API: the reason code in {@code reason}, per-reading
 * refusals in {@code rejected}. A single refused reading maps to 400 (unreadable), 413 (too large), 409 (replayed)
 * or 422 (otherwise invalid or not authentic).
 */
@RestControllerAdvice(assignableTypes = {TelemetryWebhookController.class, IngestionApiController.class})
class IngestionProblems {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionProblems.class);
    private static final String TYPE_BASE = "https://bankofthings.io/problems/ingestion/";

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(WebhookRejectedException e) {
        HttpStatus status = e.rejections().size() > 1 ? HttpStatus.UNPROCESSABLE_ENTITY : statusOf(e.reason());
        ProblemDetail problem = problem(status, "Telemetry rejected", e.getMessage(), e.reason().name());
        problem.setProperty("reason", e.reason().name());
        problem.setProperty("rejected", e.rejections());
        return ResponseEntity.status(status).body(problem);
    }

    @ExceptionHandler(TelemetryWebhookController.UnknownPlatformException.class)
    ResponseEntity<ProblemDetail> unknownPlatform(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, "Unknown platform", e.getMessage(), "unknown-platform"));
    }

    @ExceptionHandler(TelemetryWebhookController.PlatformNotAuthenticatedException.class)
    ResponseEntity<ProblemDetail> notAuthenticated(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "PlatformSecret header=\"%s\"".formatted(TelemetryWebhookController.SECRET_HEADER))
                .body(problem(HttpStatus.UNAUTHORIZED, "Platform not authenticated", e.getMessage(), "platform-secret"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), "bad-request"));
    }

    @ExceptionHandler(IngestionApiController.ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), "forbidden"));
    }

    @ExceptionHandler({ObjectStoreException.class, DataAccessException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        LOG.warn("Ingestion request failed on storage: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable",
                        "Nothing was accepted; retry the same request later", "storage-unavailable"));
    }

    private static HttpStatus statusOf(RejectionReason reason) {
        return switch (reason) {
            case MALFORMED_JSON -> HttpStatus.BAD_REQUEST;
            case PAYLOAD_TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case REPLAYED -> HttpStatus.CONFLICT;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, String type) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create(TYPE_BASE + type.toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        return problem;
    }
}
