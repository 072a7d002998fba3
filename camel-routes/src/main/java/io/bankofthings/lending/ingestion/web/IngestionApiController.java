package io.bankofthings.lending.ingestion.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankofthings.lending.ingestion.DeviceKeys;
import io.bankofthings.lending.ingestion.IngestionMetrics;
import io.bankofthings.lending.ingestion.ReadingSignatures;
import io.bankofthings.lending.ingestion.RejectionReason;
import io.bankofthings.lending.ingestion.SequenceHighWaterMarks;
import io.bankofthings.lending.ingestion.StorageMaintenance;
import io.bankofthings.lending.ingestion.TelemetryJson;
import io.bankofthings.lending.storage.QuarantineStore;
import io.bankofthings.lending.storage.QuarantinedMessage;
import io.bankofthings.lending.storage.TelemetryQueries;
import io.bankofthings.lending.storage.TelemetryRetention;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ingestion API under {@code /api/ingestion} (JWT chain of {@code identity}): device keys (admin, operator),
 * quarantine and telemetry queries (admin, operator, analyst, underwriter), the last storage maintenance runs (admin,
 * operator).
 */
@RestController
@RequestMapping("/api/ingestion")
class IngestionApiController {

    /** Most quarantine entries one request lists. */
    static final int MAX_QUARANTINE_LIMIT = 500;

    private static final List<String> PROVISIONING_ROLES = List.of("admin", "operator");
    private static final List<String> OPERATOR_ROLES = List.of("admin", "operator");
    private static final List<String> READING_ROLES = List.of("admin", "operator", "analyst", "underwriter");

    private final DeviceKeys keys;
    private final SequenceHighWaterMarks sequences;
    private final QuarantineStore quarantine;
    private final TelemetryQueries queries;
    private final IngestionMetrics metrics;
    private final StorageMaintenance maintenance;
    private final TelemetryRetention retention;

    IngestionApiController(
            DeviceKeys keys,
            SequenceHighWaterMarks sequences,
            QuarantineStore quarantine,
            TelemetryQueries queries,
            IngestionMetrics metrics,
            StorageMaintenance maintenance,
            TelemetryRetention retention) {
        this.keys = keys;
        this.sequences = sequences;
        this.quarantine = quarantine;
        this.queries = queries;
        this.metrics = metrics;
        this.maintenance = maintenance;
        this.retention = retention;
    }

    /** A device key, shown once on provisioning. */
    record ProvisionedKey(String deviceId, String algorithm, String signatureFormat, String key) {}

    /** Where a device's readings stand. */
    record DeviceStatus(String deviceId, @Nullable Long highestSequence, @Nullable Instant lastSeen) {}

    /** One quarantined message, without its payload bytes. */
    record QuarantineEntry(String key, String reasonCode, String reason, String source, Instant receivedAt, int payloadBytes) {}

    /** Quarantine counts of one day (from S3) and since the application started (meters). */
    record QuarantineCounts(LocalDate date, Map<String, Long> byReason, long total, Map<RejectionReason, Long> sinceStart) {}

    /** The last compaction and retention runs (by any replica) and the retention of each tier. */
    record StorageMaintenanceStatus(
            StorageMaintenance.@Nullable Run compaction, StorageMaintenance.@Nullable Run retention, Map<String, String> retentionByTier) {}

