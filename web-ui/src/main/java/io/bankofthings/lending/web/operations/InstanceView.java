package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.readmodel.ProcessInstanceDetail;
import io.bankofthings.lending.web.audit.AuditEvent;
import java.util.List;

/** One process instance for the operations console: the read model's detail and the operator actions on it. */
public record InstanceView(ProcessInstanceDetail detail, List<AuditEvent> operatorActions) {}
