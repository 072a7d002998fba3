package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.loan.FieldError;
import io.bankofthings.lending.readmodel.ProcessInstanceDetail.Incident;
import io.bankofthings.lending.readmodel.ProcessInstanceFilter;
import io.bankofthings.lending.readmodel.ProcessInstanceState;
import io.bankofthings.lending.readmodel.ProcessInstanceSummary;
import io.bankofthings.lending.readmodel.ProcessInstances;
import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What operators do with process instances: search and inspect them in the read model, retry an incident (give the
 * job retries back, then resolve the incident) and cancel an instance. Each action is audited with who, what,
 * when and on which instance, also when it is refused.
 */
@Service
public class OperationsService {

    static final String SUBJECT = "PROCESS_INSTANCE";
    static final String RETRY_INCIDENT = "RETRY_INCIDENT";
    static final String CANCEL_INSTANCE = "CANCEL_INSTANCE";
    static final int MAX_RETRIES = 10;
    private static final Pattern PROCESS_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,254}");
    private static final Logger LOG = LoggerFactory.getLogger(OperationsService.class);

    private final ProcessInstances instances;
    private final EngineCommands engine;
    private final AuditLog audit;

    OperationsService(ProcessInstances instances, EngineCommands engine, AuditLog audit) {
        this.instances = instances;
        this.engine = engine;
        this.audit = audit;
    }

    /** Search parameters as they come over HTTP; each may be null. */
    public record Query(
            String processId, String state, String businessKey, String startedFrom, String startedTo,
            String hasIncident, String limit, String offset) {}

    public InstanceList search(Query query) {
        var filter = filter(query);
        // one more row than asked tells whether a next page exists
        var rows = instances.search(new ProcessInstanceFilter(filter.processId(), filter.state(), filter.businessKey(),
                filter.startedFrom(), filter.startedTo(), filter.hasIncident(), filter.limit() + 1, filter.offset()));
        boolean more = rows.size() > filter.limit();
        return new InstanceList(more ? rows.subList(0, filter.limit()) : rows, filter.limit(), filter.offset(), more);
    }

    public InstanceView instance(long processInstanceKey) {
        var detail = instances.detail(processInstanceKey).orElseThrow(() -> notFound(processInstanceKey));
        return new InstanceView(detail, audit.about(SUBJECT, Long.toString(processInstanceKey)));
    }

    public OperatorActionResult retryIncident(long incidentKey, RetryIncidentRequest request, String actor) {
        int retries = request == null || request.retries() == null ? 1 : request.retries();
        String reason = request == null ? null : strip(request.reason());
        var errors = new ArrayList<FieldError>();
        if (retries < 1 || retries > MAX_RETRIES) {
            errors.add(new FieldError("retries", "must be 1 to " + MAX_RETRIES + ", was " + retries));
        }
        if (reason != null && (reason.length() < 3 || reason.length() > 500)) {
            errors.add(new FieldError("reason", "must be 3 to 500 characters, was " + reason.length()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidOperationsRequestException("The retry has invalid fields", errors);
        }
        Incident incident = instances.incident(incidentKey)
                .orElseThrow(() -> new OperationsNotFoundException("No incident " + incidentKey + " in the read model"));
        var detail = new LinkedHashMap<String, Object>();
        detail.put("incidentKey", incidentKey);
        detail.put("elementId", incident.elementId());
        detail.put("errorType", incident.errorType());
        if (incident.jobKey() != null) {
            detail.put("jobKey", incident.jobKey());
            detail.put("retries", retries);
        }
        if (reason != null) {
            detail.put("reason", reason);
        }
        if (!incident.active()) {
            refuse(actor, RETRY_INCIDENT, incident.processInstanceKey(), detail, "the incident is already resolved");
            throw new OperationRefusedException("Incident " + incidentKey + " is already resolved");
        }
        try {
            if (incident.jobKey() != null) {
                engine.updateRetries(incident.jobKey(), retries);
            }
            engine.resolveIncident(incidentKey);
        } catch (OperationRefusedException | EngineUnavailableException e) {
            refuse(actor, RETRY_INCIDENT, incident.processInstanceKey(), detail, e.getMessage());
            throw e;
        }
        audit.record(actor, RETRY_INCIDENT, SUBJECT, Long.toString(incident.processInstanceKey()),
                incident.processInstanceKey(), AuditEvent.DONE, detail);
        LOG.info("Operator {} retried incident {} of process instance {}", actor, incidentKey,
                incident.processInstanceKey());
        return new OperatorActionResult(RETRY_INCIDENT, incident.processInstanceKey(), incidentKey, incident.jobKey(),
                incident.jobKey() == null ? null : retries, actor);
    }

    public OperatorActionResult cancel(long processInstanceKey, CancelInstanceRequest request, String actor) {
        String reason = request == null ? null : strip(request.reason());
        if (reason == null || reason.length() < 3 || reason.length() > 500) {
            throw new InvalidOperationsRequestException("The cancellation has invalid fields", List.of(new FieldError(
                    "reason", "is required, 3 to 500 characters, was " + (reason == null ? 0 : reason.length()))));
        }
        ProcessInstanceSummary instance = instances.find(processInstanceKey).orElseThrow(() -> notFound(processInstanceKey));
        var detail = new LinkedHashMap<String, Object>();
        detail.put("reason", reason);
        detail.put("processId", instance.processId());
        detail.put("businessKeys", instance.businessKeys());
        if (instance.state() != ProcessInstanceState.ACTIVE) {
            refuse(actor, CANCEL_INSTANCE, processInstanceKey, detail, "the instance is " + instance.state());
            throw new OperationRefusedException("Process instance " + processInstanceKey + " is " + instance.state()
                    + ", only an active instance can be cancelled");
        }
        try {
            engine.cancelInstance(processInstanceKey);
        } catch (OperationRefusedException | EngineUnavailableException e) {
            refuse(actor, CANCEL_INSTANCE, processInstanceKey, detail, e.getMessage());
            throw e;
        }
        audit.record(actor, CANCEL_INSTANCE, SUBJECT, Long.toString(processInstanceKey), processInstanceKey,
                AuditEvent.DONE, detail);
        LOG.info("Operator {} cancelled process instance {} ({})", actor, processInstanceKey, instance.processId());
        return new OperatorActionResult(CANCEL_INSTANCE, processInstanceKey, null, null, null, actor);
    }

    private void refuse(String actor, String action, long processInstanceKey, Map<String, Object> detail, String why) {
        var refused = new LinkedHashMap<>(detail);
        refused.put("refusal", why);
        audit.record(actor, action, SUBJECT, Long.toString(processInstanceKey), processInstanceKey, AuditEvent.REFUSED,
                refused);
    }

    static ProcessInstanceFilter filter(Query query) {
        var errors = new ArrayList<FieldError>();
        String processId = blankToNull(query.processId());
        if (processId != null && !PROCESS_ID.matcher(processId).matches()) {
            errors.add(new FieldError("processId", "must be a BPMN process id (letters, digits, _ . -, at most 255)"));
        }
        ProcessInstanceState state = null;
        String stateText = blankToNull(query.state());
        if (stateText != null) {
            try {
                state = ProcessInstanceState.valueOf(stateText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "must be ACTIVE, COMPLETED or TERMINATED, was " + abbreviate(stateText)));
            }
        }
        String businessKey = blankToNull(query.businessKey());
        if (businessKey != null && businessKey.length() > 255) {
            errors.add(new FieldError("businessKey", "must be at most 255 characters, was " + businessKey.length()));
        }
        Instant from = instant(query.startedFrom(), "startedFrom", errors);
        Instant to = instant(query.startedTo(), "startedTo", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("startedTo", "must be after startedFrom"));
        }
        Boolean hasIncident = null;
        String incidentText = blankToNull(query.hasIncident());
        if (incidentText != null) {
            if (incidentText.equalsIgnoreCase("true") || incidentText.equalsIgnoreCase("false")) {
                hasIncident = Boolean.parseBoolean(incidentText);
            } else {
                errors.add(new FieldError("hasIncident", "must be true or false, was " + abbreviate(incidentText)));
            }
        }
        int limit = integer(query.limit(), "limit", ProcessInstanceFilter.DEFAULT_LIMIT, 1,
                ProcessInstanceFilter.MAX_LIMIT - 1, errors);
        int offset = integer(query.offset(), "offset", 0, 0, 1_000_000, errors);
        if (!errors.isEmpty()) {
            throw new InvalidOperationsRequestException("The search has invalid parameters", errors);
        }
        return new ProcessInstanceFilter(processId, state, businessKey, from, to, hasIncident, limit, offset);
    }

    private static Instant instant(String text, String field, List<FieldError> errors) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date (2026-12-01) or an instant (2026-12-01T08:00:00Z), was "
                    + abbreviate(value)));
            return null;
        }
    }

    private static int integer(String text, String field, int fallback, int min, int max, List<FieldError> errors) {
        String value = blankToNull(text);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max + ", was " + abbreviate(value)));
        return fallback;
    }

    private static OperationsNotFoundException notFound(long processInstanceKey) {
        return new OperationsNotFoundException("No process instance " + processInstanceKey + " in the read model");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