    @PostMapping("/devices/{deviceId}/key")
    ResponseEntity<ProvisionedKey> provisionKey(@PathVariable String deviceId, HttpServletRequest request) {
        requireRole(request, PROVISIONING_ROLES);
        byte[] key = keys.provision(deviceId, request.getUserPrincipal() == null ? "unknown" : request.getUserPrincipal().getName());
        try {
            return ResponseEntity.status(HttpStatus.CREATED)
                    .cacheControl(CacheControl.noStore())
                    .body(new ProvisionedKey(deviceId, "HmacSHA256", ReadingSignatures.VERSION,
                            Base64.getEncoder().encodeToString(key)));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @GetMapping("/devices/{deviceId}")
    DeviceStatus device(@PathVariable String deviceId, HttpServletRequest request) {
        requireRole(request, READING_ROLES);
        return sequences.of(deviceId)
                .map(mark -> new DeviceStatus(deviceId, mark.highWater(), mark.lastSeen()))
                .orElse(new DeviceStatus(deviceId, null, null));
    }

    @GetMapping("/devices/{deviceId}/readings")
    List<ObjectNode> readings(
            @PathVariable String deviceId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            HttpServletRequest request) {
        requireRole(request, READING_ROLES);
        return queries.readings(deviceId, from, to).stream().map(reading -> TelemetryJson.toNode(reading, null)).toList();
    }

    @GetMapping("/devices/{deviceId}/summary")
    TelemetryQueries.DeviceSummary summary(
            @PathVariable String deviceId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) @Nullable Double siteLat,
            @RequestParam(required = false) @Nullable Double siteLon,
            @RequestParam(required = false) @Nullable Double siteRadiusMetres,
            HttpServletRequest request) {
        requireRole(request, READING_ROLES);
        TelemetryQueries.Site site = null;
        if (siteLat != null || siteLon != null || siteRadiusMetres != null) {
            if (siteLat == null || siteLon == null || siteRadiusMetres == null) {
                throw new IllegalArgumentException("siteLat, siteLon and siteRadiusMetres must be given together");
            }
            site = new TelemetryQueries.Site(siteLat, siteLon, siteRadiusMetres);
        }
        return queries.summary(deviceId, from, to, site);
    }

    @GetMapping("/quarantine")
    List<QuarantineEntry> quarantined(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
            @RequestParam(defaultValue = "50") int limit,
            HttpServletRequest request) {
        requireRole(request, READING_ROLES);
        if (limit < 1 || limit > MAX_QUARANTINE_LIMIT) {
            throw new IllegalArgumentException("limit must be within [1, %d]: %d".formatted(MAX_QUARANTINE_LIMIT, limit));
        }
        return quarantine.newest(date == null ? today() : date, limit).stream()
                .map(key -> {
                    QuarantinedMessage message = quarantine.read(key);
                    return new QuarantineEntry(key, QuarantineStore.reasonCode(message.reason()), message.reason(),
                            message.source(), message.receivedAt(), message.payload().length);
                })
                .toList();
    }

    @GetMapping("/quarantine/counts")
    QuarantineCounts quarantineCounts(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
            HttpServletRequest request) {
        requireRole(request, READING_ROLES);
        LocalDate day = date == null ? today() : date;
        Map<String, Long> counts = quarantine.countsByReason(day);
        Map<RejectionReason, Long> sinceStart = new EnumMap<>(RejectionReason.class);
        for (RejectionReason reason : RejectionReason.values()) {
            sinceStart.put(reason, metrics.quarantinedCount(reason));
        }
        return new QuarantineCounts(day, counts, counts.values().stream().mapToLong(Long::longValue).sum(), sinceStart);
    }

    @GetMapping("/storage/maintenance")
    StorageMaintenanceStatus storageMaintenance(HttpServletRequest request) {
        requireRole(request, OPERATOR_ROLES);
        Map<String, String> tiers = new LinkedHashMap<>();
        retention.tiers().forEach(tier -> tiers.put(tier.name(), tier.retention() == null ? "forever" : tier.retention().toString()));
        return new StorageMaintenanceStatus(
                maintenance.last(StorageMaintenance.Job.COMPACTION).orElse(null),
                maintenance.last(StorageMaintenance.Job.RETENTION).orElse(null),
                tiers);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static void requireRole(HttpServletRequest request, List<String> roles) {
        if (roles.stream().noneMatch(request::isUserInRole)) {
            throw new ForbiddenException("This request needs one of the roles " + roles);
        }
    }

    /** The caller's roles do not allow the request. */
    static final class ForbiddenException extends RuntimeException {
        ForbiddenException(String message) {
            super(message);
        }
    }
}
